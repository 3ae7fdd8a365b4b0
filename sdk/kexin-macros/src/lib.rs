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

#[cfg(test)]
mod expansion_tests {
    //! The expansion of small inputs, kept under snapshot tests so that a change to generated
    //! code is visible in review (`src/snapshots/`).

    fn expand(
        generate: fn(proc_macro2::TokenStream, syn::Item) -> syn::Result<proc_macro2::TokenStream>,
        source: &str,
    ) -> String {
        let item: syn::Item = syn::parse_str(source).expect("valid input");
        let tokens = generate(proc_macro2::TokenStream::new(), item).expect("expands");
        let file: syn::File = syn::parse2(tokens).expect("valid output");
        prettyplease::unparse(&file)
    }

    #[test]
    fn contract_struct() {
        insta::assert_snapshot!(expand(
            crate::codegen::contract,
            "pub struct Counter { value: Item<u64>, by_owner: Map<Addr, u64> }",
        ));
    }

    #[test]
    fn contract_impl() {
        insta::assert_snapshot!(expand(
            crate::codegen::contract,
            r#"impl Counter {
                #[init]
                pub fn new(&mut self, start: u64) { self.value.set(&start); }
                pub fn add(&mut self, by: u64) -> Result<u64, CounterError> { Ok(by) }
                pub fn value(&self) -> u64 { 0 }
                fn helper(&self) {}
            }"#,
        ));
    }

    #[test]
    fn event() {
        insta::assert_snapshot!(expand(
            crate::codegen::event,
            "pub struct Added { pub by: u64, pub who: Addr }"
        ));
    }

    #[test]
    fn error() {
        insta::assert_snapshot!(expand(
            crate::codegen::error,
            r#"pub enum CounterError {
                #[msg("the counter would pass {limit}")] Overflow { limit: u64 },
                #[code(7)] #[msg("only the owner may add")] Unauthorized,
            }"#,
        ));
    }

    #[test]
    fn data() {
        insta::assert_snapshot!(expand(
            crate::codegen::data,
            "pub enum Role { Admin, Limited(u32) }"
        ));
    }
}
