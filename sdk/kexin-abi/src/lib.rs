//! The Kexin contract ABI: what a contract exposes, in a form tools can read.
//!
//! The `#[contract]`, `#[event]`, `#[error]` and `#[data]` macros each encode one
//! [`Fragment`] and place it in the wasm custom section [`SECTION`]. The linker concatenates
//! same-named custom sections, so a finished module carries every fragment of the contract;
//! [`Abi::from_section`] reads them back and [`Abi::to_json`] renders the JSON that
//! `cargo kexin build` writes next to the wasm.
//!
//! Fragments use a compact binary encoding (LEB128 lengths, one-byte tags) to keep the section
//! small in every deployed contract.
//!
//! Types are recorded as Rust type expressions (`u128`, `Vec<Addr>`, `(Addr, u64)`), which
//! [`TypeExpr`] parses; user types declared with `#[data]`, `#[event]` or `#[error]` carry their
//! layout as a [`TypeDef`]. [`Abi::decode`] turns borsh bytes into readable JSON through them.

use serde::{Deserialize, Serialize};

mod compact;
mod decode;
mod types;

pub use decode::DecodeError;
pub use types::{TypeExpr, TypeParseError};

/// Name of the wasm custom section that holds the ABI fragments.
pub const SECTION: &str = "kexin_abi";

/// Version byte written before every fragment; readers reject other versions.
pub const FORMAT_VERSION: u8 = 1;

/// Version byte of a merged section: one byte, then the whole ABI with a shared string
/// table.
pub const MERGED_VERSION: u8 = 2;

/// Version byte of a compressed merged section: one byte, then the merged form compressed
/// with raw DEFLATE (RFC 1951). `cargo kexin build` and the testkit write this form: it is the
/// smallest, and any zlib/DEFLATE library reads it.
pub const COMPRESSED_VERSION: u8 = 3;

/// The largest ABI a reader inflates, so that a hostile section cannot exhaust memory.
pub const MAX_INFLATED_BYTES: usize = 1 << 20;

/// Error codes from this value up are reserved for the SDK (panics, undecodable input).
pub const FIRST_RESERVED_CODE: u32 = 0xFFFF_FF00;

/// One piece of a contract's ABI, as emitted by one macro invocation.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// The contract's methods (from `#[contract]` on the impl block).
    Contract(ContractDef),
    /// The contract's storage layout (from `#[contract]` on the struct).
    Storage(StorageLayout),
    /// An event type (from `#[event]`).
    Event(EventDef),
    /// An error enum (from `#[error]`).
    Error(ErrorDef),
    /// A data type used in arguments, returns, events or state (from `#[data]`).
    Type(TypeDef),
}

/// The contract's name and methods.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ContractDef {
    /// The name of the contract struct.
    pub name: String,
    /// Every exported method, the constructor (`init`) first.
    pub methods: Vec<MethodDef>,
}

/// The storage fields of the contract struct.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct StorageLayout {
    /// The name of the contract struct.
    pub contract: String,
    /// Its fields in declaration order.
    pub fields: Vec<StorageDef>,
}

/// What a method may do.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    /// Runs once at deployment, exported as `init`.
    Constructor,
    /// May change state.
    Call,
    /// Reads state only; the host rejects writes.
    View,
}

/// One exported method.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct MethodDef {
    /// The Rust name, which is also the wasm export name (the constructor exports as `init`).
    pub name: String,
    /// Constructor, state-changing call, or read-only view.
    pub kind: MethodKind,
    /// Arguments, borsh-encoded as a tuple in this order.
    pub args: Vec<FieldDef>,
    /// The type of the returned value (`()` when nothing is returned).
    pub returns: String,
    /// The error enum the method can revert with, if it returns `Result`.
    pub error: Option<String>,
}

/// A named, typed field (a method argument, a struct field or an event field).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// Field name; tuple fields are named `0`, `1`, ...
    pub name: String,
    /// A Rust type expression, see [`TypeExpr`].
    #[serde(rename = "type")]
    pub ty: String,
}

/// An event: a topic (its name) and borsh-encoded fields.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct EventDef {
    /// The event name, which is also its topic.
    pub name: String,
    /// Its fields in encoding order.
    pub fields: Vec<FieldDef>,
}

/// An error enum; a revert carries `code: u32 LE` followed by the variant's borsh fields.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ErrorDef {
    /// The enum's name.
    pub name: String,
    /// Every variant with its code.
    pub variants: Vec<ErrorVariantDef>,
}

/// One cause of failure.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ErrorVariantDef {
    /// The revert code, unique within the enum and below [`FIRST_RESERVED_CODE`].
    pub code: u32,
    /// The variant name.
    pub name: String,
    /// Fields carried in the revert data.
    pub fields: Vec<FieldDef>,
    /// The sentence shown to people, with `{field}` placeholders.
    pub message: String,
}

/// A user data type and its borsh layout.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    /// The type's name as written in type expressions.
    pub name: String,
    /// Struct fields or enum variants.
    pub layout: Layout,
}

/// The borsh layout of a user type.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Fields encoded one after another.
    Struct(Vec<FieldDef>),
    /// A one-byte variant index, then that variant's fields.
    Enum(Vec<VariantDef>),
}

/// One variant of a data enum.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct VariantDef {
    /// The variant name.
    pub name: String,
    /// Its fields (empty for a unit variant).
    pub fields: Vec<FieldDef>,
}

/// One storage field of the contract struct.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct StorageDef {
    /// The field name.
    pub name: String,
    /// The key prefix every entry of this field starts with.
    pub prefix: Vec<u8>,
    /// The collection type as written, e.g. `Map<Addr, u128>`.
    #[serde(rename = "type")]
    pub ty: String,
}

/// A contract's complete ABI, assembled from its fragments.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct Abi {
    /// ABI format version.
    pub version: u8,
    /// The contract's methods (absent in a module built without `#[contract]`).
    pub contract: Option<ContractDef>,
    /// The contract's storage layout.
    pub storage: Option<StorageLayout>,
    /// Events, sorted by name.
    pub events: Vec<EventDef>,
    /// Error enums, sorted by name.
    pub errors: Vec<ErrorDef>,
    /// User data types, sorted by name.
    pub types: Vec<TypeDef>,
}

/// Why an ABI section could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbiError {
    /// A fragment starts with a version byte this reader does not know.
    UnsupportedVersion(u8),
    /// The bytes at this offset are not a valid fragment.
    Malformed {
        /// Offset of the broken fragment in the section.
        offset: usize,
    },
    /// Two fragments declare the same name differently.
    Conflict(String),
}

impl core::fmt::Display for AbiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            AbiError::UnsupportedVersion(v) => write!(
                f,
                "the ABI section has format version {v}; this reader understands {FORMAT_VERSION}, {MERGED_VERSION} and {COMPRESSED_VERSION}"
            ),
            AbiError::Malformed { offset } => {
                write!(f, "the ABI section is malformed at byte {offset}")
            }
            AbiError::Conflict(name) => {
                write!(f, "the ABI section declares `{name}` twice, differently")
            }
        }
    }
}

impl std::error::Error for AbiError {}

impl Fragment {
    /// The bytes a macro places in the custom section: the version byte, then the fragment
    /// in the compact encoding (see `compact.rs`).
    pub fn to_section_bytes(&self) -> Vec<u8> {
        let mut out = compact::Out::default();
        out.bytes.push(FORMAT_VERSION);
        compact::Compact::write(self, &mut out);
        out.bytes
    }
}

impl Abi {
    /// Reads every fragment of a `kexin_abi` custom section.
    ///
    /// The same fragment may appear more than once (a type used by two crates); identical
    /// repeats are merged, different definitions under one name are an error.
    pub fn from_section(bytes: &[u8]) -> Result<Abi, AbiError> {
        if bytes.first() == Some(&MERGED_VERSION) {
            return compact::read_merged(&bytes[1..]).ok_or(AbiError::Malformed { offset: 0 });
        }
        if bytes.first() == Some(&COMPRESSED_VERSION) {
            let inflated =
                miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes[1..], MAX_INFLATED_BYTES)
                    .map_err(|_| AbiError::Malformed { offset: 1 })?;
            return compact::read_merged(&inflated).ok_or(AbiError::Malformed { offset: 1 });
        }
        let mut bytes = bytes;
        let total = bytes.len();
        let mut abi = Abi {
            version: FORMAT_VERSION,
            ..Abi::default()
        };
        while !bytes.is_empty() {
            let offset = total - bytes.len();
            let version = bytes[0];
            if version != FORMAT_VERSION {
                return Err(AbiError::UnsupportedVersion(version));
            }
            let mut input = compact::In::new(&bytes[1..]);
            let fragment = <Fragment as compact::Compact>::read(&mut input)
                .ok_or(AbiError::Malformed { offset })?;
            bytes = input.bytes;
            abi.add(fragment)?;
        }
        abi.events.sort_by(|a, b| a.name.cmp(&b.name));
        abi.errors.sort_by(|a, b| a.name.cmp(&b.name));
        abi.types.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(abi)
    }

    fn add(&mut self, fragment: Fragment) -> Result<(), AbiError> {
        fn merge<T: PartialEq>(
            list: &mut Vec<T>,
            item: T,
            name: impl Fn(&T) -> &str,
        ) -> Result<(), AbiError> {
            match list.iter().find(|x| name(x) == name(&item)) {
                Some(existing) if *existing == item => Ok(()),
                Some(_) => Err(AbiError::Conflict(name(&item).to_string())),
                None => {
                    list.push(item);
                    Ok(())
                }
            }
        }
        match fragment {
            Fragment::Contract(c) => match &self.contract {
                Some(existing) if *existing != c => Err(AbiError::Conflict(c.name)),
                _ => {
                    self.contract = Some(c);
                    Ok(())
                }
            },
            Fragment::Storage(layout) => match &self.storage {
                Some(existing) if *existing != layout => Err(AbiError::Conflict(layout.contract)),
                _ => {
                    self.storage = Some(layout);
                    Ok(())
                }
            },
            Fragment::Event(e) => merge(&mut self.events, e, |e| &e.name),
            Fragment::Error(e) => merge(&mut self.errors, e, |e| &e.name),
            Fragment::Type(t) => merge(&mut self.types, t, |t| &t.name),
        }
    }

    /// The ABI as one merged section (version byte [`MERGED_VERSION`], then a string table
    /// and the ABI), which is smaller than the fragments the linker concatenates.
    pub fn to_merged_section(&self) -> Vec<u8> {
        let mut out = vec![MERGED_VERSION];
        out.extend(compact::write_merged(self));
        out
    }

    /// The ABI as one compressed merged section (version byte [`COMPRESSED_VERSION`]), the
    /// form deployed contracts carry.
    pub fn to_compressed_section(&self) -> Vec<u8> {
        let mut out = vec![COMPRESSED_VERSION];
        out.extend(miniz_oxide::deflate::compress_to_vec(
            &compact::write_merged(self),
            10,
        ));
        out
    }

    /// The part of the ABI a deployed contract carries: everything needed to encode calls and
    /// decode results, events and errors (names, types, codes), without the error sentences
    /// and the storage layout, which stay in `NAME.abi.json`. Keeps the section small.
    pub fn interface(&self) -> Abi {
        let mut abi = self.clone();
        abi.storage = None;
        for error in &mut abi.errors {
            for variant in &mut error.variants {
                variant.message.clear();
            }
        }
        abi
    }

    /// The ABI as pretty JSON, the format of `NAME.abi.json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the ABI model always serialises")
    }

    /// The method with this name, if the contract has one.
    pub fn method(&self, name: &str) -> Option<&MethodDef> {
        self.contract
            .as_ref()?
            .methods
            .iter()
            .find(|m| m.name == name)
    }

    /// The event with this name (its topic).
    pub fn event(&self, name: &str) -> Option<&EventDef> {
        self.events.iter().find(|e| e.name == name)
    }

    /// The user type with this name.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Finds the error variant with this code among the given enum, or among all enums.
    pub fn error_variant(
        &self,
        error_enum: Option<&str>,
        code: u32,
    ) -> Option<(&ErrorDef, &ErrorVariantDef)> {
        self.errors
            .iter()
            .filter(|e| error_enum.is_none_or(|name| e.name == name))
            .find_map(|e| e.variants.iter().find(|v| v.code == code).map(|v| (e, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_event() -> Fragment {
        Fragment::Event(EventDef {
            name: "Transfer".into(),
            fields: vec![
                FieldDef {
                    name: "from".into(),
                    ty: "Addr".into(),
                },
                FieldDef {
                    name: "amount".into(),
                    ty: "u128".into(),
                },
            ],
        })
    }

    #[test]
    fn fragments_round_trip_through_a_section() {
        let mut section = sample_event().to_section_bytes();
        section.extend(sample_event().to_section_bytes());
        section.extend(
            Fragment::Type(TypeDef {
                name: "Role".into(),
                layout: Layout::Enum(vec![VariantDef {
                    name: "Minter".into(),
                    fields: vec![],
                }]),
            })
            .to_section_bytes(),
        );
        let abi = Abi::from_section(&section).unwrap();
        assert_eq!(abi.events.len(), 1, "identical repeats merge");
        assert_eq!(abi.types[0].name, "Role");
        assert!(abi.to_json().contains("\"Transfer\""));
    }

    #[test]
    fn a_merged_section_reads_back_as_the_same_abi() {
        let mut section = sample_event().to_section_bytes();
        for name in ["Mint", "Burn", "Approval"] {
            let Fragment::Event(mut event) = sample_event() else {
                unreachable!()
            };
            event.name = name.into();
            section.extend(Fragment::Event(event).to_section_bytes());
        }
        section.extend(
            Fragment::Error(ErrorDef {
                name: "TokenError".into(),
                variants: vec![ErrorVariantDef {
                    code: 1,
                    name: "Low".into(),
                    fields: vec![FieldDef {
                        name: "amount".into(),
                        ty: "u128".into(),
                    }],
                    message: "only {amount}".into(),
                }],
            })
            .to_section_bytes(),
        );
        let abi = Abi::from_section(&section).unwrap();
        let merged = abi.to_merged_section();
        assert!(
            merged.len() < section.len(),
            "{} < {}",
            merged.len(),
            section.len()
        );
        assert_eq!(Abi::from_section(&merged).unwrap(), abi);
        for cut in 1..merged.len() {
            assert!(Abi::from_section(&merged[..cut]).is_err(), "cut at {cut}");
        }
        let compressed = abi.to_compressed_section();
        assert!(
            compressed.len() < merged.len(),
            "{} < {}",
            compressed.len(),
            merged.len()
        );
        assert_eq!(Abi::from_section(&compressed).unwrap(), abi);
        for cut in 1..compressed.len() {
            assert!(
                Abi::from_section(&compressed[..cut]).is_err(),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn conflicting_definitions_are_rejected() {
        let mut section = sample_event().to_section_bytes();
        section.extend(
            Fragment::Event(EventDef {
                name: "Transfer".into(),
                fields: vec![],
            })
            .to_section_bytes(),
        );
        assert_eq!(
            Abi::from_section(&section),
            Err(AbiError::Conflict("Transfer".into()))
        );
    }

    #[test]
    fn unknown_version_and_garbage_are_rejected() {
        assert_eq!(
            Abi::from_section(&[9, 0]),
            Err(AbiError::UnsupportedVersion(9))
        );
        assert_eq!(
            Abi::from_section(&[FORMAT_VERSION, 200, 1]),
            Err(AbiError::Malformed { offset: 0 })
        );
    }
}
