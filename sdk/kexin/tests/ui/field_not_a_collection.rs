use kexin::prelude::*;

#[contract]
pub struct Counter {
    count: u64,
}

fn main() {}
