//! The typed client (native builds): `token.transfer(&bob, 10)` instead of raw bytes.

use kexin_abi::MethodKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ContractImpl, Method, Output};
use crate::types;

/// The client's parameters, the expressions that encode them, and the error type.
struct Signature {
    params: Vec<TokenStream>,
    encode: TokenStream,
    returns: TokenStream,
    error: TokenStream,
}

fn signature(method: &Method) -> Signature {
    let mut params = Vec::new();
    let mut names = Vec::new();
    for arg in &method.args {
        let ident = &arg.ident;
        let ty = &arg.ty;
        if types::by_value(ty) {
            params.push(quote! { #ident: #ty });
        } else {
            params.push(quote! { #ident: &#ty });
        }
        names.push(ident);
    }
    // The arguments are encoded one after another, which is the borsh encoding of their tuple.
    let encode = quote! {
        #[allow(unused_mut)]
        let mut writer = ::kexin::codec::Writer::new();
        #( ::kexin::codec::Encode::encode(&#names, &mut writer); )*
        let args: ::std::vec::Vec<u8> = writer.into_vec();
    };
    let (returns, error) = match &method.output {
        Output::Unit => (quote! { () }, quote! { ::kexin::client::NoError }),
        Output::Value(ty) => (quote! { #ty }, quote! { ::kexin::client::NoError }),
        Output::Result { ok, err } => (quote! { #ok }, quote! { #err }),
    };
    Signature {
        params,
        encode,
        returns,
        error,
    }
}

pub fn generate(model: &ContractImpl) -> TokenStream {
    let contract = &model.contract;
    let client = format_ident!("{}Client", contract);
    let client_doc = format!(
        "A typed client for the `{contract}` contract: one method per contract method. \
         `method(…)` panics with a readable message if the call fails; `try_method(…)` returns \
         the error."
    );

    let (deploy_params, deploy_encode, deploy_error) = match model.constructor() {
        Some(ctor) => {
            let s = signature(ctor);
            (s.params, s.encode, s.error)
        }
        None => (
            Vec::new(),
            quote! { let args: ::std::vec::Vec<u8> = ::std::vec::Vec::new(); },
            quote! { ::kexin::client::NoError },
        ),
    };
    let deploy_args: Vec<_> = model
        .constructor()
        .map(|c| c.args.iter().map(|a| a.ident.clone()).collect())
        .unwrap_or_default();

    let methods = model.methods.iter().filter(|m| m.kind != MethodKind::Constructor).map(|m| {
        let Signature { params, encode, returns, error } = signature(m);
        let ident = &m.ident;
        let try_ident = format_ident!("try_{}", ident);
        let name = ident.to_string();
        let docs = &m.docs;
        let kind = if m.kind == MethodKind::View {
            quote! { ::kexin::client::CallKind::View }
        } else {
            quote! { ::kexin::client::CallKind::Call }
        };
        let arg_names: Vec<_> = m.args.iter().map(|a| &a.ident).collect();
        // One literal rather than `concat!`: how a formatter lays out a macro call in an
        // attribute depends on its features, which cargo unifies differently per build.
        let try_doc = format!("Calls `{name}`, returning the contract's error instead of panicking.");
        quote! {
            #(#docs)*
            #[track_caller]
            pub fn #ident(&self, #(#params),*) -> #returns {
                ::kexin::client::expect_success(#name, self.#try_ident(#(#arg_names),*))
            }

            #[doc = #try_doc]
            pub fn #try_ident(&self, #(#params),*) -> ::core::result::Result<#returns, ::kexin::client::CallError<#error>> {
                #encode
                ::kexin::client::invoke(&self.backend, &self.address, &self.caller, #name, args, #kind)
            }
        }
    });

    quote! {
        #[cfg(not(target_arch = "wasm32"))]
        #[doc = #client_doc]
        #[derive(Clone)]
        pub struct #client<B: ::kexin::client::Backend> {
            backend: B,
            address: ::kexin::Addr,
            caller: ::kexin::Addr,
        }

        #[cfg(not(target_arch = "wasm32"))]
        #[allow(clippy::too_many_arguments, clippy::ptr_arg, dead_code)]
        impl<B: ::kexin::client::Backend> #client<B> {
            /// Where this contract's code comes from: its crate and its native entry points.
            pub fn source() -> ::kexin::client::ContractSource {
                ::kexin::client::ContractSource {
                    package: env!("CARGO_PKG_NAME"),
                    manifest_dir: env!("CARGO_MANIFEST_DIR"),
                    native_export: <#contract as ::kexin::__private::NativeExports>::native_export,
                }
            }

            /// Deploys the contract from `deployer`, running its constructor; panics on failure.
            #[track_caller]
            pub fn deploy(backend: &B, deployer: &::kexin::Addr, #(#deploy_params),*) -> Self {
                ::kexin::client::expect_success("init", Self::try_deploy(backend, deployer, #(#deploy_args),*))
            }

            /// Deploys the contract, returning the constructor's error instead of panicking.
            pub fn try_deploy(backend: &B, deployer: &::kexin::Addr, #(#deploy_params),*)
                -> ::core::result::Result<Self, ::kexin::client::CallError<#deploy_error>>
            {
                #deploy_encode
                let address = ::kexin::client::Backend::deploy(backend, &Self::source(), deployer, args)
                    .map_err(::kexin::client::classify)?;
                Ok(Self { backend: backend.clone(), address, caller: *deployer })
            }

            /// A client for the contract already deployed at `address`, calling as `caller`.
            pub fn at(backend: &B, address: ::kexin::Addr, caller: &::kexin::Addr) -> Self {
                Self { backend: backend.clone(), address, caller: *caller }
            }

            /// The same client, calling as `caller`.
            pub fn by(&self, caller: &::kexin::Addr) -> Self {
                Self { backend: self.backend.clone(), address: self.address, caller: *caller }
            }

            /// The contract's address.
            pub fn address(&self) -> ::kexin::Addr {
                self.address
            }

            /// The account the calls are made from.
            pub fn caller(&self) -> ::kexin::Addr {
                self.caller
            }

            /// The backend the calls go to.
            pub fn backend(&self) -> &B {
                &self.backend
            }

            #(#methods)*
        }
    }
}
