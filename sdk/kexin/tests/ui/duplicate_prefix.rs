use kexin::prelude::*;

#[contract]
pub struct Ledger {
    #[prefix(3)]
    balances: Map<Addr, u128>,
    #[prefix(3)]
    limits: Map<Addr, u128>,
}

fn main() {}
