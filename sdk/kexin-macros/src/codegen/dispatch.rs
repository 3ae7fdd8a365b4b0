//! `#[contract]` on the impl block: one wasm export per method, the native export table,
//! and the contract's ABI fragment.

use kexin_abi::{ContractDef, FieldDef, Fragment, MethodDef, MethodKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::abi;
use crate::model::{ContractImpl, Method, Output};
use crate::types;

/// The body of a method's entry point: decode arguments, run, encode the outcome.
///
/// Arguments are decoded one at a time, so each type's decoder is shared by every method.
fn entry_body(contract: &syn::Ident, method: &Method) -> TokenStream {
    let ident = &method.ident;
    let names: Vec<_> = method.args.iter().map(|a| &a.ident).collect();
    let types: Vec<_> = method.args.iter().map(|a| &a.ty).collect();
    let decode = if method.args.is_empty() {
        quote! { ::kexin::__private::no_args(); }
    } else {
        quote! {
            let input = ::kexin::__private::input();
            let cursor = &mut &input[..];
            #( let #names: #types = ::kexin::__private::arg(cursor); )*
            ::kexin::__private::end_args(cursor);
        }
    };
    let call = quote! {
        <#contract as ::kexin::__private::ContractState>::instance().#ident(#(#names),*)
    };
    let finish = match &method.output {
        Output::Unit => quote! { #call; },
        Output::Value(_) => quote! { ::kexin::__private::finish_value(&#call); },
        Output::Result { .. } => quote! { ::kexin::__private::finish_result(#call); },
    };
    quote! { #decode #finish }
}

pub fn generate(model: &ContractImpl) -> TokenStream {
    let contract = &model.contract;
    let mut entries = Vec::new();
    let mut table = Vec::new();
    let mut export_names = Vec::new();
    for method in &model.methods {
        let export = method.export_name();
        let entry = format_ident!("__kexin_entry_{}", export);
        let wasm_export = format_ident!("__kexin_export_{}", export);
        let body = entry_body(contract, method);
        entries.push(quote! {
            fn #entry() { #body }

            #[cfg(target_arch = "wasm32")]
            #[export_name = #export]
            extern "C" fn #wasm_export() { #entry() }
        });
        table.push(quote! { #export => ::core::option::Option::Some(#entry as fn()), });
        export_names.push(export);
    }
    if model.constructor().is_none() {
        // Every contract exports `init`; without a declared constructor it does nothing.
        entries.push(quote! {
            fn __kexin_entry_init() {}

            #[cfg(target_arch = "wasm32")]
            #[export_name = "init"]
            extern "C" fn __kexin_export_init() {}
        });
        table.push(quote! { "init" => ::core::option::Option::Some(__kexin_entry_init as fn()), });
    }
    let section = abi::section(&Fragment::Contract(contract_def(model)));
    quote! {
        const _: () = {
            #(#entries)*

            #[cfg(not(target_arch = "wasm32"))]
            impl ::kexin::__private::NativeExports for #contract {
                fn native_export(name: &str) -> ::core::option::Option<fn()> {
                    match name {
                        #(#table)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
        };
        #section
    }
}

/// The contract's ABI fragment; a contract without a constructor gets an empty `init`.
pub fn contract_def(model: &ContractImpl) -> ContractDef {
    let mut methods: Vec<MethodDef> = model
        .methods
        .iter()
        .map(|m| {
            let (returns, error) = match &m.output {
                Output::Unit => ("()".to_string(), None),
                Output::Value(ty) => (types::abi_name(ty).expect("checked in the model"), None),
                Output::Result { ok, err } => (
                    types::abi_name(ok).expect("checked in the model"),
                    Some(types::abi_name(err).expect("checked in the model")),
                ),
            };
            MethodDef {
                name: m.export_name(),
                kind: m.kind,
                args: m
                    .args
                    .iter()
                    .map(|a| FieldDef {
                        name: a.ident.to_string(),
                        ty: a.abi_ty.clone(),
                    })
                    .collect(),
                returns,
                error,
            }
        })
        .collect();
    if model.constructor().is_none() {
        methods.insert(
            0,
            MethodDef {
                name: "init".into(),
                kind: MethodKind::Constructor,
                args: vec![],
                returns: "()".into(),
                error: None,
            },
        );
    }
    ContractDef {
        name: model.contract.to_string(),
        methods,
    }
}
