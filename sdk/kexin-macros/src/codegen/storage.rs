//! `#[contract]` on the struct: bind each field to its storage prefix, record the layout.

use kexin_abi::{Fragment, StorageDef, StorageLayout};
use proc_macro2::TokenStream;
use quote::quote;

use super::abi;
use crate::model::ContractStruct;

pub fn generate(model: &ContractStruct) -> TokenStream {
    let item = &model.item;
    let name = &item.ident;
    let bindings = model.fields.iter().map(|field| {
        let ident = &field.ident;
        quote! { #ident: ::kexin::__private::Storage::NEW }
    });
    let layout = Fragment::Storage(StorageLayout {
        contract: name.to_string(),
        fields: model
            .fields
            .iter()
            .map(|f| StorageDef {
                name: f.ident.to_string(),
                prefix: vec![f.prefix],
                ty: f.abi_ty.clone(),
            })
            .collect(),
    });
    let section = abi::section(&layout);
    quote! {
        #item

        impl ::kexin::__private::ContractState for #name {
            #[inline(always)]
            fn instance() -> Self {
                #name { #(#bindings),* }
            }
        }

        #section
    }
}
