//! One WAT file per problem in `tests/corpus/`; each test asserts the exact report.

use kexin_check::{check, custom_section, Problem, Profile, Proposal, Report, KEXIN_V1};

fn assemble(file: &str) -> Vec<u8> {
    let path = format!("{}/tests/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
    wat::parse_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn report(file: &str) -> Report {
    check(&assemble(file), &KEXIN_V1)
}

fn lines(report: &Report) -> Vec<String> {
    report.problems.iter().map(ToString::to_string).collect()
}

/// Asserts that the corpus file has exactly these problems, in this order.
fn assert_problems(file: &str, expected: &[&str]) {
    let report = report(file);
    assert_eq!(lines(&report), expected, "{file}");
    assert!(!report.is_ok(), "{file}");
}

#[test]
fn a_minimal_contract_passes() {
    let wasm = assemble("good.wat");
    let report = check(&wasm, &KEXIN_V1);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.to_string(), "");

    let info = &report.info;
    assert_eq!(info.byte_size, wasm.len());
    assert_eq!(
        info.imports,
        [("kexin_v1".to_string(), "storage_write".to_string())]
    );
    assert_eq!(info.exported_functions, ["init", "ping"]);
    let memory = info.memory.expect("memory");
    assert_eq!((memory.initial_pages, memory.maximum_pages), (1, Some(32)));
    assert_eq!((info.imported_functions, info.functions), (1, 2));
    assert!(info.code_bytes > 0);
    assert_eq!(info.data_bytes, 1);
    let custom: Vec<&str> = info
        .custom_sections
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert!(custom.contains(&"kexin_abi"), "{custom:?}");
    assert_eq!(
        custom_section(&wasm, "kexin_abi"),
        Some(&br#"{"name":"good"}"#[..])
    );
    assert_eq!(custom_section(&wasm, "absent"), None);
}

#[test]
fn float_instructions_are_reported_with_function_name_and_offset() {
    assert_problems(
        "float_instruction.wat",
        &[
            "function 1 (`token::transfer`) uses float instruction `f64.const` at offset 0x42",
            "function 1 (`token::transfer`) uses float instruction `f64.const` at offset 0x4b",
            "function 1 (`token::transfer`) uses float instruction `f64.add` at offset 0x54",
        ],
    );
}

#[test]
fn float_types_in_signatures_are_reported() {
    assert_problems(
        "float_signature.wat",
        &["function 1 (`average`) has type (f64) -> (f64); the kexin profile forbids floats"],
    );
}

#[test]
fn bulk_memory_instructions_are_reported_each() {
    assert_problems(
        "bulk_memory.wat",
        &[
            "function 1 (`memcpy`): instruction `memory.copy` at offset 0x41 needs the \
             bulk-memory proposal, which the kexin profile does not allow",
            "function 2 (`memset`): instruction `memory.fill` at offset 0x4e needs the \
             bulk-memory proposal, which the kexin profile does not allow",
        ],
    );
}

#[test]
fn sign_extension_instructions_are_reported() {
    assert_problems(
        "sign_extension.wat",
        &[
            "function 1 (`to_i8`): instruction `i32.extend8_s` at offset 0x3b needs the \
           sign-extension proposal, which the kexin profile does not allow",
        ],
    );
}

#[test]
fn reference_types_are_reported() {
    assert_problems(
        "reference_types.wat",
        &[
            "type 1, (externref) -> (), uses `externref` at offset 0xe; that needs the \
           reference-types proposal, which the kexin profile does not allow",
        ],
    );
}

#[test]
fn multi_value_results_are_reported() {
    assert_problems(
        "multi_value.wat",
        &[
            "type 1, () -> (i32, i32), has more than one result at offset 0xe; that needs the \
           multi-value proposal, which the kexin profile does not allow",
        ],
    );
}

#[test]
fn init_is_required() {
    assert_problems(
        "missing_init.wat",
        &["missing required export `init` (a function () -> ())"],
    );
}

#[test]
fn memory_must_be_exported() {
    assert_problems(
        "missing_memory_export.wat",
        &["missing required export `memory` (the module's memory)"],
    );
}

#[test]
fn memory_must_declare_a_maximum() {
    assert_problems(
        "memory_no_maximum.wat",
        &["memory has no maximum; link with `-C link-arg=--max-memory=2097152`"],
    );
}

#[test]
fn memory_maximum_is_limited() {
    assert_problems(
        "memory_maximum_too_large.wat",
        &[
            "memory maximum is 64 pages (4 MiB); the kexin profile allows at most 32 pages \
           (2 MiB): link with `-C link-arg=--max-memory=2097152`",
        ],
    );
}

#[test]
fn imports_must_be_host_functions() {
    assert_problems(
        "unknown_import.wat",
        &[
            "import `kexin_v1.storage_clear` is not a host function: the host ABI has no \
           `storage_clear`",
        ],
    );
}

#[test]
fn imports_must_have_the_host_signature() {
    assert_problems(
        "import_wrong_signature.wat",
        &[
            "import `kexin_v1.storage_write` has type (i32, i32) -> (), the host ABI defines \
           (i32, i32, i32, i32) -> ()",
        ],
    );
}

#[test]
fn imports_must_come_from_the_host_module() {
    assert_problems(
        "import_other_module.wat",
        &[
            "import `env.abort` is from module `env`; the kexin profile allows imports only \
           from `kexin_v1`",
        ],
    );
}

#[test]
fn memory_cannot_be_imported() {
    assert_problems(
        "imported_memory.wat",
        &[
            "import `env.memory` is a memory; the kexin profile allows importing only host \
           functions (the module must define and export its own memory)",
        ],
    );
}

#[test]
fn start_functions_are_not_allowed() {
    assert_problems(
        "start_function.wat",
        &[
            "module has a start function (function 1 (`setup`)); it would run before the host \
           sets up a call",
        ],
    );
}

#[test]
fn exported_functions_take_no_parameters() {
    assert_problems(
        "export_with_params.wat",
        &[
            "exported function `transfer` has type (i32, i64) -> (); it must be () -> () (a \
           contract reads its input and writes its result through host calls)",
        ],
    );
}

#[test]
fn tables_are_limited() {
    assert_problems(
        "table_too_large.wat",
        &["table 0 may hold 5000 elements; the kexin profile allows at most 4096"],
    );
}

#[test]
fn globals_are_limited() {
    assert_problems(
        "too_many_globals.wat",
        &["module has 257 globals (imported and defined); the kexin profile allows at most 256"],
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let report = report("several_problems.wat");
    assert_eq!(
        lines(&report),
        [
            "import `env.abort` is from module `env`; the kexin profile allows imports only \
             from `kexin_v1`",
            "import `kexin_v1.storage_write` has type (i32, i32) -> (), the host ABI defines \
             (i32, i32, i32, i32) -> ()",
            "memory has no maximum; link with `-C link-arg=--max-memory=2097152`",
            "exported function `run` has type (i32) -> (); it must be () -> () (a contract \
             reads its input and writes its result through host calls)",
            "module has a start function (function 6 (`setup`)); it would run before the host \
             sets up a call",
            "function 2 (`run`): instruction `i32.extend8_s` at offset 0x73 needs the \
             sign-extension proposal, which the kexin profile does not allow",
            "function 3 (`copy`): instruction `memory.copy` at offset 0x7e needs the \
             bulk-memory proposal, which the kexin profile does not allow",
            "function 4 (`half`) uses float instruction `f32.convert_i32_s` at offset 0x87",
            "function 4 (`half`) uses float instruction `f32.const` at offset 0x88",
            "function 4 (`half`) uses float instruction `f32.mul` at offset 0x8d",
            "function 4 (`half`) uses float instruction `i32.trunc_f32_s` at offset 0x8e",
            "function 5 (`fill`): instruction `memory.fill` at offset 0x98 needs the \
             bulk-memory proposal, which the kexin profile does not allow",
            "missing required export `init` (a function () -> ())",
        ]
    );
    // The report prints one line per problem.
    assert_eq!(report.to_string().lines().count(), report.problems.len());
}

#[test]
fn problems_are_data_with_offsets() {
    let report = report("bulk_memory.wat");
    assert!(matches!(
        &report.problems[0],
        Problem::ProposalInstruction {
            proposal: Proposal::BulkMemory,
            offset: 0x41,
            instruction,
            ..
        } if instruction == "memory.copy"
    ));
}

#[test]
fn a_profile_that_allows_a_proposal_accepts_its_instructions() {
    const BULK: Profile = Profile {
        name: "kexin_v1+bulk-memory",
        allowed_proposals: &[Proposal::BulkMemory],
        ..KEXIN_V1
    };
    let report = check(&assemble("bulk_memory.wat"), &BULK);
    assert!(report.is_ok(), "{report}");
}

/// Checks a module given as WAT fields after a valid memory and `init`.
fn check_fields(fields: &str, profile: &Profile) -> Vec<String> {
    let text = format!(
        r#"(module (memory (export "memory") 1 32) (func $init (export "init")) {fields})"#
    );
    lines(&check(&wat::parse_str(&text).unwrap(), profile))
}

#[test]
fn float_globals_and_locals_are_reported() {
    assert_eq!(
        check_fields(
            "(global $ratio (mut f64) (f64.const 1)) (func $f (local f32 f32) (local i32))",
            &KEXIN_V1
        ),
        [
            "global 0 (`ratio`) has type `f64`; the kexin profile forbids floats",
            "function 1 (`f`) declares 2 locals of type `f32`; the kexin profile forbids floats",
        ]
    );
}

#[test]
fn locals_per_function_are_limited() {
    const FEW_LOCALS: Profile = Profile {
        max_function_locals: 2,
        ..KEXIN_V1
    };
    assert_eq!(
        check_fields("(func $busy (local i32 i32) (local i64))", &FEW_LOCALS),
        ["function 1 (`busy`) declares 3 locals; the kexin profile allows at most 2"]
    );
}

#[test]
fn functions_are_limited() {
    const FEW_FUNCTIONS: Profile = Profile {
        max_functions: 2,
        ..KEXIN_V1
    };
    assert_eq!(
        check_fields("(func $a) (func $b)", &FEW_FUNCTIONS),
        ["module has 3 functions (imported and defined); the kexin profile allows at most 2"]
    );
}

#[test]
fn tables_need_a_maximum_and_cannot_be_exported() {
    assert_eq!(
        check_fields(r#"(table (export "t") 1 funcref)"#, &KEXIN_V1),
        [
            "table 0 has no maximum; the kexin profile requires one of at most 4096 elements",
            "export `t` is a table; the kexin profile allows exporting only functions, the \
             memory and globals",
        ]
    );
}

#[test]
fn exported_globals_are_fine() {
    assert!(check_fields(
        r#"(global (export "__data_end") i32 (i32.const 8)) (global (export "__heap_base") i32 (i32.const 16))"#,
        &KEXIN_V1
    )
    .is_empty());
}

#[test]
fn required_exports_must_have_the_right_kind_and_type() {
    let text =
        r#"(module (memory 1 1) (func (export "memory")) (func (export "init") (param i32)))"#;
    assert_eq!(
        lines(&check(&wat::parse_str(text).unwrap(), &KEXIN_V1)),
        [
            "export `memory` is a function; it must be the module's memory",
            "exported function `init` has type (i32) -> (); it must be () -> () (a contract \
             reads its input and writes its result through host calls)",
        ]
    );
}

#[test]
fn other_validation_errors_come_from_the_validator() {
    assert_eq!(
        check_fields(
            "(func $wrong (result i32) i64.const 1) (func $extra i32.const 1)",
            &KEXIN_V1
        ),
        [
            "module is not valid WebAssembly 1.0 at offset 0x3b: type mismatch: expected i32, \
             found i64",
            "module is not valid WebAssembly 1.0 at offset 0x40: type mismatch: values \
             remaining on stack at end of block",
        ]
    );
}

#[test]
fn memory_initial_size_cannot_exceed_its_maximum() {
    let text = r#"(module (memory (export "memory") 4 2) (func (export "init")))"#;
    assert_eq!(
        lines(&check(&wat::parse_str(text).unwrap(), &KEXIN_V1)),
        ["memory starts with 4 pages (256 KiB) but its maximum is 2 pages (128 KiB)"]
    );
}

#[test]
fn non_mvp_instructions_are_named_after_their_proposal() {
    assert_eq!(
        check_fields(
            "(func $sel (param i32) (result i32) local.get 0 local.get 0 local.get 0 select (result i32)) \
             (func $tail return_call $init) \
             (func $sat (param i32) (result i32) local.get 0 f32.convert_i32_s i32.trunc_sat_f32_s)",
            &KEXIN_V1
        ),
        [
            "function 1 (`sel`): instruction `select` at offset 0x41 needs the reference-types \
             proposal, which the kexin profile does not allow",
            "function 2 (`tail`): instruction `return_call` at offset 0x47 needs the tail-call \
             proposal, which the kexin profile does not allow",
            "function 3 (`sat`) uses float instruction `f32.convert_i32_s` at offset 0x4e",
            "function 3 (`sat`): instruction `i32.trunc_sat_f32_s` at offset 0x4f needs the \
             non-trapping float-to-int proposal, which the kexin profile does not allow",
        ]
    );
}

#[test]
fn components_are_not_modules() {
    let component = wat::parse_str("(component)").unwrap();
    assert_eq!(
        lines(&check(&component, &KEXIN_V1)),
        ["module is malformed at offset 0x0: this is a WebAssembly component, not a core module"]
    );
}

#[test]
fn bytes_that_are_not_wasm_are_malformed() {
    assert_eq!(
        lines(&check(b"hello world", &KEXIN_V1)),
        [
            "module is malformed at offset 0x0: not a WebAssembly module: it does not start with \
          the bytes `\\0asm`"
        ]
    );
    assert_eq!(
        lines(&check(b"", &KEXIN_V1)),
        ["module is malformed at offset 0x0: unexpected end-of-file"]
    );
}

#[test]
fn post_mvp_memory_declarations_are_named() {
    assert_problems(
        "shared_memory.wat",
        &["memory 0 is shared at offset 0x15; that needs the threads proposal, which the kexin profile does not allow"],
    );
    assert_problems(
        "memory64.wat",
        &["memory 0 is a 64-bit memory at offset 0x15; that needs the memory64 proposal, which the kexin profile does not allow"],
    );
}
