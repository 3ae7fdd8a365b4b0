//! Hostile modules: each must be rejected at load, trap, fault or run out of gas — never
//! panic or hang the testkit — and the chain must be left exactly as it was.

use kexin::client::FailureKind;
use kexin_testkit::Chain;

/// A module with the required exports, a 1..32-page memory and `body` spliced in.
fn module(body: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
            (import "kexin_v1" "storage_write" (func $storage_write (param i32 i32 i32 i32)))
            (import "kexin_v1" "storage_read" (func $storage_read (param i32 i32 i32 i32) (result i32)))
            (import "kexin_v1" "revert" (func $revert (param i32 i32)))
            (import "kexin_v1" "input_read" (func $input_read (param i32)))
            (import "kexin_v1" "debug_log" (func $debug_log (param i32 i32)))
            (memory (export "memory") 1 32)
            (func (export "init"))
            {body})"#
    ))
    .expect("test modules are valid WAT")
}

fn deploy(chain: &Chain, body: &str) -> kexin::Addr {
    let deployer = chain.account("attacker");
    chain
        .deploy_wasm(&module(body), &deployer, &[])
        .expect("the module deploys")
}

fn call(chain: &Chain, contract: &kexin::Addr, method: &str) -> kexin::client::Failure {
    let caller = chain.account("attacker");
    chain
        .call(contract, &caller, method, &[])
        .expect_err("the call must fail")
}

fn rejected(wat_text: &str) -> String {
    let chain = Chain::new();
    let deployer = chain.account("attacker");
    let wasm = wat::parse_str(wat_text).expect("valid WAT");
    let failure = chain
        .deploy_wasm(&wasm, &deployer, &[])
        .expect_err("the module must be rejected");
    assert_eq!(failure.kind, FailureKind::Rejected);
    failure.message
}

#[test]
fn an_infinite_loop_runs_out_of_gas() {
    let chain = Chain::new();
    let contract = deploy(&chain, r#"(func (export "spin") (loop br 0))"#);
    let failure = call(&chain, &contract, "spin");
    assert_eq!(failure.kind, FailureKind::OutOfGas);
    assert_eq!(failure.message, "`spin` ran out of gas (limit 10000000)");
    assert_eq!(chain.last_gas(), kexin_testkit::DEFAULT_GAS_LIMIT);
}

#[test]
fn writes_before_running_out_of_gas_are_undone() {
    let chain = Chain::new();
    let contract = deploy(
        &chain,
        r#"(func (export "write_then_spin")
              (call $storage_write (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 4))
              (loop br 0))"#,
    );
    let failure = call(&chain, &contract, "write_then_spin");
    assert_eq!(failure.kind, FailureKind::OutOfGas);
    assert!(chain.storage(&contract).is_empty());
}

#[test]
fn memory_growth_stops_at_the_declared_maximum() {
    let chain = Chain::new();
    // Grows one page at a time until `memory.grow` answers -1, then keeps asking.
    let contract = deploy(
        &chain,
        r#"(func (export "grow") (loop (drop (memory.grow (i32.const 1))) br 0))
           (func (export "grow_until_refused")
              (block (loop
                 (br_if 1 (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
                 br 0))
              (call $revert (i32.const 0) (i32.const 4)))"#,
    );
    let failure = call(&chain, &contract, "grow");
    assert_eq!(failure.kind, FailureKind::OutOfGas);
    // The refusal happens well within the gas limit: after 31 pages the maximum is reached.
    let failure = call(&chain, &contract, "grow_until_refused");
    assert!(
        matches!(failure.kind, FailureKind::Reverted { .. }),
        "{failure:?}"
    );
}

#[test]
fn a_module_without_a_memory_maximum_is_rejected_at_load() {
    let message = rejected(r#"(module (memory (export "memory") 1) (func (export "init")))"#);
    assert!(
        message.contains("memory has no maximum; link with `-C link-arg=--max-memory=2097152`"),
        "{message}"
    );
}

#[test]
fn a_module_asking_for_too_much_memory_is_rejected_at_load() {
    let message = rejected(r#"(module (memory (export "memory") 1 1024) (func (export "init")))"#);
    assert!(
        message.contains("memory maximum is 1024 pages"),
        "{message}"
    );
}

#[test]
fn deep_recursion_traps_instead_of_crashing_the_host() {
    let chain = Chain::new();
    chain.set_gas_limit(u32::MAX as u64 * 16);
    let contract = deploy(&chain, r#"(func $down (export "recurse") (call $down))"#);
    let failure = call(&chain, &contract, "recurse");
    assert_eq!(failure.kind, FailureKind::Trapped, "{failure:?}");
    assert!(
        failure.message.contains("`recurse` trapped"),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("call stack exhausted"),
        "{}",
        failure.message
    );
    // The chain still works afterwards.
    let failure = call(&chain, &contract, "recurse");
    assert_eq!(failure.kind, FailureKind::Trapped);
}

#[test]
fn out_of_bounds_pointers_given_to_host_functions_fault() {
    let chain = Chain::new();
    let contract = deploy(
        &chain,
        r#"(func (export "bad_key")
              (call $storage_write (i32.const 0xFFFF0000) (i32.const 16) (i32.const 0) (i32.const 1)))
           (func (export "bad_length")
              (call $storage_write (i32.const 0) (i32.const -1) (i32.const 0) (i32.const 1)))
           (func (export "bad_destination")
              (call $input_read (i32.const 0x7FFFFFFF)))
           (func (export "straddles_the_end")
              (call $debug_log (i32.const 65530) (i32.const 100)))
           (func (export "bad_capacity")
              (call $storage_write (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1))
              (drop (call $storage_read (i32.const 0) (i32.const 1) (i32.const 0) (i32.const -5))))"#,
    );
    let cases = [
        ("bad_key", "host function `storage_write` was given memory 0xffff0000..0xffff0010, outside the contract's 65536-byte memory"),
        ("bad_length", "host function `storage_write` was given memory 0x0..0xffffffff, outside the contract's 65536-byte memory"),
        ("straddles_the_end", "host function `debug_log` was given memory 0xfffa..0x1005e, outside the contract's 65536-byte memory"),
        ("bad_capacity", "host function `storage_read` was given a negative capacity -5"),
    ];
    for (method, message) in cases {
        let failure = call(&chain, &contract, method);
        assert_eq!(failure.kind, FailureKind::Trapped, "{method}");
        assert_eq!(failure.message, message, "{method}");
    }
    // A range starting outside memory faults even when it is empty.
    let caller = chain.account("attacker");
    for input in [&[][..], &[1]] {
        let failure = chain
            .call(&contract, &caller, "bad_destination", input)
            .unwrap_err();
        assert!(
            failure
                .message
                .starts_with("host function `input_read` was given memory 0x7fffffff"),
            "{}",
            failure.message
        );
    }
    assert!(
        chain.storage(&contract).is_empty(),
        "faulted calls leave no writes"
    );
}

#[test]
fn oversized_values_hit_the_host_limits() {
    let chain = Chain::new();
    let contract = deploy(
        &chain,
        r#"(func (export "huge_value")
              (drop (memory.grow (i32.const 1)))
              (call $storage_write (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 65537)))"#,
    );
    let failure = call(&chain, &contract, "huge_value");
    assert_eq!(failure.kind, FailureKind::Trapped);
    assert_eq!(
        failure.message,
        "`huge_value` passed a storage value of 65537 bytes; the host allows at most 65536"
    );
}

#[test]
fn a_wasm_trap_names_the_function_it_happened_in() {
    let chain = Chain::new();
    let contract = deploy(
        &chain,
        r#"(func $inner (unreachable))
           (func (export "boom") (call $inner))
           (func (export "read_past_memory") (drop (i32.load (i32.const 0x7FFFFFF0))))
           (func (export "divide_by_zero") (drop (i32.div_u (i32.const 1) (i32.const 0))))"#,
    );
    let failure = call(&chain, &contract, "boom");
    assert_eq!(failure.kind, FailureKind::Trapped);
    assert!(
        failure.message.starts_with("`boom` trapped in function"),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("unreachable"),
        "{}",
        failure.message
    );
    let failure = call(&chain, &contract, "read_past_memory");
    assert!(
        failure.message.contains("out of bounds"),
        "{}",
        failure.message
    );
    let failure = call(&chain, &contract, "divide_by_zero");
    assert!(
        failure.message.contains("divide by zero") || failure.message.contains("division by zero"),
        "{}",
        failure.message
    );
}

#[test]
fn a_float_instruction_is_rejected_at_load() {
    let message = rejected(
        r#"(module (memory (export "memory") 1 1)
             (func (export "init"))
             (func (export "half") (drop (f64.mul (f64.const 1) (f64.const 0.5)))))"#,
    );
    assert!(
        message.contains("uses float instruction `f64.mul`"),
        "{message}"
    );
}

#[test]
fn a_bulk_memory_instruction_is_rejected_at_load() {
    let message = rejected(
        r#"(module (memory (export "memory") 1 1)
             (func (export "init"))
             (func (export "copy") (memory.copy (i32.const 0) (i32.const 8) (i32.const 8))))"#,
    );
    assert!(
        message.contains("instruction `memory.copy`") && message.contains("bulk-memory"),
        "{message}"
    );
}

#[test]
fn a_missing_export_is_rejected_at_load() {
    let message = rejected(r#"(module (memory (export "memory") 1 1) (func (export "transfer")))"#);
    assert!(
        message.contains("missing required export `init` (a function () -> ())"),
        "{message}"
    );
}

#[test]
fn unknown_or_mistyped_imports_are_rejected_at_load() {
    let message = rejected(
        r#"(module
             (import "kexin_v1" "storage_clear" (func))
             (import "kexin_v1" "storage_write" (func (param i32 i32)))
             (import "env" "abort" (func))
             (memory (export "memory") 1 1) (func (export "init")))"#,
    );
    assert!(
        message.contains("the host ABI has no `storage_clear`"),
        "{message}"
    );
    assert!(
        message.contains("import `kexin_v1.storage_write` has type (i32, i32) -> ()"),
        "{message}"
    );
    assert!(
        message.contains("import `env.abort` is from module `env`"),
        "{message}"
    );
}

#[test]
fn a_start_function_is_rejected_at_load() {
    let message = rejected(
        r#"(module (memory (export "memory") 1 1) (func $s) (start $s) (func (export "init")))"#,
    );
    assert!(message.contains("module has a start function"), "{message}");
}

#[test]
fn garbage_bytes_are_rejected_at_load() {
    let chain = Chain::new();
    let deployer = chain.account("attacker");
    for bytes in [
        &b""[..],
        b"\0asm",
        b"not wasm at all",
        &[0, 97, 115, 109, 1, 0, 0, 0, 1, 255],
    ] {
        let failure = chain.deploy_wasm(bytes, &deployer, &[]).unwrap_err();
        assert_eq!(failure.kind, FailureKind::Rejected);
        assert!(failure.message.contains("malformed"), "{}", failure.message);
    }
}

#[test]
fn a_failing_constructor_undoes_the_deployment() {
    let chain = Chain::new();
    let deployer = chain.account("attacker");
    let wasm = wat::parse_str(
        r#"(module
             (import "kexin_v1" "storage_write" (func $w (param i32 i32 i32 i32)))
             (memory (export "memory") 1 1)
             (func (export "init")
                (call $w (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1))
                unreachable))"#,
    )
    .unwrap();
    let failure = chain.deploy_wasm(&wasm, &deployer, &[]).unwrap_err();
    assert_eq!(failure.kind, FailureKind::Trapped);
    let receipt = chain.last_receipt().unwrap();
    assert!(chain.storage(&receipt.contract).is_empty());
    assert!(
        chain.code_size(&receipt.contract).is_none(),
        "no contract is left at the address"
    );
}
