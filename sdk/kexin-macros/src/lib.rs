//! The Kexin SDK's macros. Each parses its input into a small model (`model`), checks it,
//! and hands it to one generator per concern (`codegen`): storage binding, wasm dispatch,
//! the embedded ABI, and the native test client. Errors point at the user's code and say
//! what to write instead.

use proc_macro::TokenStream;

mod codegen;
mod model;
mod types;

/// Turns a struct of storage collections, or an impl block of methods, into a contract.
///
/// On the struct, every field becomes a storage collection under its own prefix. On the
/// impl block, every `pub fn` taking `&mut self` becomes a state-changing call, every `pub fn`
/// taking `&self` a read-only view, and the method marked `#[init]` the constructor; each is
/// exported from the wasm under its name and recorded in the ABI. Native builds also get a
/// typed client, `NameClient`.
#[proc_macro_attribute]
pub fn contract(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr, item, codegen::contract)
}

/// Makes a struct an event: borsh-encoded, emitted with `env::emit`, listed in the ABI.
#[proc_macro_attribute]
pub fn event(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr, item, codegen::event)
}

/// Makes an enum a contract error: each variant has a revert code (its position from 1, or
/// `#[code(n)]`) and a `#[msg("…")]` sentence, which may name fields as `{field}`.
#[proc_macro_attribute]
pub fn error(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr, item, codegen::error)
}

/// Makes a struct or enum usable in arguments, returns, events, state and map keys, and
/// describes it in the ABI so that tools can decode it.
#[proc_macro_attribute]
pub fn data(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr, item, codegen::data)
}

fn expand(
    attr: TokenStream,
    item: TokenStream,
    generate: fn(proc_macro2::TokenStream, syn::Item) -> syn::Result<proc_macro2::TokenStream>,
) -> TokenStream {
    let item = match syn::parse::<syn::Item>(item) {
        Ok(item) => item,
        Err(e) => return e.to_compile_error().into(),
    };
    generate(attr.into(), item)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}
