//! Chain profiles: what a chain accepts, as data.

use wasmparser::WasmFeatures;

use crate::problem::Proposal;

/// A value type a profile can name in a signature: the host ABI uses only integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    /// A 32-bit integer (also every pointer and length into the contract's memory).
    I32,
    /// A 64-bit integer.
    I64,
}

impl ValType {
    /// Whether this is the same type as a value type read from a module.
    pub fn matches(self, ty: wasmparser::ValType) -> bool {
        matches!(
            (self, ty),
            (ValType::I32, wasmparser::ValType::I32) | (ValType::I64, wasmparser::ValType::I64)
        )
    }
}

/// A function type: parameter and result types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The parameter types, in order.
    pub params: &'static [ValType],
    /// The result types, in order.
    pub results: &'static [ValType],
}

impl Signature {
    /// The signature `() -> ()`.
    pub const UNIT: Signature = Signature {
        params: &[],
        results: &[],
    };

    /// Whether a function type read from a module is exactly this signature.
    pub fn matches(&self, ty: &wasmparser::FuncType) -> bool {
        same_types(self.params, ty.params()) && same_types(self.results, ty.results())
    }
}

fn same_types(ours: &[ValType], theirs: &[wasmparser::ValType]) -> bool {
    ours.len() == theirs.len() && ours.iter().zip(theirs).all(|(a, b)| a.matches(*b))
}

impl std::fmt::Display for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |types: &[ValType]| {
            types
                .iter()
                .map(|t| match t {
                    ValType::I32 => "i32",
                    ValType::I64 => "i64",
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "({}) -> ({})", names(self.params), names(self.results))
    }
}

/// A function the host provides under the profile's import module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HostFunction {
    /// The import name, e.g. `storage_read`.
    pub name: &'static str,
    /// The parameter types, in order.
    pub params: &'static [ValType],
    /// The result types, in order (empty for functions that return nothing, and for `revert`,
    /// which never returns).
    pub results: &'static [ValType],
}

impl HostFunction {
    /// This host function's type as a [`Signature`].
    pub fn signature(&self) -> Signature {
        Signature {
            params: self.params,
            results: self.results,
        }
    }
}

/// What a required export must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequiredKind {
    /// The module's linear memory.
    Memory,
    /// A function of exactly this signature.
    Function(Signature),
}

impl std::fmt::Display for RequiredKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequiredKind::Memory => f.write_str("the module's memory"),
            RequiredKind::Function(sig) => write!(f, "a function {sig}"),
        }
    }
}

/// An export every module must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequiredExport {
    /// The export name.
    pub name: &'static str,
    /// What the export must be.
    pub kind: RequiredKind,
}

/// Everything a chain accepts in a contract module, as data.
///
/// The CLI's `check` and the testkit's loader read the same profile, so a module that passes the
/// testkit is one the chain accepts. WebAssembly 1.0 (MVP) is always allowed, except floats
/// unless [`Profile::allow_floats`]; anything else must be listed in
/// [`Profile::allowed_proposals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Profile {
    /// A short name for the profile, e.g. `kexin_v1`.
    pub name: &'static str,
    /// The only module name imports may come from.
    pub import_module: &'static str,
    /// The host functions a module may import, each with its exact signature.
    pub imports: &'static [HostFunction],
    /// Exports every module must have.
    pub required_exports: &'static [RequiredExport],
    /// The signature every exported function must have (required exports have their own).
    pub exported_function: Signature,
    /// WebAssembly proposals beyond 1.0 that modules may use.
    pub allowed_proposals: &'static [Proposal],
    /// Whether float types and instructions are allowed.
    pub allow_floats: bool,
    /// Whether the module may have a start function.
    pub allow_start_function: bool,
    /// The most memories (imported and defined) a module may have.
    pub max_memories: u32,
    /// The largest memory maximum, in 64 KiB pages; a memory must declare a maximum.
    pub max_memory_pages: u32,
    /// The most tables (imported and defined) a module may have.
    pub max_tables: u32,
    /// The most elements a table may hold; a table must declare a maximum.
    pub max_table_elements: u32,
    /// The most functions, imported and defined, a module may have.
    pub max_functions: u32,
    /// The most globals, imported and defined, a module may have.
    pub max_globals: u32,
    /// The most locals one function may declare (parameters not included).
    pub max_function_locals: u32,
    /// The largest code section, in bytes.
    pub max_code_bytes: usize,
    /// The most data segments a module may have.
    pub max_data_segments: u32,
    /// The most bytes all data segments together may hold.
    pub max_data_bytes: usize,
}

impl Profile {
    /// The host function with this import name, if the profile has one.
    pub fn host_function(&self, name: &str) -> Option<&HostFunction> {
        self.imports.iter().find(|f| f.name == name)
    }

    /// The required export with this name, if any.
    pub fn required_export(&self, name: &str) -> Option<&RequiredExport> {
        self.required_exports.iter().find(|e| e.name == name)
    }

    /// Whether the profile allows a WebAssembly proposal.
    pub fn allows(&self, proposal: Proposal) -> bool {
        self.allowed_proposals.contains(&proposal)
    }

    /// The feature set to validate (and to compile) modules with: WebAssembly 1.0 plus the
    /// allowed proposals.
    pub fn wasm_features(&self) -> WasmFeatures {
        self.allowed_proposals
            .iter()
            .fold(WasmFeatures::WASM1, |features, p| {
                features | p.wasm_feature()
            })
    }

    /// The memory maximum in bytes, as the linker's `--max-memory` wants it.
    pub fn max_memory_bytes(&self) -> u64 {
        u64::from(self.max_memory_pages) * 65_536
    }
}

use ValType::{I32, I64};

/// Shorthand for the profile table below.
const fn host(
    name: &'static str,
    params: &'static [ValType],
    results: &'static [ValType],
) -> HostFunction {
    HostFunction {
        name,
        params,
        results,
    }
}

/// The Kexin v1 chain: the host ABI of `kexin_v1` (see `sdk/kexin/src/host/kexin_v1.rs`),
/// WebAssembly 1.0 without floats, and limits that keep a call cheap to compile and run.
pub const KEXIN_V1: Profile = Profile {
    name: "kexin_v1",
    import_module: "kexin_v1",
    // Exactly the imports of `sdk/kexin/src/host/kexin_v1.rs` (18 in v1.0, 21 in v1.1), in
    // its order; `tests/profile.rs` checks the two agree.
    imports: &[
        // call input and output
        host("input_len", &[], &[I32]),
        host("input_read", &[I32], &[]),
        host("return_data", &[I32, I32], &[]),
        // Never returns; the wasm type still has no results.
        host("revert", &[I32, I32], &[]),
        // storage
        host("storage_read", &[I32, I32, I32, I32], &[I32]),
        host("storage_write", &[I32, I32, I32, I32], &[]),
        host("storage_remove", &[I32, I32], &[I32]),
        host("storage_next_key", &[I32, I32, I32, I32, I32, I32], &[I32]),
        // context
        host("caller", &[I32], &[]),
        host("self_address", &[I32], &[]),
        host("block_height", &[], &[I64]),
        host("block_time", &[], &[I64]),
        host("gas_left", &[], &[I64]),
        // events and logs
        host("emit_event", &[I32, I32, I32, I32], &[]),
        host("debug_log", &[I32, I32], &[]),
        // crypto
        host("sha3_256", &[I32, I32, I32], &[]),
        host("keccak_256", &[I32, I32, I32], &[]),
        host("sm3", &[I32, I32, I32], &[]),
        // cross-contract calls (v1.1)
        host("call_contract", &[I32, I32, I32, I32, I32], &[I32]),
        host("call_result", &[I32, I32], &[I32]),
        host("reentered", &[], &[I32]),
    ],
    required_exports: &[
        // The host copies input and results through the exported memory.
        RequiredExport {
            name: "memory",
            kind: RequiredKind::Memory,
        },
        // Called once when the contract is deployed.
        RequiredExport {
            name: "init",
            kind: RequiredKind::Function(Signature::UNIT),
        },
    ],
    // Contracts read their input and write their result through host calls.
    exported_function: Signature::UNIT,
    // Pure WebAssembly 1.0: what `wasm32v1-none` emits, and what every engine agrees on.
    allowed_proposals: &[],
    // NaN bit patterns may differ between hosts; consensus code cannot use them.
    allow_floats: false,
    // A start function would run at instantiation, before the host has set up a call.
    allow_start_function: false,
    // The host reads and writes one exported memory; more would need multi-memory anyway.
    max_memories: 1,
    // 2 MiB: a contract's stack (32 KiB with `-zstack-size=32768`), data and heap fit easily,
    // and an engine may reserve the whole maximum for every instance.
    max_memory_pages: 32,
    // One table for `call_indirect` (Rust's trait objects and function pointers).
    max_tables: 1,
    // Each element is one function pointer; 4096 is far more than a contract has functions
    // whose address is taken, and bounds the table the engine allocates per instance.
    max_table_elements: 4096,
    // A large contract has a few hundred functions; compile time grows with the count.
    max_functions: 10_000,
    // rustc emits a handful (the stack pointer); 256 leaves room for hand-written modules.
    max_globals: 256,
    // Locals are zeroed on every call; rustc rarely needs more than a few hundred.
    max_function_locals: 4_096,
    // 512 KiB of code: ~25x a typical optimised contract (a fungible token is ~6 KB), and it
    // bounds single-pass compile time per deployment.
    max_code_bytes: 512 * 1024,
    // wasm-ld merges data into a few segments (.rodata, .data); every segment costs a copy per
    // instantiation.
    max_data_segments: 256,
    // Data is copied into memory at every instantiation; 512 KiB is a quarter of the memory.
    max_data_bytes: 512 * 1024,
};
