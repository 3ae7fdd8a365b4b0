//! The embedded ABI: each macro places its fragment in the `kexin_abi` custom section.

use kexin_abi::Fragment;
use proc_macro2::TokenStream;
use quote::quote;

/// A static holding the fragment in the wasm custom section (wasm builds only; the linker
/// concatenates every fragment of the contract into one section).
pub fn section(fragment: &Fragment) -> TokenStream {
    let bytes = fragment.to_section_bytes();
    let len = bytes.len();
    let section = kexin_abi::SECTION;
    quote! {
        const _: () = {
            #[cfg(target_arch = "wasm32")]
            #[link_section = #section]
            static KEXIN_ABI_FRAGMENT: [u8; #len] = [#(#bytes),*];
        };
    }
}
