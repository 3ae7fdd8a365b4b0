//! `#[contract]` on the struct: bind each field to its storage prefix, record the layout.

use kexin_abi::{Fragment, StorageDef, StorageLayout};
use proc_macro2::TokenStream;
use quote::quote;

use super::abi;
use crate::model::ContractStruct;

pub fn generate(model: &ContractStruct) -> TokenStream {
    let item = &model.item;
    let name = &item.ident;
    let bindings = model.fields.iter().enumerate().map(|(i, field)| {
        let ident = &field.ident;
        let ty = &field.ty;
        let index = i as u8;
        quote! {
            #ident: <#ty as ::kexin::__private::Storage>::at(::kexin::__private::Prefix::field(#index))
        }
    });
    let layout = Fragment::Storage(StorageLayout {
        contract: name.to_string(),
        fields: model
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| StorageDef {
                name: f.ident.to_string(),
                prefix: vec![i as u8],
                ty: f.abi_ty.clone(),
            })
            .collect(),
    });
    let section = abi::section(&layout);
    quote! {
        #item

        impl ::kexin::__private::ContractState for #name {
            fn instance() -> Self {
                #name { #(#bindings),* }
            }
        }

        #section
    }
}
