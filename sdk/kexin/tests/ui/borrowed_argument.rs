use kexin::prelude::*;

#[contract]
pub struct Registry {
    names: Map<String, Addr>,
}

#[contract]
impl Registry {
    pub fn register(&mut self, name: &str) {
        let _ = name;
    }
}

fn main() {}
