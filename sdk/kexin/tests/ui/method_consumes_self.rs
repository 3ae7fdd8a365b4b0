use kexin::prelude::*;

#[contract]
pub struct Counter {
    count: Item<u64>,
}

#[contract]
impl Counter {
    pub fn take(self) -> u64 {
        0
    }
}

fn main() {}
