//! `#[event]`, `#[error]` and `#[data]`: borsh encoding, the trait each role needs, and the
//! type's ABI fragment.

use kexin_abi::{
    ErrorDef, ErrorVariantDef, EventDef, FieldDef, Fragment, Layout, TypeDef, VariantDef,
    FIRST_RESERVED_CODE,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use super::{abi, no_arguments};
use crate::types;

/// Encoding and decoding of a struct's or variant's fields: the names to bind them to, the
/// pattern binding them, and the expressions rebuilding them from input (checked, and the
/// contract side's aborting read).
struct FieldCodec {
    bindings: Vec<syn::Ident>,
    pattern: TokenStream,
    construct: TokenStream,
    read: TokenStream,
}

fn field_codec(path: TokenStream, fields: &syn::Fields) -> FieldCodec {
    let bindings: Vec<syn::Ident> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.ident.clone().unwrap_or_else(|| format_ident!("__{}", i)))
        .collect();
    let decode = quote! { ::kexin::codec::Decode::decode(input)? };
    let read = quote! { ::kexin::codec::Decode::read(input) };
    let (pattern, construct, read) = match fields {
        syn::Fields::Named(_) => {
            let parts = bindings.iter().map(|b| quote! { #b: #decode });
            let reads = bindings.iter().map(|b| quote! { #b: #read });
            (
                quote! { #path { #(#bindings),* } },
                quote! { #path { #(#parts),* } },
                quote! { #path { #(#reads),* } },
            )
        }
        syn::Fields::Unnamed(_) => {
            let parts = bindings.iter().map(|_| decode.clone());
            let reads = bindings.iter().map(|_| read.clone());
            (
                quote! { #path ( #(#bindings),* ) },
                quote! { #path ( #(#parts),* ) },
                quote! { #path ( #(#reads),* ) },
            )
        }
        syn::Fields::Unit => (quote! { #path }, quote! { #path }, quote! { #path }),
    };
    FieldCodec {
        bindings,
        pattern,
        construct,
        read,
    }
}

/// `Encode` and `Decode` in borsh layout: fields in order; enums with a one-byte tag.
fn codec_impls(item: &syn::Item) -> TokenStream {
    let (name, encode_body, decode_body, read_body) = match item {
        syn::Item::Struct(s) => {
            let name = &s.ident;
            let FieldCodec {
                bindings,
                pattern,
                construct,
                read,
            } = field_codec(quote! { #name }, &s.fields);
            (
                name,
                quote! {
                    let #pattern = self;
                    #( ::kexin::codec::Encode::encode(#bindings, out); )*
                },
                quote! { ::core::option::Option::Some(#construct) },
                read,
            )
        }
        syn::Item::Enum(e) => {
            let name = &e.ident;
            let mut encode_arms = Vec::new();
            let mut decode_arms = Vec::new();
            let mut read_arms = Vec::new();
            for (tag, variant) in e.variants.iter().enumerate() {
                let ident = &variant.ident;
                let tag = tag as u8;
                let FieldCodec {
                    bindings,
                    pattern,
                    construct,
                    read,
                } = field_codec(quote! { #name::#ident }, &variant.fields);
                encode_arms.push(quote! {
                    #pattern => {
                        out.push(#tag);
                        #( ::kexin::codec::Encode::encode(#bindings, out); )*
                    }
                });
                decode_arms.push(quote! { #tag => ::core::option::Option::Some(#construct), });
                read_arms.push(quote! { #tag => #read, });
            }
            (
                name,
                quote! { match self { #(#encode_arms)* } },
                quote! {
                    match <u8 as ::kexin::codec::Decode>::decode(input)? {
                        #(#decode_arms)*
                        _ => ::core::option::Option::None,
                    }
                },
                quote! {
                    match <u8 as ::kexin::codec::Decode>::read(input) {
                        #(#read_arms)*
                        _ => ::kexin::codec::malformed(),
                    }
                },
            )
        }
        _ => unreachable!("callers pass structs and enums"),
    };
    quote! {
        impl ::kexin::codec::Encode for #name {
            #[allow(unused_variables)]
            fn encode(&self, out: &mut ::kexin::__private::Writer) {
                #encode_body
            }
        }

        impl ::kexin::codec::Decode for #name {
            #[allow(unused_variables)]
            fn decode(input: &mut &[u8]) -> ::core::option::Option<Self> {
                #decode_body
            }

            #[allow(unused_variables)]
            fn read(input: &mut &[u8]) -> Self {
                #read_body
            }
        }
    }
}

fn field_defs(fields: &syn::Fields) -> syn::Result<Vec<FieldDef>> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(FieldDef {
                name: f
                    .ident
                    .as_ref()
                    .map_or_else(|| i.to_string(), |id| id.to_string()),
                ty: types::abi_name(&f.ty)?,
            })
        })
        .collect()
}

fn no_generics(generics: &syn::Generics, what: &str) -> syn::Result<()> {
    if generics.params.is_empty() {
        Ok(())
    } else {
        Err(syn::Error::new(
            generics.span(),
            format!("#[{what}] types cannot be generic: the ABI describes concrete types"),
        ))
    }
}

/// `impl Key` through the borsh encoding, so that data types can key a `Map`.
fn key_impl(name: &syn::Ident) -> TokenStream {
    quote! {
        impl ::kexin::Key for #name {
            fn write_key(&self, out: &mut ::kexin::__private::Writer) {
                ::kexin::codec::Encode::encode(self, out);
            }
            fn read_key(bytes: &mut &[u8]) -> ::core::option::Option<Self> {
                ::kexin::codec::Decode::decode(bytes)
            }
        }
    }
}

pub fn data(attr: TokenStream, item: syn::Item) -> syn::Result<TokenStream> {
    no_arguments(&attr, "data")?;
    let codec = codec_impls(&item);
    let (name, layout, tokens) = match &item {
        syn::Item::Struct(s) => {
            no_generics(&s.generics, "data")?;
            (
                &s.ident,
                Layout::Struct(field_defs(&s.fields)?),
                quote! { #s },
            )
        }
        syn::Item::Enum(e) => {
            no_generics(&e.generics, "data")?;
            if e.variants.len() > 256 {
                return Err(syn::Error::new(
                    e.span(),
                    "a #[data] enum has at most 256 variants",
                ));
            }
            let variants = e
                .variants
                .iter()
                .map(|v| {
                    Ok(VariantDef {
                        name: v.ident.to_string(),
                        fields: field_defs(&v.fields)?,
                    })
                })
                .collect::<syn::Result<_>>()?;
            (&e.ident, Layout::Enum(variants), quote! { #e })
        }
        other => {
            return Err(syn::Error::new(
                other.span(),
                "#[data] goes on a struct or an enum",
            ));
        }
    };
    let section = abi::section(&Fragment::Type(TypeDef {
        name: name.to_string(),
        layout,
    }));
    let key = key_impl(name);
    Ok(quote! {
        #tokens
        #codec
        #key
        #section
    })
}

pub fn event(attr: TokenStream, item: syn::Item) -> syn::Result<TokenStream> {
    no_arguments(&attr, "event")?;
    let syn::Item::Struct(s) = item else {
        return Err(syn::Error::new(
            item.span(),
            "#[event] goes on a struct whose fields are the event's data",
        ));
    };
    no_generics(&s.generics, "event")?;
    let name = &s.ident;
    let topic = name.to_string();
    let codec = codec_impls(&syn::Item::Struct(s.clone()));
    let section = abi::section(&Fragment::Event(EventDef {
        name: topic.clone(),
        fields: field_defs(&s.fields)?,
    }));
    Ok(quote! {
        #s
        #codec

        impl ::kexin::Event for #name {
            const NAME: &'static str = #topic;
        }

        #section
    })
}

/// Reads `#[msg("…")]` and `#[code(n)]` off a variant, removing them.
fn error_attrs(variant: &mut syn::Variant) -> syn::Result<(String, Option<u32>)> {
    let mut message = None;
    let mut code = None;
    let mut kept = Vec::new();
    for attr in variant.attrs.drain(..) {
        if attr.path().is_ident("msg") {
            let lit: syn::LitStr = attr.parse_args().map_err(|_| {
                syn::Error::new(
                    attr.span(),
                    "write the message as #[msg(\"a sentence, may name {fields}\")]",
                )
            })?;
            message = Some(lit.value());
        } else if attr.path().is_ident("code") {
            let lit: syn::LitInt = attr.parse_args()?;
            code = Some(lit.base10_parse::<u32>()?);
        } else {
            kept.push(attr);
        }
    }
    variant.attrs = kept;
    let message = message.ok_or_else(|| {
        syn::Error::new(
            variant.ident.span(),
            format!(
                "add #[msg(\"…\")] to `{}`: a sentence that tells the caller what went wrong",
                variant.ident
            ),
        )
    })?;
    Ok((message, code))
}

pub fn error(attr: TokenStream, item: syn::Item) -> syn::Result<TokenStream> {
    no_arguments(&attr, "error")?;
    let syn::Item::Enum(mut e) = item else {
        return Err(syn::Error::new(
            item.span(),
            "#[error] goes on an enum with one variant per cause of failure",
        ));
    };
    no_generics(&e.generics, "error")?;
    if e.variants.is_empty() {
        return Err(syn::Error::new(
            e.span(),
            "an error enum needs at least one variant",
        ));
    }
    let name = e.ident.clone();
    let mut variant_defs = Vec::new();
    let mut code_arms = Vec::new();
    let mut encode_arms = Vec::new();
    let mut decode_arms = Vec::new();
    let mut display_arms = Vec::new();
    let mut used_codes = Vec::new();
    for (index, variant) in e.variants.iter_mut().enumerate() {
        if let Some((_, d)) = &variant.discriminant {
            return Err(syn::Error::new(
                d.span(),
                "set an error's code with #[code(n)], not `= n`",
            ));
        }
        let (message, code) = error_attrs(variant)?;
        let code = code.unwrap_or(index as u32 + 1);
        if code >= FIRST_RESERVED_CODE {
            return Err(syn::Error::new(
                variant.span(),
                format!("error codes from {FIRST_RESERVED_CODE:#x} up are reserved by the SDK"),
            ));
        }
        if used_codes.contains(&code) {
            return Err(syn::Error::new(
                variant.span(),
                format!("error code {code} is used twice; give this variant its own #[code(n)]"),
            ));
        }
        used_codes.push(code);
        let ident = &variant.ident;
        let FieldCodec {
            bindings,
            pattern,
            construct,
            ..
        } = field_codec(quote! { #name::#ident }, &variant.fields);
        // Tuple fields are named `{0}` in messages; the bindings are `__0`.
        let mut format = message.clone();
        for i in 0..variant.fields.len() {
            format = format.replace(&format!("{{{i}}}"), &format!("{{__{i}}}"));
        }
        code_arms.push(quote! { #name::#ident { .. } => #code, });
        encode_arms.push(quote! {
            #pattern => { #( ::kexin::codec::Encode::encode(#bindings, out); )* }
        });
        decode_arms.push(quote! { #code => #construct, });
        display_arms.push(quote! {
            #[allow(unused_variables)]
            #pattern => ::core::write!(f, #format),
        });
        variant_defs.push(ErrorVariantDef {
            code,
            name: ident.to_string(),
            fields: field_defs(&variant.fields)?,
            message,
        });
    }
    let section = abi::section(&Fragment::Error(ErrorDef {
        name: name.to_string(),
        variants: variant_defs,
    }));
    Ok(quote! {
        #e

        impl ::kexin::ContractError for #name {
            fn code(&self) -> u32 {
                match self { #(#code_arms)* }
            }
            fn encode_fields(&self, out: &mut ::kexin::__private::Writer) {
                match self { #(#encode_arms)* }
            }
            fn decode(code: u32, fields: &[u8]) -> ::core::option::Option<Self> {
                let input = &mut &*fields;
                let value = match code {
                    #(#decode_arms)*
                    _ => return ::core::option::Option::None,
                };
                input.is_empty().then_some(value)
            }
        }

        #[cfg(not(target_arch = "wasm32"))]
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self { #(#display_arms)* }
            }
        }

        #section
    })
}
