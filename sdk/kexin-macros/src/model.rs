//! The contract model: the parsed, checked shape of a `#[contract]` struct or impl block.

use kexin_abi::MethodKind;
use syn::spanned::Spanned;

use crate::types;

/// Export names the ABI reserves for itself.
const RESERVED_EXPORTS: &[&str] = &["init", "memory"];

/// A storage field of the contract struct.
pub struct StorageField {
    pub ident: syn::Ident,
    pub abi_ty: String,
    /// The one-byte key prefix: the field's position, or its `#[prefix(n)]`.
    pub prefix: u8,
}

/// A `#[contract]` struct.
pub struct ContractStruct {
    /// The struct with `#[prefix]` attributes removed and each field's type given its prefix.
    pub item: syn::ItemStruct,
    pub fields: Vec<StorageField>,
}

/// Adds the prefix as the last generic argument of a collection type:
/// `Map<Addr, u128>` becomes `Map<Addr, u128, 2>`, `Owner` becomes `Owner<0>`.
fn with_prefix(ty: &mut syn::Type, prefix: u8) -> syn::Result<()> {
    let message = "write a storage collection type here (`Item<T>`, `Map<K, V>`, `List<T>`, `Sequence`, `Owner`, `Roles<R>`, `Pause`); `#[contract]` adds its storage prefix as the last type parameter";
    let syn::Type::Path(path) = ty else {
        return Err(error(&*ty, message));
    };
    let Some(last) = path.path.segments.last_mut() else {
        return Err(error(&*ty, message));
    };
    const COLLECTIONS: &[&str] = &["Item", "Map", "List", "Sequence", "Owner", "Roles", "Pause"];
    if !COLLECTIONS.contains(&last.ident.to_string().as_str()) {
        let shown = quote::ToTokens::to_token_stream(&*ty)
            .to_string()
            .replace(' ', "");
        return Err(error(
            &*ty,
            &format!(
                "`{shown}` is not a storage collection: write `Item<{shown}>` for one value, `Map<K, {shown}>` for many (or `List`, `Sequence`, `Owner`, `Roles`, `Pause`)"
            ),
        ));
    }
    let literal = syn::LitInt::new(&prefix.to_string(), last.ident.span());
    let argument = syn::GenericArgument::Const(syn::parse_quote!(#literal));
    match &mut last.arguments {
        syn::PathArguments::None => {
            last.arguments = syn::PathArguments::AngleBracketed(syn::parse_quote!(<#literal>));
        }
        syn::PathArguments::AngleBracketed(args) => args.args.push(argument),
        syn::PathArguments::Parenthesized(_) => return Err(error(&*ty, message)),
    }
    Ok(())
}

/// Reads and removes a field's `#[prefix(n)]`.
fn take_prefix_attr(field: &mut syn::Field) -> syn::Result<Option<u8>> {
    let Some(i) = field.attrs.iter().position(|a| a.path().is_ident("prefix")) else {
        return Ok(None);
    };
    let attr = field.attrs.remove(i);
    let lit: syn::LitInt = attr.parse_args().map_err(|_| {
        error(
            &attr,
            "write the storage prefix as #[prefix(n)] with n from 0 to 255",
        )
    })?;
    Ok(Some(lit.base10_parse::<u8>().map_err(|_| {
        error(&lit, "a storage prefix is one byte: 0 to 255")
    })?))
}

/// What a method returns.
pub enum Output {
    /// Nothing.
    Unit,
    /// A value, returned as borsh.
    Value(Box<syn::Type>),
    /// `Result<ok, err>`: the value, or a revert with the error.
    Result {
        ok: Box<syn::Type>,
        err: Box<syn::Type>,
    },
}

/// One method argument.
pub struct Arg {
    pub ident: syn::Ident,
    pub ty: syn::Type,
    pub abi_ty: String,
}

/// One exported method.
pub struct Method {
    pub ident: syn::Ident,
    pub kind: MethodKind,
    pub args: Vec<Arg>,
    pub output: Output,
    pub docs: Vec<syn::Attribute>,
}

impl Method {
    /// The wasm export name.
    pub fn export_name(&self) -> String {
        match self.kind {
            MethodKind::Constructor => "init".to_string(),
            _ => self.ident.to_string(),
        }
    }
}

/// A `#[contract]` impl block.
pub struct ContractImpl {
    pub item: syn::ItemImpl,
    pub contract: syn::Ident,
    pub methods: Vec<Method>,
}

fn error(span: impl Spanned, message: &str) -> syn::Error {
    syn::Error::new(span.span(), message)
}

impl ContractStruct {
    pub fn parse(mut item: syn::ItemStruct) -> syn::Result<ContractStruct> {
        if !item.generics.params.is_empty() {
            return Err(error(&item.generics, "a #[contract] struct cannot be generic; name the concrete collection types in its fields"));
        }
        let syn::Fields::Named(named) = &mut item.fields else {
            return Err(error(&item.fields, "a #[contract] struct needs named fields, one per storage collection: `balances: Map<Addr, u128>`"));
        };
        if named.named.len() > 256 {
            return Err(error(&named.named, "a #[contract] struct has at most 256 fields; group related values into a #[data] struct in one Item"));
        }
        let mut fields: Vec<StorageField> = Vec::new();
        for (index, field) in named.named.iter_mut().enumerate() {
            let prefix = take_prefix_attr(field)?.unwrap_or(index as u8);
            let ident = field.ident.clone().expect("named field");
            if let Some(other) = fields.iter().find(|f| f.prefix == prefix) {
                return Err(error(&ident, &format!("storage prefix {prefix} is already used by `{}`; give this field its own #[prefix(n)]", other.ident)));
            }
            let abi_ty = types::abi_name(&field.ty)?;
            with_prefix(&mut field.ty, prefix)?;
            fields.push(StorageField {
                ident,
                abi_ty,
                prefix,
            });
        }
        Ok(ContractStruct { item, fields })
    }
}

impl ContractImpl {
    pub fn parse(mut item: syn::ItemImpl) -> syn::Result<ContractImpl> {
        if let Some((_, path, _)) = &item.trait_ {
            return Err(error(path, "put #[contract] on the contract's own `impl Name { … }` block, not on a trait impl"));
        }
        if !item.generics.params.is_empty() {
            return Err(error(
                &item.generics,
                "a #[contract] impl block cannot be generic",
            ));
        }
        let contract = match &*item.self_ty {
            syn::Type::Path(p) if p.qself.is_none() => {
                p.path.segments.last().map(|s| s.ident.clone())
            }
            _ => None,
        }
        .ok_or_else(|| error(&item.self_ty, "expected `impl ContractName { … }`"))?;

        let mut methods = Vec::new();
        let mut constructor_seen = false;
        for impl_item in &mut item.items {
            let syn::ImplItem::Fn(f) = impl_item else {
                continue;
            };
            let init_attr = f.attrs.iter().position(|a| a.path().is_ident("init"));
            if let Some(i) = init_attr {
                f.attrs.remove(i);
                // Constructors are conventionally named `new`, but take `&mut self`.
                f.attrs
                    .push(syn::parse_quote!(#[allow(clippy::new_ret_no_self)]));
            }
            let public = matches!(f.vis, syn::Visibility::Public(_));
            if !public {
                if init_attr.is_some() {
                    return Err(error(
                        &f.sig.ident,
                        "the #[init] constructor must be `pub fn`",
                    ));
                }
                continue; // a private helper
            }
            let method = Method::parse(f, init_attr.is_some())?;
            if method.kind == MethodKind::Constructor {
                if constructor_seen {
                    return Err(error(
                        &f.sig.ident,
                        "a contract has one #[init] constructor; remove #[init] from this method",
                    ));
                }
                constructor_seen = true;
            }
            methods.push(method);
        }
        // The constructor comes first in the ABI.
        methods.sort_by_key(|m| m.kind != MethodKind::Constructor);
        Ok(ContractImpl {
            item,
            contract,
            methods,
        })
    }

    /// The constructor, if the contract declares one.
    pub fn constructor(&self) -> Option<&Method> {
        self.methods
            .iter()
            .find(|m| m.kind == MethodKind::Constructor)
    }
}

impl Method {
    fn parse(f: &syn::ImplItemFn, is_init: bool) -> syn::Result<Method> {
        let sig = &f.sig;
        let name = sig.ident.to_string();
        if sig.asyncness.is_some() {
            return Err(error(sig.asyncness, "contract methods cannot be async"));
        }
        if !sig.generics.params.is_empty() {
            return Err(error(
                &sig.generics,
                "contract methods cannot be generic: the wasm export needs concrete argument types",
            ));
        }
        if !is_init && (RESERVED_EXPORTS.contains(&name.as_str()) || name.starts_with("__")) {
            return Err(error(&sig.ident, &format!("`{name}` is reserved by the host ABI; rename the method (the constructor is marked #[init], not named `init`)")));
        }
        let mut inputs = sig.inputs.iter();
        let kind = match inputs.next() {
            Some(syn::FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_some() => {
                if is_init {
                    MethodKind::Constructor
                } else {
                    MethodKind::Call
                }
            }
            Some(syn::FnArg::Receiver(r)) if r.reference.is_some() => {
                if is_init {
                    return Err(error(
                        r,
                        "the #[init] constructor writes the initial state: take `&mut self`",
                    ));
                }
                MethodKind::View
            }
            Some(syn::FnArg::Receiver(r)) => {
                return Err(error(r, "take `&self` for a read-only view or `&mut self` for a call; the contract is not consumed"));
            }
            _ => {
                return Err(error(&sig.ident, "an exported method takes `&self` (a view) or `&mut self` (a call); make helpers without a receiver private"));
            }
        };
        let args = inputs
            .map(|input| {
                let syn::FnArg::Typed(pat_type) = input else { unreachable!("receiver is first") };
                let syn::Pat::Ident(pat) = &*pat_type.pat else {
                    return Err(error(&pat_type.pat, "name each argument with a plain identifier (`to: Addr`); destructure inside the method"));
                };
                Ok(Arg {
                    ident: pat.ident.clone(),
                    ty: (*pat_type.ty).clone(),
                    abi_ty: types::abi_name(&pat_type.ty)?,
                })
            })
            .collect::<syn::Result<Vec<_>>>()?;
        let output = match &sig.output {
            syn::ReturnType::Default => Output::Unit,
            syn::ReturnType::Type(_, ty) if types::is_unit(ty) => Output::Unit,
            syn::ReturnType::Type(_, ty) => match types::result_parts(ty) {
                Some((ok, err)) => {
                    types::abi_name(&ok)?;
                    types::abi_name(&err)?;
                    Output::Result {
                        ok: Box::new(ok),
                        err: Box::new(err),
                    }
                }
                None => {
                    types::abi_name(ty)?;
                    Output::Value(ty.clone())
                }
            },
        };
        let returns_nothing = match &output {
            Output::Unit => true,
            Output::Result { ok, .. } => types::is_unit(ok),
            Output::Value(_) => false,
        };
        if kind == MethodKind::Constructor && !returns_nothing {
            return Err(error(
                &sig.output,
                "the #[init] constructor returns nothing or `Result<(), E>`",
            ));
        }
        Ok(Method {
            ident: sig.ident.clone(),
            kind,
            args,
            output,
            docs: types::docs(&f.attrs),
        })
    }
}
