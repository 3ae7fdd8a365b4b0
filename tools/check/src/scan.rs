//! The checker: one pass of our own over the module, plus wasmparser's validator.
//!
//! Our pass reads the module with every wasm feature enabled, so that it can name each
//! instruction and type the profile does not allow and keep going after the first. The
//! validator, restricted to the profile's features, is the authority on everything else; its
//! errors are reported unless one of our findings already covers the same bytes.

use std::collections::HashMap;
use std::ops::Range;

use wasmparser::{
    BinaryReaderError, CompositeInnerType, ConstExpr, Data, DataKind, Element, ElementKind,
    Encoding, Export, ExternalKind, FromReader, FuncType, FunctionBody, Global, Import,
    KnownCustom, MemoryType, Name, Operator, Parser, Payload, RecGroup, SectionLimited, Table,
    TableInit, TypeRef, ValType, ValidPayload, Validator,
};

use crate::ops;
use crate::problem::{FuncRef, Limit, Location, Problem, Proposal};
use crate::profile::{Profile, RequiredKind};
use crate::{CustomSection, MemoryInfo, ModuleInfo};

/// A problem, where it sorts in the report, and which bytes it explains.
struct Finding {
    problem: Problem,
    /// Byte offset used to order the report; module-wide findings sort last.
    order: usize,
    /// A validator error inside these bytes is this same problem, so it is not reported again.
    covers: Option<Range<usize>>,
}

/// Checks `wasm` against `profile`; see [`crate::check`].
pub(crate) fn run(wasm: &[u8], profile: &Profile) -> (Vec<Problem>, ModuleInfo) {
    let mut checker = Checker::new(profile, wasm.len());
    checker.scan(wasm);
    let validator_errors = validate(wasm, profile);
    let Checker {
        mut findings, info, ..
    } = checker;
    let covered = Coverage::new(&findings);
    for error in validator_errors {
        let offset = to_usize(error.offset());
        if !covered.contains(offset) {
            findings.push(Finding {
                problem: Problem::Invalid {
                    offset,
                    message: one_line(error.message()),
                },
                order: offset,
                covers: None,
            });
        }
    }
    findings.sort_by_key(|f| f.order);
    (findings.into_iter().map(|f| f.problem).collect(), info)
}

/// The byte ranges our findings explain, for looking up validator errors quickly.
struct Coverage {
    /// Ranges sorted by start.
    starts: Vec<usize>,
    /// `max_end[i]` is the largest end among the first `i + 1` ranges.
    max_end: Vec<usize>,
}

impl Coverage {
    fn new(findings: &[Finding]) -> Coverage {
        let mut ranges: Vec<Range<usize>> =
            findings.iter().filter_map(|f| f.covers.clone()).collect();
        ranges.sort_by_key(|r| r.start);
        let starts = ranges.iter().map(|r| r.start).collect();
        let max_end = ranges
            .iter()
            .scan(0, |max, r| {
                *max = r.end.max(*max);
                Some(*max)
            })
            .collect();
        Coverage { starts, max_end }
    }

    /// Whether some range contains `offset`.
    fn contains(&self, offset: usize) -> bool {
        let candidates = self.starts.partition_point(|&start| start <= offset);
        candidates > 0 && self.max_end[candidates - 1] > offset
    }
}

/// Runs wasmparser's validator with the profile's features; returns the module's first error
/// and, where the module-level checks got far enough, the first error of every function body.
fn validate(wasm: &[u8], profile: &Profile) -> Vec<BinaryReaderError> {
    let features = profile.wasm_features();
    let mut validator = Validator::new_with_features(features);
    let mut parser = Parser::new(0);
    parser.set_features(features);
    let mut errors = Vec::new();
    let mut bodies = Vec::new();
    for payload in parser.parse_all(wasm) {
        let result = payload.and_then(|payload| validator.payload(&payload));
        match result {
            Ok(ValidPayload::Func(func, body)) => bodies.push((func, body)),
            Ok(_) => {}
            Err(error) => {
                errors.push(error);
                break;
            }
        }
    }
    let mut allocations = Default::default();
    for (func, body) in bodies {
        let mut func_validator = func.into_validator(allocations);
        if let Err(error) = func_validator.validate(&body) {
            errors.push(error);
        }
        allocations = func_validator.into_allocations();
    }
    errors
}

/// A parser message as one line: the report prints one line per problem.
fn one_line(message: &str) -> String {
    if message.starts_with("magic header not detected") {
        return "not a WebAssembly module: it does not start with the bytes `\\0asm`".to_string();
    }
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn to_usize(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

fn range(r: Range<u64>) -> Range<usize> {
    to_usize(r.start)..to_usize(r.end)
}

fn is_float(ty: ValType) -> bool {
    matches!(ty, ValType::F32 | ValType::F64)
}

/// The proposal a value type needs beyond WebAssembly 1.0, if any.
fn type_proposal(ty: ValType) -> Option<Proposal> {
    match ty {
        ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64 => None,
        ValType::V128 => Some(Proposal::Simd),
        ValType::Ref(_) => Some(Proposal::ReferenceTypes),
    }
}

/// `(i32, f64) -> (i32)`.
fn signature(ty: &FuncType) -> String {
    let list = |types: &[ValType]| {
        types
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("({}) -> ({})", list(ty.params()), list(ty.results()))
}

fn kind_name(kind: ExternalKind) -> &'static str {
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => "function",
        ExternalKind::Table => "table",
        ExternalKind::Memory => "memory",
        ExternalKind::Global => "global",
        ExternalKind::Tag => "tag",
    }
}

/// Names for functions and globals, gathered before the main pass because the `name` section
/// comes after the code.
#[derive(Default)]
struct Names {
    funcs: HashMap<u32, String>,
    globals: HashMap<u32, String>,
}

impl Names {
    /// Names from the `name` section, else the first export name, else the import name.
    fn gather(payloads: &[Payload<'_>]) -> Names {
        let mut from_section = Names::default();
        let mut fallback = Names::default();
        let mut imported_funcs = 0u32;
        let mut imported_globals = 0u32;
        for payload in payloads {
            match payload {
                Payload::ImportSection(reader) => {
                    for import in reader.clone().into_imports().map_while(Result::ok) {
                        let name = format!("{}.{}", import.module, import.name);
                        match import.ty {
                            TypeRef::Func(_) | TypeRef::FuncExact(_) => {
                                fallback.funcs.entry(imported_funcs).or_insert(name);
                                imported_funcs = imported_funcs.saturating_add(1);
                            }
                            TypeRef::Global(_) => {
                                fallback.globals.entry(imported_globals).or_insert(name);
                                imported_globals = imported_globals.saturating_add(1);
                            }
                            _ => {}
                        }
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader.clone().into_iter().map_while(Result::ok) {
                        let map = match export.kind {
                            ExternalKind::Func | ExternalKind::FuncExact => &mut fallback.funcs,
                            ExternalKind::Global => &mut fallback.globals,
                            _ => continue,
                        };
                        map.entry(export.index)
                            .or_insert_with(|| export.name.to_string());
                    }
                }
                Payload::CustomSection(reader) if reader.name() == "name" => {
                    // Names are debug information: a malformed `name` section is ignored, as
                    // engines do.
                    if let KnownCustom::Name(names) = reader.as_known() {
                        for name in names.map_while(Result::ok) {
                            let (map, list) = match name {
                                Name::Function(list) => (&mut from_section.funcs, list),
                                Name::Global(list) => (&mut from_section.globals, list),
                                _ => continue,
                            };
                            for naming in list.into_iter().map_while(Result::ok) {
                                map.entry(naming.index)
                                    .or_insert_with(|| naming.name.to_string());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (index, name) in fallback.funcs {
            from_section.funcs.entry(index).or_insert(name);
        }
        for (index, name) in fallback.globals {
            from_section.globals.entry(index).or_insert(name);
        }
        from_section
    }
}

struct Checker<'p> {
    profile: &'p Profile,
    findings: Vec<Finding>,
    info: ModuleInfo,
    names: Names,
    /// Every type, `None` for types that are not function types.
    types: Vec<Option<FuncType>>,
    /// The type index of every function, imported ones first.
    func_types: Vec<u32>,
    /// Declared counts, which may exceed what the module actually holds.
    functions: u64,
    globals: u64,
    memories: u64,
    tables: u64,
    /// Function bodies seen so far.
    bodies: u32,
    data_segments: u64,
    data_bytes: u64,
    export_names: Vec<String>,
    /// Whether the parser reached the end of the module.
    complete: bool,
    end: usize,
}

impl<'p> Checker<'p> {
    fn new(profile: &'p Profile, len: usize) -> Self {
        Checker {
            profile,
            findings: Vec::new(),
            info: ModuleInfo {
                byte_size: len,
                ..ModuleInfo::default()
            },
            names: Names::default(),
            types: Vec::new(),
            func_types: Vec::new(),
            functions: 0,
            globals: 0,
            memories: 0,
            tables: 0,
            bodies: 0,
            data_segments: 0,
            data_bytes: 0,
            export_names: Vec::new(),
            complete: false,
            end: len,
        }
    }

    fn report(&mut self, problem: Problem, order: usize, covers: Option<Range<usize>>) {
        self.findings.push(Finding {
            problem,
            order,
            covers,
        });
    }

    fn malformed(&mut self, error: &BinaryReaderError) {
        let offset = to_usize(error.offset());
        self.report(
            Problem::Malformed {
                offset,
                message: one_line(error.message()),
            },
            offset,
            Some(offset..offset.saturating_add(1)),
        );
    }

    /// A feature the profile does not allow, unless it does.
    fn feature(&mut self, proposal: Proposal, what: impl FnOnce() -> String, at: Range<usize>) {
        if !self.profile.allows(proposal) {
            let problem = Problem::ProposalFeature {
                what: what(),
                proposal,
                offset: at.start,
            };
            self.report(problem, at.start, Some(at));
        }
    }

    /// [`Self::feature`] for each `(present, proposal, what)` of a table or memory: the
    /// post-MVP properties a declaration can have, as data.
    fn features(
        &mut self,
        kind: &str,
        index: u32,
        features: &[(bool, Proposal, &str)],
        at: &Range<usize>,
    ) {
        for &(present, proposal, what) in features {
            if present {
                self.feature(proposal, || format!("{kind} {index} {what}"), at.clone());
            }
        }
    }

    fn func_ref(&self, index: u32) -> FuncRef {
        FuncRef {
            index,
            name: self.names.funcs.get(&index).cloned(),
        }
    }

    fn func_type(&self, func: u32) -> Option<&FuncType> {
        let ty = *self.func_types.get(usize::try_from(func).ok()?)?;
        self.types.get(usize::try_from(ty).ok()?)?.as_ref()
    }

    fn scan(&mut self, wasm: &[u8]) {
        let mut payloads = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload {
                Ok(payload) => payloads.push(payload),
                Err(error) => {
                    self.malformed(&error);
                    break;
                }
            }
        }
        self.names = Names::gather(&payloads);
        for payload in payloads {
            if !self.payload(payload) {
                return;
            }
        }
        if self.complete {
            self.module_end();
        }
    }

    /// Checks one payload; false if the rest of the input is not a core module to check.
    fn payload(&mut self, payload: Payload<'_>) -> bool {
        match payload {
            Payload::Version {
                encoding: Encoding::Component,
                range: r,
                ..
            } => {
                let r = range(r);
                self.report(
                    Problem::Malformed {
                        offset: r.start,
                        message: "this is a WebAssembly component, not a core module".to_string(),
                    },
                    r.start,
                    Some(r),
                );
                return false;
            }
            Payload::TypeSection(reader) => {
                for (at, group) in self.items(reader) {
                    self.rec_group(group, at);
                }
            }
            Payload::ImportSection(reader) => self.imports(reader),
            Payload::FunctionSection(reader) => {
                self.functions = self.functions.saturating_add(u64::from(reader.count()));
                for (at, ty) in self.items(reader) {
                    self.func_types.push(ty);
                    self.info.functions = self.info.functions.saturating_add(1);
                    let index = reader_count(self.func_types.len() - 1);
                    self.float_signature(index, at.start);
                }
            }
            Payload::TableSection(reader) => {
                let section = range(reader.range());
                for (at, table) in self.items(reader) {
                    self.table(table, at);
                }
                self.count_limit(Limit::Tables, self.tables, self.profile.max_tables, section);
            }
            Payload::MemorySection(reader) => {
                let section = range(reader.range());
                for (at, memory) in self.items(reader) {
                    self.memory(memory, at);
                }
                let max = self.profile.max_memories;
                self.count_limit(Limit::Memories, self.memories, max, section);
            }
            Payload::TagSection(reader) => {
                let r = range(reader.range());
                self.feature(
                    Proposal::Exceptions,
                    || "module has a tag section".to_string(),
                    r,
                );
            }
            Payload::GlobalSection(reader) => {
                let section = range(reader.range());
                for (at, global) in self.items(reader) {
                    self.global(global, at);
                }
                let max = self.profile.max_globals;
                self.count_limit(Limit::Globals, self.globals, max, section);
            }
            Payload::ExportSection(reader) => {
                for (at, export) in self.items(reader) {
                    self.export(export, at);
                }
            }
            Payload::StartSection { func, range: r } if !self.profile.allow_start_function => {
                let func = self.func_ref(func);
                self.report(Problem::StartFunction { func }, to_usize(r.start), None);
            }
            Payload::ElementSection(reader) => {
                for (index, (at, element)) in (0u32..).zip(self.items(reader)) {
                    self.element(index, element, at);
                }
            }
            Payload::DataSection(reader) => {
                let section = range(reader.range());
                self.data_segments = u64::from(reader.count());
                for (index, (at, data)) in (0u32..).zip(self.items(reader)) {
                    self.data(index, data, at);
                }
                self.info.data_bytes = to_usize(self.data_bytes);
                let max = self.profile.max_data_segments;
                let segments = self.data_segments;
                self.count_limit(Limit::DataSegments, segments, max, section.clone());
                if self.data_bytes > self.profile.max_data_bytes as u64 {
                    let problem = Problem::TooMany {
                        limit: Limit::DataBytes,
                        found: self.data_bytes,
                        max: self.profile.max_data_bytes as u64,
                    };
                    self.report(problem, section.start, None);
                }
            }
            Payload::CodeSectionStart { range: r, size, .. } => {
                self.info.code_bytes = to_usize(u64::from(size));
                if self.info.code_bytes > self.profile.max_code_bytes {
                    let problem = Problem::TooMany {
                        limit: Limit::CodeBytes,
                        found: u64::from(size),
                        max: self.profile.max_code_bytes as u64,
                    };
                    self.report(problem, to_usize(r.start), None);
                }
            }
            Payload::CodeSectionEntry(body) => {
                let index = self.info.imported_functions.saturating_add(self.bodies);
                self.bodies = self.bodies.saturating_add(1);
                self.body(index, &body);
            }
            Payload::CustomSection(reader) => self.info.custom_sections.push(CustomSection {
                name: reader.name().to_string(),
                size: reader.data().len(),
            }),
            Payload::End(_) => self.complete = true,
            // The validator reports unknown sections and the data count section on its own.
            _ => {}
        }
        true
    }

    /// Reads every item of a section with its byte range; a read error ends the section.
    fn items<'a, T: FromReader<'a>>(
        &mut self,
        reader: SectionLimited<'a, T>,
    ) -> Vec<(Range<usize>, T)> {
        let end = to_usize(reader.range().end);
        let mut items: Vec<(usize, T)> = Vec::new();
        for item in reader.into_iter_with_offsets() {
            match item {
                Ok((offset, item)) => items.push((to_usize(offset), item)),
                Err(error) => {
                    self.malformed(&error);
                    break;
                }
            }
        }
        let ends: Vec<usize> = items.iter().skip(1).map(|(start, _)| *start).collect();
        items
            .into_iter()
            .zip(ends.into_iter().chain(std::iter::once(end)))
            .map(|((start, item), end)| (start..end.max(start), item))
            .collect()
    }

    fn count_limit(&mut self, limit: Limit, found: u64, max: u32, section: Range<usize>) {
        if found > u64::from(max) {
            let problem = Problem::TooMany {
                limit,
                found,
                max: u64::from(max),
            };
            // The validator's own "too many memories/tables" errors point into the section.
            let covers = matches!(limit, Limit::Memories | Limit::Tables).then(|| section.clone());
            self.report(problem, section.start, covers);
        }
    }

    fn rec_group(&mut self, group: RecGroup, at: Range<usize>) {
        if group.is_explicit_rec_group() {
            let first = self.types.len();
            self.feature(
                Proposal::Gc,
                || format!("type {first} is in an explicit recursion group"),
                at.clone(),
            );
        }
        for sub in group.into_types() {
            let index = self.types.len();
            if !sub.is_final || sub.supertype_idx.is_some() {
                self.feature(
                    Proposal::Gc,
                    || format!("type {index} declares subtyping"),
                    at.clone(),
                );
            }
            if sub.composite_type.shared {
                self.feature(
                    Proposal::SharedEverythingThreads,
                    || format!("type {index} is shared"),
                    at.clone(),
                );
            }
            if sub.composite_type.descriptor_idx.is_some() {
                self.feature(
                    Proposal::CustomDescriptors,
                    || format!("type {index} has a descriptor"),
                    at.clone(),
                );
            }
            match sub.composite_type.inner {
                CompositeInnerType::Func(ty) => {
                    if ty.results().len() > 1 {
                        self.feature(
                            Proposal::MultiValue,
                            || {
                                format!(
                                    "type {index}, {}, has more than one result",
                                    signature(&ty)
                                )
                            },
                            at.clone(),
                        );
                    }
                    let mut reported: Vec<ValType> = Vec::new();
                    for &value in ty.params().iter().chain(ty.results()) {
                        if reported.contains(&value) {
                            continue;
                        }
                        reported.push(value);
                        if let Some(proposal) = type_proposal(value) {
                            self.feature(
                                proposal,
                                || format!("type {index}, {}, uses `{value}`", signature(&ty)),
                                at.clone(),
                            );
                        }
                    }
                    self.types.push(Some(ty));
                }
                CompositeInnerType::Cont(_) => {
                    self.feature(
                        Proposal::StackSwitching,
                        || format!("type {index} is a continuation type"),
                        at.clone(),
                    );
                    self.types.push(None);
                }
                CompositeInnerType::Struct(_) | CompositeInnerType::Array(_) => {
                    self.feature(
                        Proposal::Gc,
                        || format!("type {index} is a struct or array type"),
                        at.clone(),
                    );
                    self.types.push(None);
                }
            }
        }
    }

    fn imports(&mut self, reader: SectionLimited<'_, wasmparser::Imports<'_>>) {
        let end = to_usize(reader.range().end);
        let mut imports: Vec<(usize, Import<'_>)> = Vec::new();
        for import in reader.into_imports_with_offsets() {
            match import {
                Ok((offset, import)) => imports.push((to_usize(offset), import)),
                Err(error) => {
                    self.malformed(&error);
                    break;
                }
            }
        }
        let ends: Vec<usize> = imports.iter().skip(1).map(|(start, _)| *start).collect();
        for ((start, import), end) in imports.into_iter().zip(ends.into_iter().chain([end])) {
            self.import(import, start..end.max(start));
        }
    }

    fn import(&mut self, import: Import<'_>, at: Range<usize>) {
        let module = import.module.to_string();
        let name = import.name.to_string();
        self.info.imports.push((module.clone(), name.clone()));
        let kind = match import.ty {
            TypeRef::Func(ty) | TypeRef::FuncExact(ty) => {
                self.func_types.push(ty);
                self.functions = self.functions.saturating_add(1);
                self.info.imported_functions = self.info.imported_functions.saturating_add(1);
                self.check_import_function(module, name, ty, at);
                return;
            }
            TypeRef::Memory(_) => {
                self.memories = self.memories.saturating_add(1);
                "memory"
            }
            TypeRef::Table(_) => {
                self.tables = self.tables.saturating_add(1);
                "table"
            }
            TypeRef::Global(_) => {
                self.globals = self.globals.saturating_add(1);
                "global"
            }
            TypeRef::Tag(_) => "tag",
        };
        self.report(
            Problem::ImportNotFunction { module, name, kind },
            at.start,
            None,
        );
    }

    fn check_import_function(&mut self, module: String, name: String, ty: u32, at: Range<usize>) {
        let order = at.start;
        if module != self.profile.import_module {
            let allowed = self.profile.import_module;
            let problem = Problem::ImportFromOtherModule {
                module,
                name,
                allowed,
            };
            self.report(problem, order, None);
            return;
        }
        let Some(host) = self.profile.host_function(&name) else {
            self.report(Problem::UnknownHostFunction { module, name }, order, None);
            return;
        };
        let expected = host.signature();
        // An unknown type index is the validator's to report.
        let found = self.types.get(to_usize(u64::from(ty))).cloned().flatten();
        if let Some(found) = found {
            if !expected.matches(&found) {
                let problem = Problem::ImportSignature {
                    module,
                    name,
                    found: signature(&found),
                    expected: expected.to_string(),
                };
                self.report(problem, order, None);
            }
        }
    }

    /// Reports a defined function whose type has floats.
    fn float_signature(&mut self, index: u32, order: usize) {
        if self.profile.allow_floats {
            return;
        }
        let Some(ty) = self.func_type(index) else {
            return;
        };
        if ty.params().iter().chain(ty.results()).any(|t| is_float(*t)) {
            let problem = Problem::FloatSignature {
                func: self.func_ref(index),
                signature: signature(ty),
            };
            self.report(problem, order, None);
        }
    }

    fn table(&mut self, table: Table<'_>, at: Range<usize>) {
        let index = u32::try_from(self.tables).unwrap_or(u32::MAX);
        self.tables = self.tables.saturating_add(1);
        let ty = table.ty;
        if ty.element_type != wasmparser::RefType::FUNCREF {
            self.feature(
                Proposal::ReferenceTypes,
                || format!("table {index} holds `{}`", ty.element_type),
                at.clone(),
            );
        }
        let features = [
            (ty.table64, Proposal::Memory64, "is a 64-bit table"),
            (ty.shared, Proposal::SharedEverythingThreads, "is shared"),
            (
                matches!(table.init, TableInit::Expr(_)),
                Proposal::FunctionReferences,
                "has an initializer expression",
            ),
        ];
        self.features("table", index, &features, &at);
        let limit = self.profile.max_table_elements;
        match ty.maximum {
            None => self.report(Problem::TableNoMaximum { index, limit }, at.start, None),
            Some(maximum) => {
                let elements = maximum.max(ty.initial);
                if elements > u64::from(limit) {
                    let problem = Problem::TableTooLarge {
                        index,
                        elements,
                        limit,
                    };
                    self.report(problem, at.start, None);
                }
            }
        }
        if ty.maximum.is_none() && ty.initial > u64::from(limit) {
            let problem = Problem::TableTooLarge {
                index,
                elements: ty.initial,
                limit,
            };
            self.report(problem, at.start, None);
        }
    }

    fn memory(&mut self, ty: MemoryType, at: Range<usize>) {
        let index = u32::try_from(self.memories).unwrap_or(u32::MAX);
        self.memories = self.memories.saturating_add(1);
        if index == 0 {
            self.info.memory = Some(MemoryInfo {
                initial_pages: ty.initial,
                maximum_pages: ty.maximum,
            });
        }
        let features = [
            (ty.memory64, Proposal::Memory64, "is a 64-bit memory"),
            (ty.shared, Proposal::Threads, "is shared"),
            (
                ty.page_size_log2.is_some(),
                Proposal::CustomPageSizes,
                "declares a custom page size",
            ),
        ];
        self.features("memory", index, &features, &at);
        let limit = self.profile.max_memory_pages;
        match ty.maximum {
            None => {
                let limit_bytes = self.profile.max_memory_bytes();
                self.report(
                    Problem::MemoryNoMaximum { index, limit_bytes },
                    at.start,
                    None,
                );
                if ty.initial > u64::from(limit) {
                    let problem = Problem::MemoryInitialTooLarge {
                        index,
                        initial: ty.initial,
                        limit,
                    };
                    self.report(problem, at.start, None);
                }
            }
            Some(maximum) => {
                if ty.initial > maximum {
                    let problem = Problem::MemoryInitialAboveMaximum {
                        index,
                        initial: ty.initial,
                        maximum,
                    };
                    // The validator rejects this too.
                    self.report(problem, at.start, Some(at.clone()));
                }
                if maximum > u64::from(limit) {
                    let problem = Problem::MemoryMaximumTooLarge {
                        index,
                        maximum,
                        limit,
                    };
                    self.report(problem, at.start, None);
                }
            }
        }
    }

    fn global(&mut self, global: Global<'_>, at: Range<usize>) {
        let index = u32::try_from(self.globals).unwrap_or(u32::MAX);
        self.globals = self.globals.saturating_add(1);
        let ty = global.ty.content_type;
        if is_float(ty) && !self.profile.allow_floats {
            let problem = Problem::FloatGlobal {
                index,
                name: self.names.globals.get(&index).cloned(),
                ty: ty.to_string(),
            };
            self.report(problem, at.start, None);
        }
        if let Some(proposal) = type_proposal(ty) {
            self.feature(
                proposal,
                || format!("global {index} has type `{ty}`"),
                at.clone(),
            );
        }
        if global.ty.shared {
            self.feature(
                Proposal::SharedEverythingThreads,
                || format!("global {index} is shared"),
                at.clone(),
            );
        }
        self.const_expr(Location::GlobalInit(index), &global.init_expr);
    }

    fn export(&mut self, export: Export<'_>, at: Range<usize>) {
        let name = export.name.to_string();
        self.export_names.push(name.clone());
        let required = self.profile.required_export(&name).map(|r| r.kind);
        let found = kind_name(export.kind);
        let order = at.start;
        match (export.kind, required) {
            (ExternalKind::Func | ExternalKind::FuncExact, _) => {
                self.info.exported_functions.push(name.clone());
                let expected = match required {
                    Some(RequiredKind::Function(signature)) => signature,
                    Some(kind) => {
                        let expected = kind.to_string();
                        let problem = Problem::ExportKind {
                            name,
                            found,
                            expected,
                        };
                        self.report(problem, order, None);
                        return;
                    }
                    None => self.profile.exported_function,
                };
                // An unknown function index is the validator's to report.
                if let Some(ty) = self.func_type(export.index) {
                    if !expected.matches(ty) {
                        let problem = Problem::ExportSignature {
                            name,
                            found: signature(ty),
                            expected: expected.to_string(),
                        };
                        self.report(problem, order, None);
                    }
                }
            }
            (ExternalKind::Memory, None | Some(RequiredKind::Memory)) => {}
            (ExternalKind::Global, None) => {}
            (_, Some(kind)) => {
                let expected = kind.to_string();
                let problem = Problem::ExportKind {
                    name,
                    found,
                    expected,
                };
                self.report(problem, order, None);
            }
            (ExternalKind::Table | ExternalKind::Tag, None) => {
                self.report(Problem::ExportNotAllowed { name, kind: found }, order, None);
            }
        }
    }

    fn element(&mut self, index: u32, element: Element<'_>, at: Range<usize>) {
        match element.kind {
            ElementKind::Passive => self.feature(
                Proposal::BulkMemory,
                || format!("element segment {index} is passive"),
                at,
            ),
            ElementKind::Declared => self.feature(
                Proposal::BulkMemory,
                || format!("element segment {index} is declarative"),
                at,
            ),
            ElementKind::Active { offset_expr, .. } => {
                self.const_expr(Location::ElementOffset(index), &offset_expr);
            }
        }
    }

    fn data(&mut self, index: u32, data: Data<'_>, at: Range<usize>) {
        self.data_bytes = self.data_bytes.saturating_add(data.data.len() as u64);
        match data.kind {
            DataKind::Passive => self.feature(
                Proposal::BulkMemory,
                || format!("data segment {index} is passive"),
                at,
            ),
            DataKind::Active {
                memory_index,
                offset_expr,
            } => {
                if memory_index != 0 {
                    self.feature(
                        Proposal::MultiMemory,
                        || format!("data segment {index} initializes memory {memory_index}"),
                        at,
                    );
                }
                self.const_expr(Location::DataOffset(index), &offset_expr);
            }
        }
    }

    /// Checks the instructions of a constant expression. Floats in initializers are reported
    /// through the global's type instead.
    fn const_expr(&mut self, at: Location, expr: &ConstExpr<'_>) {
        let mut reader = expr.get_operators_reader();
        while !reader.eof() {
            let (op, offset) = match reader.read_with_offset() {
                Ok(read) => read,
                Err(error) => {
                    self.malformed(&error);
                    return;
                }
            };
            let span = to_usize(offset)..to_usize(reader.original_position());
            let info = ops::classify(&op);
            let proposal = match info.proposal {
                Some(proposal) => Some(proposal),
                None if matches!(
                    op,
                    Operator::I32Add
                        | Operator::I32Sub
                        | Operator::I32Mul
                        | Operator::I64Add
                        | Operator::I64Sub
                        | Operator::I64Mul
                ) =>
                {
                    Some(Proposal::ExtendedConst)
                }
                None => None,
            };
            if let Some(proposal) = proposal.filter(|p| !self.profile.allows(*p)) {
                let problem = Problem::ProposalInstruction {
                    at: at.clone(),
                    instruction: info.mnemonic(),
                    proposal,
                    offset: span.start,
                };
                self.report(problem, span.start, Some(span));
            }
        }
    }

    fn body(&mut self, index: u32, body: &FunctionBody<'_>) {
        let func = self.func_ref(index);
        let body_start = to_usize(body.range().start);
        let mut locals = match body.get_locals_reader() {
            Ok(locals) => locals,
            Err(error) => return self.malformed(&error),
        };
        let mut declared = 0u64;
        for _ in 0..locals.get_count() {
            let (count, ty) = match locals.read() {
                Ok(group) => group,
                Err(error) => return self.malformed(&error),
            };
            declared = declared.saturating_add(u64::from(count));
            let at = body_start..to_usize(locals.original_position());
            if count == 0 {
                continue;
            }
            if is_float(ty) && !self.profile.allow_floats {
                let problem = Problem::FloatLocals {
                    func: func.clone(),
                    count,
                    ty: ty.to_string(),
                };
                self.report(problem, at.start, None);
            }
            if let Some(proposal) = type_proposal(ty) {
                let f = &func;
                self.feature(
                    proposal,
                    || format!("{f} declares a local of type `{ty}`"),
                    at,
                );
            }
        }
        if declared > u64::from(self.profile.max_function_locals) {
            let problem = Problem::TooManyLocals {
                func: func.clone(),
                found: declared,
                limit: self.profile.max_function_locals,
            };
            // The validator has its own, much larger, limit on locals.
            let end = to_usize(locals.original_position());
            self.report(problem, body_start, Some(body_start..end));
        }
        let mut reader = wasmparser::OperatorsReader::new(locals.get_binary_reader());
        let at = Location::Function(func);
        while !reader.eof() {
            let (op, offset) = match reader.read_with_offset() {
                Ok(read) => read,
                Err(error) => return self.malformed(&error),
            };
            let span = to_usize(offset)..to_usize(reader.original_position());
            self.operator(&at, &op, span);
        }
    }

    fn operator(&mut self, at: &Location, op: &Operator<'_>, span: Range<usize>) {
        let info = ops::classify(op);
        let proposal = info.proposal.or_else(|| match op {
            Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => {
                match blockty {
                    wasmparser::BlockType::FuncType(_) => Some(Proposal::MultiValue),
                    wasmparser::BlockType::Type(ty) => type_proposal(*ty),
                    wasmparser::BlockType::Empty => None,
                }
            }
            Operator::CallIndirect { table_index, .. } if *table_index != 0 => {
                Some(Proposal::ReferenceTypes)
            }
            Operator::MemorySize { mem } | Operator::MemoryGrow { mem } if *mem != 0 => {
                Some(Proposal::MultiMemory)
            }
            _ => None,
        });
        match proposal {
            Some(proposal) if !self.profile.allows(proposal) => {
                let problem = Problem::ProposalInstruction {
                    at: at.clone(),
                    instruction: info.mnemonic(),
                    proposal,
                    offset: span.start,
                };
                self.report(problem, span.start, Some(span));
            }
            _ if info.is_float() && !self.profile.allow_floats => {
                let problem = Problem::FloatInstruction {
                    at: at.clone(),
                    instruction: info.mnemonic(),
                    offset: span.start,
                };
                self.report(problem, span.start, None);
            }
            _ => {}
        }
    }

    /// Checks that need the whole module: required exports and the function count.
    fn module_end(&mut self) {
        let end = self.end;
        for required in self.profile.required_exports {
            if !self.export_names.iter().any(|n| n == required.name) {
                let problem = Problem::MissingExport {
                    name: required.name,
                    expected: required.kind.to_string(),
                };
                self.report(problem, end, None);
            }
        }
        let max = self.profile.max_functions;
        self.count_limit(Limit::Functions, self.functions, max, end..end);
    }
}

fn reader_count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
