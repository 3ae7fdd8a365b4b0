//! Cross-contract calls: synchronous, all or nothing, depth-limited, re-entrancy visible.

use kexin::client::FailureKind;
use kexin::env::CallFailed;
use kexin_testkit::{Chain, Mode};
use test_callee::CalleeClient;
use test_caller::{CallerClient, CallerError};

fn setup(mode: Mode) -> (Chain, CallerClient<Chain>, CalleeClient<Chain>) {
    let chain = Chain::new();
    chain.set_mode(mode);
    let owner = chain.account("owner");
    let caller = CallerClient::deploy(&chain, &owner);
    let callee = CalleeClient::deploy(&chain, &owner);
    (chain, caller, callee)
}

const MODES: [Mode; 3] = [Mode::Wasm, Mode::Native, Mode::Both];

#[test]
fn a_call_runs_the_callee_and_returns_its_value() {
    for mode in MODES {
        let (_chain, caller, callee) = setup(mode);
        assert_eq!(caller.forward(&callee.address(), 5), 0);
        assert_eq!(caller.forward(&callee.address(), 9), 5, "{mode:?}");
        assert_eq!(callee.get(), 9);
        assert_eq!(
            callee.last_caller(),
            Some(caller.address()),
            "the callee sees the calling contract"
        );
    }
}

#[test]
fn a_caller_that_fails_after_a_successful_call_undoes_the_callee_too() {
    for mode in MODES {
        let (chain, caller, callee) = setup(mode);
        caller.forward(&callee.address(), 3);
        let before = (
            chain.storage(&caller.address()),
            chain.storage(&callee.address()),
        );
        let error = caller
            .try_forward_then_fail(&callee.address(), 4)
            .unwrap_err();
        assert_eq!(
            error.contract_error(),
            Some(&CallerError::GaveUp),
            "{mode:?}"
        );
        assert_eq!(
            (
                chain.storage(&caller.address()),
                chain.storage(&callee.address())
            ),
            before
        );
        assert_eq!(callee.get(), 3);
    }
}

#[test]
fn a_reverting_callee_is_undone_while_the_caller_carries_on() {
    for mode in MODES {
        let (_chain, caller, callee) = setup(mode);
        callee.set(1);
        // `Refused` is the callee error's first variant: code 1.
        assert_eq!(caller.absorb_refusal(&callee.address(), 42), 1, "{mode:?}");
        assert_eq!(callee.get(), 1, "the callee's write is undone");
        assert_eq!(caller.marker(), 42, "the caller's write stands");
    }
}

#[test]
fn calls_nest_up_to_the_depth_limit() {
    for mode in MODES {
        let (chain, caller, _callee) = setup(mode);
        assert_eq!(
            caller.recurse(7),
            8,
            "eight frames fit the default limit ({mode:?})"
        );
        // The ninth frame is refused; each level above turns its callee's failure into its
        // own revert, so the outermost call reverts and nothing of the tree survives.
        let before = chain.storage(&caller.address());
        let error = caller.try_recurse(8).unwrap_err();
        assert!(
            matches!(
                error.contract_error(),
                Some(CallerError::CalleeReverted { .. })
            ),
            "{mode:?}: {error:?}"
        );
        assert_eq!(chain.storage(&caller.address()), before);
        // Where the limit bites, the reason is the host's.
        chain.set_depth_limit(1);
        assert_eq!(caller.recurse(0), 1);
        let error = caller.try_recurse(1).unwrap_err();
        let reason = CallFailed::DepthLimit as u8;
        assert_eq!(
            error.contract_error(),
            Some(&CallerError::CalleeFailed { reason }),
            "{mode:?}"
        );
        // The sentence is in the caller's debug log, for people.
        let logs = chain.last_receipt().unwrap().logs;
        assert_eq!(
            logs,
            vec!["call to `recurse` failed: the call depth limit of 1 was reached"]
        );
    }
}

#[test]
fn re_entrancy_is_visible_to_the_re_entered_contract() {
    for mode in MODES {
        let (_chain, caller, callee) = setup(mode);
        assert!(!caller.pong(), "a direct call is not a re-entry");
        assert!(
            caller.ping(&callee.address()),
            "caller → callee → caller re-enters ({mode:?})"
        );
    }
}

#[test]
fn calling_a_missing_contract_or_method_fails_cleanly() {
    let (chain, caller, _callee) = setup(Mode::Both);
    let nobody = chain.account("nobody");
    let error = caller.try_forward(&nobody, 1).unwrap_err();
    let reason = CallFailed::NoContract as u8;
    assert_eq!(
        error.contract_error(),
        Some(&CallerError::CalleeFailed { reason })
    );
    let logs = chain.last_receipt().unwrap().logs;
    assert!(
        logs[0].starts_with("call to `set` failed: there is no contract at 0x"),
        "{logs:?}"
    );
}

#[test]
fn the_callee_spends_the_callers_gas_and_running_out_stops_everything() {
    let (chain, caller, callee) = setup(Mode::Wasm);
    callee.set(1);
    let alone = chain.last_gas();
    caller.forward(&callee.address(), 2);
    let nested = chain.last_gas();
    assert!(
        nested > alone,
        "the caller pays for the callee: {nested} > {alone}"
    );
    chain.set_gas_limit(nested - 1);
    let failure = caller
        .try_forward(&callee.address(), 3)
        .unwrap_err()
        .failure()
        .cloned()
        .unwrap();
    assert_eq!(failure.kind, FailureKind::OutOfGas);
    chain.set_gas_limit(kexin_testkit::DEFAULT_GAS_LIMIT);
    assert_eq!(callee.get(), 2, "nothing of the out-of-gas call survives");
    assert_eq!(caller.marker(), 2);
}
