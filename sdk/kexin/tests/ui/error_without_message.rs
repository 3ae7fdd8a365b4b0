use kexin::prelude::*;

#[error]
pub enum ShopError {
    #[msg("the shop is closed")]
    Closed,
    OutOfStock,
}

fn main() {}
