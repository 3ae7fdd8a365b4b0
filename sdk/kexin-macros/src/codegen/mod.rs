//! Code generation, one module per concern.

mod abi;
mod client;
mod data;
mod dispatch;
mod storage;

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use crate::model::{ContractImpl, ContractStruct};

pub use data::{data, error, event};

/// `#[contract]` on a struct (storage) or an impl block (methods).
pub fn contract(attr: TokenStream, item: syn::Item) -> syn::Result<TokenStream> {
    no_arguments(&attr, "contract")?;
    match item {
        syn::Item::Struct(s) => {
            let model = ContractStruct::parse(s)?;
            Ok(storage::generate(&model))
        }
        syn::Item::Impl(i) => {
            let model = ContractImpl::parse(i)?;
            let item = &model.item;
            let dispatch = dispatch::generate(&model);
            let client = client::generate(&model);
            Ok(quote::quote! {
                #item
                #dispatch
                #client
            })
        }
        other => Err(syn::Error::new(
            other.span(),
            "put #[contract] on the contract's struct and on its `impl` block",
        )),
    }
}

fn no_arguments(attr: &TokenStream, name: &str) -> syn::Result<()> {
    if attr.is_empty() {
        Ok(())
    } else {
        Err(syn::Error::new(
            attr.span(),
            format!("#[{name}] takes no arguments"),
        ))
    }
}
