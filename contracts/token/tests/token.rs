//! The token's rules, each checked against the compiled wasm running in the testkit.

use std::collections::BTreeMap;

use kexin::client::{CallError, FailureKind};
use kexin::error::codes;
use kexin::Addr;
use kexin_testkit::Chain;
use token::{Approval, TokenClient, TokenError, Transfer};

struct World {
    chain: Chain,
    owner: Addr,
    alice: Addr,
    bob: Addr,
    token: TokenClient<Chain>,
}

fn world(initial_supply: u128) -> World {
    let chain = Chain::new();
    let owner = chain.account("owner");
    let alice = chain.account("alice");
    let bob = chain.account("bob");
    let token = TokenClient::deploy(&chain, &owner, initial_supply);
    World {
        chain,
        owner,
        alice,
        bob,
        token,
    }
}

fn contract_error<T: std::fmt::Debug>(result: Result<T, CallError<TokenError>>) -> TokenError {
    match result {
        Err(CallError::Contract(e)) => e,
        other => panic!("expected a token error, got {other:?}"),
    }
}

#[test]
fn deployment_makes_the_deployer_owner_and_holder_of_the_initial_supply() {
    let w = world(1_000);
    assert_eq!(w.token.owner(), w.owner);
    assert_eq!(w.token.total_supply(), 1_000);
    assert_eq!(w.token.balance_of(&w.owner), 1_000);
    let events = w.chain.events();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].decode::<Transfer>(),
        Some(Transfer {
            from: Addr::ZERO,
            to: w.owner,
            amount: 1_000
        })
    );
}

#[test]
fn transfer_moves_points_and_emits_one_event() {
    let w = world(1_000);
    w.token.transfer(&w.alice, 300);
    assert_eq!(w.token.balance_of(&w.owner), 700);
    assert_eq!(w.token.balance_of(&w.alice), 300);
    assert_eq!(w.token.total_supply(), 1_000);
    let receipt = w
        .chain
        .receipts()
        .into_iter()
        .rev()
        .find(|r| r.method == "transfer")
        .unwrap();
    assert_eq!(receipt.events.len(), 1);
    assert_eq!(
        receipt.events[0].decode::<Transfer>(),
        Some(Transfer {
            from: w.owner,
            to: w.alice,
            amount: 300
        })
    );
    assert!(receipt.gas_used > 0);
}

#[test]
fn transferring_the_whole_balance_and_to_oneself_keep_the_books_straight() {
    let w = world(50);
    w.token.transfer(&w.owner, 50);
    assert_eq!(w.token.balance_of(&w.owner), 50);
    w.token.transfer(&w.alice, 50);
    assert_eq!(w.token.balance_of(&w.owner), 0);
    assert_eq!(w.token.balance_of(&w.alice), 50);
}

#[test]
fn a_transfer_above_the_balance_fails_and_changes_nothing() {
    let w = world(100);
    let before = w.chain.storage(&w.token.address());
    let error = contract_error(w.token.try_transfer(&w.alice, 101));
    assert_eq!(
        error,
        TokenError::InsufficientBalance {
            have: 100,
            need: 101
        }
    );
    assert_eq!(w.chain.storage(&w.token.address()), before);
    let receipt = w.chain.last_receipt().unwrap();
    assert!(receipt.events.is_empty());
    let message = receipt.result.unwrap_err().message;
    assert_eq!(
        message,
        "`transfer` reverted: TokenError::InsufficientBalance { have: 100, need: 101 }: the balance is 100 points, 101 are needed"
    );
}

#[test]
fn a_zero_amount_is_rejected() {
    let w = world(100);
    assert_eq!(
        contract_error(w.token.try_transfer(&w.alice, 0)),
        TokenError::ZeroAmount
    );
    assert_eq!(
        contract_error(w.token.try_mint(&w.alice, 0)),
        TokenError::ZeroAmount
    );
}

#[test]
fn points_cannot_go_to_the_zero_address() {
    let w = world(100);
    assert_eq!(
        contract_error(w.token.try_transfer(&Addr::ZERO, 1)),
        TokenError::ZeroAddress
    );
    assert_eq!(
        contract_error(w.token.try_mint(&Addr::ZERO, 1)),
        TokenError::ZeroAddress
    );
    assert_eq!(
        contract_error(w.token.try_approve(&Addr::ZERO, 1)),
        TokenError::ZeroAddress
    );
}

#[test]
fn only_the_owner_mints() {
    let w = world(0);
    let error = contract_error(w.token.by(&w.alice).try_mint(&w.alice, 5));
    assert_eq!(error, TokenError::Unauthorized);
    w.token.mint(&w.alice, 5);
    assert_eq!(w.token.balance_of(&w.alice), 5);
    assert_eq!(w.token.total_supply(), 5);
}

#[test]
fn minting_past_u128_max_is_an_overflow_error_not_a_wrap() {
    let w = world(10);
    w.token.mint(&w.alice, u128::MAX - 10);
    assert_eq!(w.token.total_supply(), u128::MAX);
    assert_eq!(
        contract_error(w.token.try_mint(&w.bob, 1)),
        TokenError::Overflow
    );
    assert_eq!(w.token.balance_of(&w.bob), 0);
}

#[test]
fn approve_then_transfer_from_spends_the_allowance() {
    let w = world(1_000);
    w.token.approve(&w.alice, 400);
    assert_eq!(
        w.chain.last_receipt().unwrap().events[0].decode::<Approval>(),
        Some(Approval {
            owner: w.owner,
            spender: w.alice,
            amount: 400
        })
    );
    assert_eq!(w.token.allowance(&w.owner, &w.alice), 400);
    w.token.by(&w.alice).transfer_from(&w.owner, &w.bob, 150);
    assert_eq!(w.token.balance_of(&w.bob), 150);
    assert_eq!(w.token.allowance(&w.owner, &w.alice), 250);
    w.token.by(&w.alice).transfer_from(&w.owner, &w.bob, 250);
    assert_eq!(w.token.allowance(&w.owner, &w.alice), 0);
}

#[test]
fn a_spender_cannot_exceed_its_allowance() {
    let w = world(1_000);
    w.token.approve(&w.alice, 10);
    let error = contract_error(w.token.by(&w.alice).try_transfer_from(&w.owner, &w.bob, 11));
    assert_eq!(
        error,
        TokenError::InsufficientAllowance { have: 10, need: 11 }
    );
    let error = contract_error(w.token.by(&w.bob).try_transfer_from(&w.owner, &w.bob, 1));
    assert_eq!(
        error,
        TokenError::InsufficientAllowance { have: 0, need: 1 }
    );
}

#[test]
fn a_failed_transfer_from_leaves_the_allowance_untouched() {
    let w = world(5);
    w.token.approve(&w.alice, 100);
    let error = contract_error(w.token.by(&w.alice).try_transfer_from(&w.owner, &w.bob, 6));
    assert_eq!(error, TokenError::InsufficientBalance { have: 5, need: 6 });
    assert_eq!(w.token.allowance(&w.owner, &w.alice), 100);
}

#[test]
fn approving_zero_revokes_and_deletes_the_entry() {
    let w = world(5);
    let empty = w.chain.storage(&w.token.address()).len();
    w.token.approve(&w.alice, 3);
    assert_eq!(w.chain.storage(&w.token.address()).len(), empty + 1);
    w.token.approve(&w.alice, 0);
    assert_eq!(w.token.allowance(&w.owner, &w.alice), 0);
    assert_eq!(w.chain.storage(&w.token.address()).len(), empty);
}

#[test]
fn malformed_arguments_get_their_own_error() {
    let w = world(5);
    let failure = w
        .chain
        .call(&w.token.address(), &w.owner, "transfer", &[1, 2, 3])
        .unwrap_err();
    assert_eq!(
        failure.kind,
        FailureKind::Reverted {
            code: codes::BAD_INPUT,
            data: vec![]
        }
    );
    assert_eq!(
        failure.message,
        "`transfer` was called with arguments that do not decode as (to: Addr, amount: u128)"
    );
    // Trailing bytes after valid arguments are malformed too.
    let mut args = kexin::codec::to_vec(&(w.alice, 1u128));
    args.push(0);
    let failure = w
        .chain
        .call(&w.token.address(), &w.owner, "transfer", &args)
        .unwrap_err();
    assert_eq!(
        failure.kind,
        FailureKind::Reverted {
            code: codes::BAD_INPUT,
            data: vec![]
        }
    );
    // So are arguments given to a method that takes none.
    let failure = w
        .chain
        .view(&w.token.address(), &w.owner, "total_supply", &[0])
        .unwrap_err();
    assert_eq!(
        failure.kind,
        FailureKind::Reverted {
            code: codes::BAD_INPUT,
            data: vec![]
        }
    );
    assert_eq!(w.token.balance_of(&w.owner), 5);
}

#[test]
fn an_unknown_method_is_rejected_before_running() {
    let w = world(5);
    let failure = w
        .chain
        .call(&w.token.address(), &w.owner, "burn", &[])
        .unwrap_err();
    assert_eq!(failure.kind, FailureKind::Rejected);
    assert_eq!(failure.message, "contract `token` has no method `burn`");
}

#[test]
fn the_constructor_cannot_be_called_again() {
    let w = world(5);
    let args = kexin::codec::to_vec(&1_000_000u128);
    let failure = w
        .chain
        .call(&w.token.address(), &w.alice, "init", &args)
        .unwrap_err();
    assert_eq!(failure.kind, FailureKind::Rejected);
    assert_eq!(w.token.total_supply(), 5);
}

#[test]
fn a_view_cannot_write() {
    let w = world(5);
    let args = kexin::codec::to_vec(&(w.alice, 1u128));
    let failure = w
        .chain
        .view(&w.token.address(), &w.owner, "transfer", &args)
        .unwrap_err();
    assert_eq!(failure.kind, FailureKind::Trapped);
    assert_eq!(
        failure.message,
        "`transfer` is a read-only view but tried to write storage"
    );
    assert_eq!(w.token.balance_of(&w.alice), 0);
}

#[test]
fn running_out_of_gas_leaves_no_trace() {
    let w = world(5);
    w.chain.set_gas_limit(1_000);
    let error = w.token.try_transfer(&w.alice, 1).unwrap_err();
    let failure = error.failure().expect("not a contract error");
    assert_eq!(failure.kind, FailureKind::OutOfGas);
    assert_eq!(failure.message, "`transfer` ran out of gas (limit 1000)");
    w.chain.set_gas_limit(kexin_testkit::DEFAULT_GAS_LIMIT);
    assert_eq!(w.token.balance_of(&w.alice), 0);
    assert_eq!(w.token.balance_of(&w.owner), 5);
}

#[test]
fn gas_is_deterministic() {
    let run = || {
        let w = world(1_000);
        w.token.transfer(&w.alice, 7);
        w.chain.last_gas()
    };
    assert_eq!(run(), run());
}

#[test]
fn balances_can_be_rebuilt_from_the_event_stream() {
    let w = world(1_000);
    w.token.transfer(&w.alice, 100);
    w.token.approve(&w.bob, 50);
    w.token.by(&w.bob).transfer_from(&w.owner, &w.bob, 20);
    w.token.by(&w.alice).transfer(&w.bob, 30);
    w.token.mint(&w.alice, 5);
    let _ = w.token.try_transfer(&w.alice, 10_000); // fails: emits nothing
    let mut balances: BTreeMap<Addr, u128> = BTreeMap::new();
    for event in w.chain.events() {
        if let Some(t) = event.decode::<Transfer>() {
            if t.from != Addr::ZERO {
                *balances.get_mut(&t.from).unwrap() -= t.amount;
            }
            *balances.entry(t.to).or_default() += t.amount;
        }
    }
    for (who, balance) in &balances {
        assert_eq!(w.token.balance_of(who), *balance);
    }
    assert_eq!(balances.values().sum::<u128>(), w.token.total_supply());
}
