//! The contract model: the parsed, checked shape of a `#[contract]` struct or impl block.

use kexin_abi::MethodKind;
use syn::spanned::Spanned;

use crate::types;

/// Export names the ABI reserves for itself.
const RESERVED_EXPORTS: &[&str] = &["init", "memory"];

/// A storage field of the contract struct.
pub struct StorageField {
    pub ident: syn::Ident,
    pub ty: syn::Type,
    pub abi_ty: String,
}

/// A `#[contract]` struct.
pub struct ContractStruct {
    pub item: syn::ItemStruct,
    pub fields: Vec<StorageField>,
}

/// What a method returns.
pub enum Output {
    /// Nothing.
    Unit,
    /// A value, returned as borsh.
    Value(syn::Type),
    /// `Result<ok, err>`: the value, or a revert with the error.
    Result { ok: syn::Type, err: syn::Type },
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
    pub fn parse(item: syn::ItemStruct) -> syn::Result<ContractStruct> {
        if !item.generics.params.is_empty() {
            return Err(error(&item.generics, "a #[contract] struct cannot be generic; name the concrete collection types in its fields"));
        }
        let syn::Fields::Named(named) = &item.fields else {
            return Err(error(&item.fields, "a #[contract] struct needs named fields, one per storage collection: `balances: Map<Addr, u128>`"));
        };
        if named.named.len() > 250 {
            return Err(error(&item.fields, "a #[contract] struct has at most 250 fields; group related values into a #[data] struct in one Item"));
        }
        let fields = named
            .named
            .iter()
            .map(|f| {
                Ok(StorageField {
                    ident: f.ident.clone().expect("named field"),
                    ty: f.ty.clone(),
                    abi_ty: types::abi_name(&f.ty)?,
                })
            })
            .collect::<syn::Result<_>>()?;
        Ok(ContractStruct { item, fields })
    }
}

impl ContractImpl {
    pub fn parse(mut item: syn::ItemImpl) -> syn::Result<ContractImpl> {
        if let Some((_, path, _)) = &item.trait_ {
            return Err(error(path, "put #[contract] on the contract's own `impl Name { … }` block, not on a trait impl"));
        }
        if !item.generics.params.is_empty() {
            return Err(error(&item.generics, "a #[contract] impl block cannot be generic"));
        }
        let contract = match &*item.self_ty {
            syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.clone()),
            _ => None,
        }
        .ok_or_else(|| error(&item.self_ty, "expected `impl ContractName { … }`"))?;

        let mut methods = Vec::new();
        let mut constructor_seen = false;
        for impl_item in &mut item.items {
            let syn::ImplItem::Fn(f) = impl_item else { continue };
            let init_attr = f.attrs.iter().position(|a| a.path().is_ident("init"));
            if let Some(i) = init_attr {
                f.attrs.remove(i);
            }
            let public = matches!(f.vis, syn::Visibility::Public(_));
            if !public {
                if init_attr.is_some() {
                    return Err(error(&f.sig.ident, "the #[init] constructor must be `pub fn`"));
                }
                continue; // a private helper
            }
            let method = Method::parse(f, init_attr.is_some())?;
            if method.kind == MethodKind::Constructor {
                if constructor_seen {
                    return Err(error(&f.sig.ident, "a contract has one #[init] constructor; remove #[init] from this method"));
                }
                constructor_seen = true;
            }
            methods.push(method);
        }
        // The constructor comes first in the ABI.
        methods.sort_by_key(|m| m.kind != MethodKind::Constructor);
        Ok(ContractImpl { item, contract, methods })
    }

    /// The constructor, if the contract declares one.
    pub fn constructor(&self) -> Option<&Method> {
        self.methods.iter().find(|m| m.kind == MethodKind::Constructor)
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
            return Err(error(&sig.generics, "contract methods cannot be generic: the wasm export needs concrete argument types"));
        }
        if !is_init && (RESERVED_EXPORTS.contains(&name.as_str()) || name.starts_with("__")) {
            return Err(error(&sig.ident, &format!("`{name}` is reserved by the host ABI; rename the method (the constructor is marked #[init], not named `init`)")));
        }
        let mut inputs = sig.inputs.iter();
        let kind = match inputs.next() {
            Some(syn::FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_some() => {
                if is_init { MethodKind::Constructor } else { MethodKind::Call }
            }
            Some(syn::FnArg::Receiver(r)) if r.reference.is_some() => {
                if is_init {
                    return Err(error(r, "the #[init] constructor writes the initial state: take `&mut self`"));
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
                    Output::Result { ok, err }
                }
                None => {
                    types::abi_name(ty)?;
                    Output::Value((**ty).clone())
                }
            },
        };
        let returns_nothing = match &output {
            Output::Unit => true,
            Output::Result { ok, .. } => types::is_unit(ok),
            Output::Value(_) => false,
        };
        if kind == MethodKind::Constructor && !returns_nothing {
            return Err(error(&sig.output, "the #[init] constructor returns nothing or `Result<(), E>`"));
        }
        Ok(Method { ident: sig.ident.clone(), kind, args, output, docs: types::docs(&f.attrs) })
    }
}
