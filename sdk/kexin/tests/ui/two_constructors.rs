use kexin::prelude::*;

#[contract]
pub struct Counter {
    count: Item<u64>,
}

#[contract]
impl Counter {
    #[init]
    pub fn new(&mut self) {}

    #[init]
    pub fn again(&mut self) {}
}

fn main() {}
