//! What a failed call tells the person debugging it, on each backend.

use kexin::client::FailureKind;
use kexin_testkit::{Chain, Mode};
use test_diagnostics::{DiagError, DiagnosticsClient};

fn setup(mode: Mode) -> (Chain, DiagnosticsClient<Chain>) {
    let chain = Chain::new();
    chain.set_mode(mode);
    let owner = chain.account("owner");
    let contract = DiagnosticsClient::deploy(&chain, &owner);
    (chain, contract)
}

#[test]
fn a_revert_shows_the_decoded_error_and_the_log_lines() {
    for mode in [Mode::Wasm, Mode::Native, Mode::Both] {
        let (chain, contract) = setup(mode);
        let before = chain.storage(&contract.address());
        let error = contract.try_fail_with_log(7).unwrap_err();
        assert_eq!(
            error.contract_error(),
            Some(&DiagError::TooLarge {
                amount: 7,
                limit: 10
            })
        );
        let failure = chain.last_receipt().unwrap().result.unwrap_err();
        assert_eq!(
            failure.message,
            "`fail_with_log` reverted: DiagError::TooLarge { amount: 7, limit: 10 }: the amount 7 is above the limit 10",
            "{mode:?}"
        );
        assert_eq!(
            failure.logs,
            vec!["checking the amount", "the amount is too large"],
            "{mode:?}"
        );
        assert_eq!(
            chain.storage(&contract.address()),
            before,
            "the write is undone ({mode:?})"
        );
    }
}

#[test]
fn a_failure_prints_its_log_lines_under_its_message() {
    let (chain, contract) = setup(Mode::Wasm);
    let _ = contract.try_fail_with_log(11);
    let failure = chain.last_receipt().unwrap().result.unwrap_err();
    assert_eq!(
        failure.to_string(),
        "`fail_with_log` reverted: DiagError::TooLarge { amount: 11, limit: 10 }: the amount 11 is above the limit 10\n  log: checking the amount\n  log: the amount is too large"
    );
}

#[test]
fn a_panic_becomes_a_revert_with_its_message_when_native_code_ran() {
    let (chain, contract) = setup(Mode::Both);
    let failure = contract
        .try_panic_now()
        .unwrap_err()
        .failure()
        .cloned()
        .unwrap();
    assert_eq!(
        failure.kind,
        FailureKind::Reverted {
            code: kexin::error::codes::PANIC,
            data: vec![]
        }
    );
    assert!(
        failure.message.starts_with("`panic_now` panicked: the ledger is corrupt at testkit/test-contracts/diagnostics/src/lib.rs:"),
        "{}",
        failure.message
    );
    assert!(
        chain.storage(&contract.address()).is_empty(),
        "the write before the panic is undone"
    );
}

#[test]
fn a_panic_in_wasm_alone_says_where_to_find_the_message() {
    let (_chain, contract) = setup(Mode::Wasm);
    let failure = contract
        .try_panic_now()
        .unwrap_err()
        .failure()
        .cloned()
        .unwrap();
    assert_eq!(
        failure.kind,
        FailureKind::Reverted {
            code: kexin::error::codes::PANIC,
            data: vec![]
        }
    );
    assert_eq!(
        failure.message,
        "`panic_now` panicked (a bug in the contract: an overflow, a failed `expect`, corrupt state); run the native backend to see the panic message"
    );
}

#[test]
fn a_trap_names_the_export_that_trapped_and_why() {
    let (_chain, contract) = setup(Mode::Wasm);
    let failure = contract.try_trap().unwrap_err().failure().cloned().unwrap();
    assert_eq!(failure.kind, FailureKind::Trapped);
    assert!(
        failure.message.starts_with("`trap` trapped in function "),
        "{}",
        failure.message
    );
    assert!(
        failure.message.ends_with("unreachable"),
        "{}",
        failure.message
    );
}

#[test]
fn native_and_wasm_disagreeing_fails_with_a_readable_diff() {
    let (_chain, contract) = setup(Mode::Both);
    let failure = contract
        .try_diverge()
        .unwrap_err()
        .failure()
        .cloned()
        .unwrap();
    assert_eq!(failure.kind, FailureKind::Diverged);
    assert_eq!(
        failure.message,
        "`diverge` behaved differently compiled natively and as wasm:\n  return data: native 0x02000000, wasm 0x01000000"
    );
}

#[test]
fn each_backend_runs_on_its_own_and_only_wasm_is_metered() {
    for (mode, metered) in [
        (Mode::Wasm, true),
        (Mode::Native, false),
        (Mode::Both, true),
    ] {
        let (chain, contract) = setup(mode);
        assert_eq!(contract.bump(), 1);
        assert_eq!(contract.bump(), 2);
        assert_eq!(chain.last_gas() > 0, metered, "{mode:?}");
    }
}
