//! Checks a wasm module against a chain profile and reports every problem, precisely.
//!
//! The testkit's loader runs [`check`] before it hands a module to the engine, and
//! `cargo kexin check FILE.wasm` prints the same [`Report`]; both use the same [`Profile`], so a
//! module that passes the testkit is one the chain accepts.
//!
//! ```
//! let report = kexin_check::check(b"\0asm", &kexin_check::KEXIN_V1);
//! assert!(!report.is_ok());
//! println!("{report}");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ops;
mod problem;
mod profile;
mod scan;

use std::fmt;

pub use problem::{FuncRef, Limit, Location, Problem, Proposal};
/// wasmparser's feature set, as [`Profile::wasm_features`] returns it (the wasmparser version
/// wasmer 7.4.2 uses, so the testkit can hand it to the engine's validator unchanged).
pub use wasmparser::WasmFeatures;

pub use profile::{
    HostFunction, Profile, RequiredExport, RequiredKind, Signature, ValType, KEXIN_V1,
};

/// The outcome of [`check`]: every problem found, and a summary of the module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every problem, roughly in the order of the bytes they concern; empty if the profile
    /// accepts the module.
    pub problems: Vec<Problem>,
    /// What the module contains, as far as it could be read.
    pub info: ModuleInfo,
}

impl Report {
    /// Whether the profile accepts the module, i.e. there are no problems.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for Report {
    /// One line per problem (nothing if there are none).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// A summary of a module, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleInfo {
    /// The size of the whole module in bytes.
    pub byte_size: usize,
    /// Every import as (module, name), in order.
    pub imports: Vec<(String, String)>,
    /// Every exported function's export name, in order.
    pub exported_functions: Vec<String>,
    /// The first memory's size, if the module defines one.
    pub memory: Option<MemoryInfo>,
    /// How many functions the module imports.
    pub imported_functions: u32,
    /// How many functions the module defines.
    pub functions: u32,
    /// The size of the code section in bytes.
    pub code_bytes: usize,
    /// The bytes all data segments hold together.
    pub data_bytes: usize,
    /// Every custom section, in order (contracts carry a `kexin_abi` section).
    pub custom_sections: Vec<CustomSection>,
}

/// A memory's size limits, in 64 KiB pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryInfo {
    /// The size the memory starts with.
    pub initial_pages: u64,
    /// The size it may grow to, if declared.
    pub maximum_pages: Option<u64>,
}

/// A custom section's name and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomSection {
    /// The section name, e.g. `kexin_abi` or `name`.
    pub name: String,
    /// The size of its contents in bytes (without the name).
    pub size: usize,
}

/// Checks a wasm module against a profile and returns every problem it finds.
///
/// Never panics: bytes that are not a module, or a truncated one, give a
/// [`Problem::Malformed`] (or [`Problem::Invalid`]) entry.
pub fn check(wasm: &[u8], profile: &Profile) -> Report {
    let (problems, info) = scan::run(wasm, profile);
    Report { problems, info }
}

/// The contents of the first custom section named `name`, if the module has one.
///
/// A later section of the same name is ignored. Sections after a point where the module cannot
/// be parsed are not found; use [`check`] to learn whether the module is well-formed.
pub fn custom_section<'a>(wasm: &'a [u8], name: &str) -> Option<&'a [u8]> {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(wasmparser::Payload::CustomSection(reader)) if reader.name() == name => {
                return Some(reader.data());
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}
