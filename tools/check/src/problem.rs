//! The problems a module can have, one variant per cause, each displayed as a sentence.

use std::fmt;

use wasmparser::WasmFeatures;

/// A WebAssembly proposal beyond 1.0 (MVP) that a module may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proposal {
    /// Sign-extension operators (`i32.extend8_s`, ...).
    SignExtension,
    /// Non-trapping float-to-int conversions (`i32.trunc_sat_f32_s`, ...).
    SaturatingFloatToInt,
    /// Bulk memory operations (`memory.copy`, `memory.fill`, passive segments, ...).
    BulkMemory,
    /// Reference types (`externref`, `ref.func`, table instructions, several tables, ...).
    ReferenceTypes,
    /// Multi-value: functions and blocks with more than one result.
    MultiValue,
    /// Fixed-width SIMD (`v128`).
    Simd,
    /// Relaxed SIMD.
    RelaxedSimd,
    /// Threads: shared memories and atomic instructions.
    Threads,
    /// Shared-everything threads.
    SharedEverythingThreads,
    /// Tail calls (`return_call`, ...).
    TailCall,
    /// Exception handling (`throw`, `try_table`, tags).
    Exceptions,
    /// The legacy exception-handling encoding (`try`, `catch`, ...).
    LegacyExceptions,
    /// Garbage collection (structs, arrays, recursion groups, subtyping).
    Gc,
    /// Typed function references (`call_ref`, ...).
    FunctionReferences,
    /// Several memories.
    MultiMemory,
    /// 64-bit memories and tables.
    Memory64,
    /// Extended constant expressions (`i32.add` in an initializer).
    ExtendedConst,
    /// Custom page sizes for memories.
    CustomPageSizes,
    /// Memory control (`memory.discard`, ...).
    MemoryControl,
    /// Stack switching (continuations).
    StackSwitching,
    /// Wide arithmetic (`i64.add128`, ...).
    WideArithmetic,
    /// Custom descriptors.
    CustomDescriptors,
}

impl Proposal {
    /// The wasmparser feature flag that enables this proposal.
    pub fn wasm_feature(self) -> WasmFeatures {
        match self {
            Proposal::SignExtension => WasmFeatures::SIGN_EXTENSION,
            Proposal::SaturatingFloatToInt => WasmFeatures::SATURATING_FLOAT_TO_INT,
            Proposal::BulkMemory => WasmFeatures::BULK_MEMORY,
            Proposal::ReferenceTypes => WasmFeatures::REFERENCE_TYPES,
            Proposal::MultiValue => WasmFeatures::MULTI_VALUE,
            Proposal::Simd => WasmFeatures::SIMD,
            Proposal::RelaxedSimd => WasmFeatures::RELAXED_SIMD,
            Proposal::Threads => WasmFeatures::THREADS,
            Proposal::SharedEverythingThreads => WasmFeatures::SHARED_EVERYTHING_THREADS,
            Proposal::TailCall => WasmFeatures::TAIL_CALL,
            Proposal::Exceptions => WasmFeatures::EXCEPTIONS,
            Proposal::LegacyExceptions => WasmFeatures::LEGACY_EXCEPTIONS,
            Proposal::Gc => WasmFeatures::GC,
            Proposal::FunctionReferences => WasmFeatures::FUNCTION_REFERENCES,
            Proposal::MultiMemory => WasmFeatures::MULTI_MEMORY,
            Proposal::Memory64 => WasmFeatures::MEMORY64,
            Proposal::ExtendedConst => WasmFeatures::EXTENDED_CONST,
            Proposal::CustomPageSizes => WasmFeatures::CUSTOM_PAGE_SIZES,
            Proposal::MemoryControl => WasmFeatures::MEMORY_CONTROL,
            Proposal::StackSwitching => WasmFeatures::STACK_SWITCHING,
            Proposal::WideArithmetic => WasmFeatures::WIDE_ARITHMETIC,
            Proposal::CustomDescriptors => WasmFeatures::CUSTOM_DESCRIPTORS,
        }
    }

    /// The proposal's usual name, e.g. `bulk-memory`.
    pub fn name(self) -> &'static str {
        match self {
            Proposal::SignExtension => "sign-extension",
            Proposal::SaturatingFloatToInt => "non-trapping float-to-int",
            Proposal::BulkMemory => "bulk-memory",
            Proposal::ReferenceTypes => "reference-types",
            Proposal::MultiValue => "multi-value",
            Proposal::Simd => "SIMD",
            Proposal::RelaxedSimd => "relaxed-SIMD",
            Proposal::Threads => "threads",
            Proposal::SharedEverythingThreads => "shared-everything-threads",
            Proposal::TailCall => "tail-call",
            Proposal::Exceptions => "exception-handling",
            Proposal::LegacyExceptions => "legacy exception-handling",
            Proposal::Gc => "GC",
            Proposal::FunctionReferences => "function-references",
            Proposal::MultiMemory => "multi-memory",
            Proposal::Memory64 => "memory64",
            Proposal::ExtendedConst => "extended-const",
            Proposal::CustomPageSizes => "custom-page-sizes",
            Proposal::MemoryControl => "memory-control",
            Proposal::StackSwitching => "stack-switching",
            Proposal::WideArithmetic => "wide-arithmetic",
            Proposal::CustomDescriptors => "custom-descriptors",
        }
    }
}

impl fmt::Display for Proposal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A function by index in the function index space (imports first), with its name if known.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FuncRef {
    /// The function index.
    pub index: u32,
    /// The name from the `name` section, else an export name, else the import name.
    pub name: Option<String>,
}

impl fmt::Display for FuncRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "function {} (`{}`)", self.index, Escaped(name)),
            None => write!(f, "function {}", self.index),
        }
    }
}

/// Where an instruction sits: in a function body or in a constant expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    /// The body of a function.
    Function(FuncRef),
    /// The initializer of a global, by global index.
    GlobalInit(u32),
    /// The offset expression of a data segment, by segment index.
    DataOffset(u32),
    /// The offset expression of an element segment, by segment index.
    ElementOffset(u32),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Function(func) => func.fmt(f),
            Location::GlobalInit(i) => write!(f, "the initializer of global {i}"),
            Location::DataOffset(i) => write!(f, "the offset of data segment {i}"),
            Location::ElementOffset(i) => write!(f, "the offset of element segment {i}"),
        }
    }
}

/// A counted limit of the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Memories, imported and defined.
    Memories,
    /// Tables, imported and defined.
    Tables,
    /// Functions, imported and defined.
    Functions,
    /// Globals, imported and defined.
    Globals,
    /// Bytes in the code section.
    CodeBytes,
    /// Data segments.
    DataSegments,
    /// Bytes in all data segments together.
    DataBytes,
}

impl Limit {
    fn describe(self, found: u64) -> String {
        match self {
            Limit::Memories => format!("module has {found} memories"),
            Limit::Tables => format!("module has {found} tables"),
            Limit::Functions => format!("module has {found} functions (imported and defined)"),
            Limit::Globals => format!("module has {found} globals (imported and defined)"),
            Limit::CodeBytes => format!("code section is {found} bytes"),
            Limit::DataSegments => format!("module has {found} data segments"),
            Limit::DataBytes => format!("data segments hold {found} bytes"),
        }
    }
}

/// One reason a module is not accepted by the profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The bytes could not be read as a WebAssembly module.
    Malformed {
        /// Byte offset of the error.
        offset: usize,
        /// What was wrong, as the parser says it.
        message: String,
    },
    /// The WebAssembly 1.0 validator rejected the module for a reason no other variant names
    /// (a type error, an index out of bounds, ...).
    Invalid {
        /// Byte offset of the error.
        offset: usize,
        /// The validator's message.
        message: String,
    },
    /// An instruction that computes with, loads, stores or converts floats.
    FloatInstruction {
        /// Where the instruction is.
        at: Location,
        /// The instruction's text name, e.g. `f64.add`.
        instruction: String,
        /// Byte offset of the instruction.
        offset: usize,
    },
    /// An instruction from a proposal the profile does not allow.
    ProposalInstruction {
        /// Where the instruction is.
        at: Location,
        /// The instruction's text name, e.g. `memory.copy`.
        instruction: String,
        /// The proposal that defines it.
        proposal: Proposal,
        /// Byte offset of the instruction.
        offset: usize,
    },
    /// Something other than an instruction that needs a proposal the profile does not allow.
    ProposalFeature {
        /// What the module does, as a clause, e.g. "data segment 0 is passive".
        what: String,
        /// The proposal it needs.
        proposal: Proposal,
        /// Byte offset of the thing.
        offset: usize,
    },
    /// A function whose type has a float parameter or result.
    FloatSignature {
        /// The function.
        func: FuncRef,
        /// Its type, e.g. `(f64) -> (i32)`.
        signature: String,
    },
    /// A function that declares float locals.
    FloatLocals {
        /// The function.
        func: FuncRef,
        /// How many locals the declaration has.
        count: u32,
        /// Their type, `f32` or `f64`.
        ty: String,
    },
    /// A global of float type.
    FloatGlobal {
        /// The global index.
        index: u32,
        /// Its name from the `name` section, or an export name.
        name: Option<String>,
        /// Its type, `f32` or `f64`.
        ty: String,
    },
    /// An import from a module other than the profile's import module.
    ImportFromOtherModule {
        /// The import's module name.
        module: String,
        /// The import's name.
        name: String,
        /// The only module the profile allows.
        allowed: &'static str,
    },
    /// A function import from the host module whose name is not a host function.
    UnknownHostFunction {
        /// The import's module name.
        module: String,
        /// The import's name.
        name: String,
    },
    /// A host function import whose type differs from the host ABI's.
    ImportSignature {
        /// The import's module name.
        module: String,
        /// The import's name.
        name: String,
        /// The type the module declares.
        found: String,
        /// The type the host ABI defines.
        expected: String,
    },
    /// An import of a memory, table, global or tag.
    ImportNotFunction {
        /// The import's module name.
        module: String,
        /// The import's name.
        name: String,
        /// What is imported: `memory`, `table`, `global` or `tag`.
        kind: &'static str,
    },
    /// A required export is missing.
    MissingExport {
        /// The export name.
        name: &'static str,
        /// What it must be, e.g. "a function () -> ()".
        expected: String,
    },
    /// A required export is of the wrong kind.
    ExportKind {
        /// The export name.
        name: String,
        /// What it is: `function`, `memory`, `table`, `global` or `tag`.
        found: &'static str,
        /// What it must be.
        expected: String,
    },
    /// An exported function with a type other than the one the profile requires.
    ExportSignature {
        /// The export name.
        name: String,
        /// The function's type.
        found: String,
        /// The type the profile requires.
        expected: String,
    },
    /// An export of a kind the profile does not allow (a table or a tag).
    ExportNotAllowed {
        /// The export name.
        name: String,
        /// What it is: `table` or `tag`.
        kind: &'static str,
    },
    /// The module has a start function.
    StartFunction {
        /// The start function.
        func: FuncRef,
    },
    /// A memory without a declared maximum.
    MemoryNoMaximum {
        /// The memory index.
        index: u32,
        /// The profile's largest maximum, in bytes.
        limit_bytes: u64,
    },
    /// A memory whose maximum exceeds the profile's.
    MemoryMaximumTooLarge {
        /// The memory index.
        index: u32,
        /// The declared maximum, in pages.
        maximum: u64,
        /// The profile's largest maximum, in pages.
        limit: u32,
    },
    /// A memory without a maximum whose initial size already exceeds the profile's maximum.
    MemoryInitialTooLarge {
        /// The memory index.
        index: u32,
        /// The initial size, in pages.
        initial: u64,
        /// The profile's largest maximum, in pages.
        limit: u32,
    },
    /// A memory whose initial size is larger than its maximum.
    MemoryInitialAboveMaximum {
        /// The memory index.
        index: u32,
        /// The initial size, in pages.
        initial: u64,
        /// The maximum, in pages.
        maximum: u64,
    },
    /// A table without a declared maximum.
    TableNoMaximum {
        /// The table index.
        index: u32,
        /// The profile's largest table, in elements.
        limit: u32,
    },
    /// A table that may hold more elements than the profile allows.
    TableTooLarge {
        /// The table index.
        index: u32,
        /// The larger of its initial size and maximum, in elements.
        elements: u64,
        /// The profile's largest table, in elements.
        limit: u32,
    },
    /// A function that declares more locals than the profile allows.
    TooManyLocals {
        /// The function.
        func: FuncRef,
        /// How many locals it declares (parameters not included).
        found: u64,
        /// The profile's limit.
        limit: u32,
    },
    /// A module-wide count or size above the profile's limit.
    TooMany {
        /// What is counted.
        limit: Limit,
        /// The module's count.
        found: u64,
        /// The profile's limit.
        max: u64,
    },
}

/// A name from the module, with control characters escaped so that a problem stays one line.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// "32 pages (2 MiB)" or "3 pages (192 KiB)".
fn pages(n: u64) -> String {
    let unit = if n == 1 { "page" } else { "pages" };
    if n.is_multiple_of(16) {
        format!("{n} {unit} ({} MiB)", n / 16)
    } else {
        format!("{n} {unit} ({} KiB)", n.saturating_mul(64))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Malformed { offset, message } => {
                write!(f, "module is malformed at offset {offset:#x}: {message}")
            }
            Problem::Invalid { offset, message } => write!(
                f,
                "module is not valid WebAssembly 1.0 at offset {offset:#x}: {message}"
            ),
            Problem::FloatInstruction {
                at,
                instruction,
                offset,
            } => write!(
                f,
                "{at} uses float instruction `{instruction}` at offset {offset:#x}"
            ),
            Problem::ProposalInstruction {
                at,
                instruction,
                proposal,
                offset,
            } => write!(
                f,
                "{at}: instruction `{instruction}` at offset {offset:#x} needs the {proposal} \
                 proposal, which the kexin profile does not allow"
            ),
            Problem::ProposalFeature {
                what,
                proposal,
                offset,
            } => write!(
                f,
                "{what} at offset {offset:#x}; that needs the {proposal} proposal, which the \
                 kexin profile does not allow"
            ),
            Problem::FloatSignature { func, signature } => write!(
                f,
                "{func} has type {signature}; the kexin profile forbids floats"
            ),
            Problem::FloatLocals { func, count, ty } => {
                let locals = if *count == 1 { "local" } else { "locals" };
                write!(
                    f,
                    "{func} declares {count} {locals} of type `{ty}`; the kexin profile forbids floats"
                )
            }
            Problem::FloatGlobal { index, name, ty } => {
                write!(f, "global {index}")?;
                if let Some(name) = name {
                    write!(f, " (`{}`)", Escaped(name))?;
                }
                write!(f, " has type `{ty}`; the kexin profile forbids floats")
            }
            Problem::ImportFromOtherModule {
                module,
                name,
                allowed,
            } => {
                let (module, name) = (Escaped(module), Escaped(name));
                write!(
                    f,
                    "import `{module}.{name}` is from module `{module}`; the kexin profile allows \
                     imports only from `{allowed}`"
                )
            }
            Problem::UnknownHostFunction { module, name } => {
                let (module, name) = (Escaped(module), Escaped(name));
                write!(
                    f,
                    "import `{module}.{name}` is not a host function: the host ABI has no `{name}`"
                )
            }
            Problem::ImportSignature {
                module,
                name,
                found,
                expected,
            } => {
                let (module, name) = (Escaped(module), Escaped(name));
                write!(
                    f,
                    "import `{module}.{name}` has type {found}, the host ABI defines {expected}"
                )
            }
            Problem::ImportNotFunction { module, name, kind } => {
                let (module, name) = (Escaped(module), Escaped(name));
                write!(
                    f,
                    "import `{module}.{name}` is a {kind}; the kexin profile allows importing \
                     only host functions"
                )?;
                if *kind == "memory" {
                    f.write_str(" (the module must define and export its own memory)")?;
                }
                Ok(())
            }
            Problem::MissingExport { name, expected } => {
                write!(f, "missing required export `{name}` ({expected})")
            }
            Problem::ExportKind {
                name,
                found,
                expected,
            } => {
                let name = Escaped(name);
                write!(f, "export `{name}` is a {found}; it must be {expected}")
            }
            Problem::ExportSignature {
                name,
                found,
                expected,
            } => {
                let name = Escaped(name);
                write!(
                    f,
                    "exported function `{name}` has type {found}; it must be {expected} (a \
                     contract reads its input and writes its result through host calls)"
                )
            }
            Problem::ExportNotAllowed { name, kind } => {
                let name = Escaped(name);
                write!(
                    f,
                    "export `{name}` is a {kind}; the kexin profile allows exporting only \
                     functions, the memory and globals"
                )
            }
            Problem::StartFunction { func } => write!(
                f,
                "module has a start function ({func}); it would run before the host sets up a call"
            ),
            Problem::MemoryNoMaximum { index, limit_bytes } => {
                f.write_str("memory")?;
                if *index != 0 {
                    write!(f, " {index}")?;
                }
                write!(
                    f,
                    " has no maximum; link with `-C link-arg=--max-memory={limit_bytes}`"
                )
            }
            Problem::MemoryMaximumTooLarge {
                index,
                maximum,
                limit,
            } => {
                f.write_str("memory")?;
                if *index != 0 {
                    write!(f, " {index}")?;
                }
                write!(
                    f,
                    " maximum is {}; the kexin profile allows at most {}: link with \
                     `-C link-arg=--max-memory={}`",
                    pages(*maximum),
                    pages(u64::from(*limit)),
                    u64::from(*limit) * 65_536
                )
            }
            Problem::MemoryInitialTooLarge {
                index,
                initial,
                limit,
            } => {
                f.write_str("memory")?;
                if *index != 0 {
                    write!(f, " {index}")?;
                }
                write!(
                    f,
                    " starts with {}; the kexin profile allows at most {}",
                    pages(*initial),
                    pages(u64::from(*limit))
                )
            }
            Problem::MemoryInitialAboveMaximum {
                index,
                initial,
                maximum,
            } => {
                f.write_str("memory")?;
                if *index != 0 {
                    write!(f, " {index}")?;
                }
                write!(
                    f,
                    " starts with {} but its maximum is {}",
                    pages(*initial),
                    pages(*maximum)
                )
            }
            Problem::TableNoMaximum { index, limit } => write!(
                f,
                "table {index} has no maximum; the kexin profile requires one of at most {limit} \
                 elements"
            ),
            Problem::TableTooLarge {
                index,
                elements,
                limit,
            } => write!(
                f,
                "table {index} may hold {elements} elements; the kexin profile allows at most \
                 {limit}"
            ),
            Problem::TooManyLocals { func, found, limit } => write!(
                f,
                "{func} declares {found} locals; the kexin profile allows at most {limit}"
            ),
            Problem::TooMany { limit, found, max } => write!(
                f,
                "{}; the kexin profile allows at most {max}",
                limit.describe(*found)
            ),
        }
    }
}
