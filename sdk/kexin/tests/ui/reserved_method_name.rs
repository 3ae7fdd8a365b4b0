use kexin::prelude::*;

#[contract]
pub struct Counter {
    count: Item<u64>,
}

#[contract]
impl Counter {
    pub fn memory(&self) -> u64 {
        0
    }
}

fn main() {}
