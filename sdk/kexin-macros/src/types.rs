//! Type expressions: how the macros record Rust types in the ABI, and which pass by value.

use kexin_abi::TypeExpr;
use quote::ToTokens;
use syn::spanned::Spanned;

/// The ABI spelling of a type, e.g. `Vec<Addr>`; an error if the ABI cannot express it.
pub fn abi_name(ty: &syn::Type) -> syn::Result<String> {
    if let syn::Type::Reference(r) = ty {
        return Err(syn::Error::new(
            r.span(),
            "contract interfaces carry owned values: write `String` instead of `&str`, `Vec<T>` instead of `&[T]`, `T` instead of `&T`",
        ));
    }
    let text = ty.to_token_stream().to_string();
    TypeExpr::parse(&text).map(|t| t.to_string()).map_err(|e| {
        syn::Error::new(
            ty.span(),
            format!("this type cannot be described in the contract ABI ({}); use named types, tuples, arrays, Vec, Option or String", e.reason),
        )
    })
}

/// Whether the typed client takes this argument by value (small `Copy` scalars) rather than
/// by reference.
pub fn by_value(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    last.arguments.is_none()
        && matches!(
            last.ident.to_string().as_str(),
            "u8" | "u16"
                | "u32"
                | "u64"
                | "u128"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "i128"
                | "bool"
                | "Id"
                | "Ts"
                | "Fen"
                | "Bps"
        )
}

/// If `ty` is `Result<T, E>` (by its last path segment), its `T` and `E`.
pub fn result_parts(ty: &syn::Type) -> Option<(syn::Type, syn::Type)> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    let ok = types.next()?;
    let err = types.next()?;
    Some((ok, err))
}

/// Whether `ty` is the unit type `()`.
pub fn is_unit(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Tuple(t) if t.elems.is_empty())
}

/// The doc comment lines of an item.
pub fn docs(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect()
}
