//! Replay (CHECKLIST "Replay"): every state-changing call, sent a second time with exactly the
//! same arguments, has no second effect. Calls that carry a client request id (`retire`,
//! `list`) or a business key (registration code, source-data hash, trade contract hash,
//! settlement reference, trade-month) are refused with `Duplicate`; calls whose first run
//! moved the record out of the state they need are refused with `InvalidState` (or
//! `Unauthorized`, `NotFound` for role management); `propose_admin` and `set_config` are
//! idempotent. In every case the contract's storage is byte for byte what the first call
//! left.

mod common;

use common::*;
use green_power::GreenPowerError::*;
use green_power::{
    Action, Config, Energy, GreenPowerClient, GreenPowerError, ProjectStatus, Purpose,
    ReadingSource, Record, Role, Status, Unique,
};
use kexin::client::CallError;
use kexin_testkit::Chain;

type Client = GreenPowerClient<Chain>;

fn contract<T>(result: Result<T, CallError<GreenPowerError>>) -> Result<(), GreenPowerError> {
    match result {
        Ok(_) => Ok(()),
        Err(CallError::Contract(e)) => Err(e),
        Err(other) => panic!("not a contract error: {other:?}"),
    }
}

/// Runs `call` once (it must succeed), then again: the second run must end with `second`
/// and leave the storage as the first left it.
fn replay(
    name: &str,
    w: &World,
    call: impl Fn() -> Result<(), GreenPowerError>,
    second: Result<(), GreenPowerError>,
) {
    assert_eq!(call(), Ok(()), "{name}: the first call");
    let after_first = w.storage();
    let events = w.chain.events().len();
    assert_eq!(call(), second, "{name}: the replay");
    assert_eq!(
        w.storage(),
        after_first,
        "{name}: the replay changed the state"
    );
    if second.is_err() {
        assert_eq!(
            w.chain.events().len(),
            events,
            "{name}: a refused replay emits nothing"
        );
    }
}

fn by(w: &World, who: &kexin::Addr) -> Client {
    w.gp.by(who)
}

#[test]
fn role_management_replayed() {
    let w = world();
    let who = w.stranger;
    replay(
        "grant_role",
        &w,
        || contract(w.gp.try_grant_role(&Role::Auditor, &who)),
        Err(Duplicate { what: Unique::Role }),
    );
    replay(
        "revoke_role",
        &w,
        || contract(w.gp.try_revoke_role(&Role::Auditor, &who)),
        Err(NotFound { what: Record::Role }),
    );
    replay(
        "propose_admin (idempotent)",
        &w,
        || contract(w.gp.try_propose_admin(&w.consumer)),
        Ok(()),
    );
    replay(
        "accept_admin",
        &w,
        || contract(by(&w, &w.consumer).try_accept_admin()),
        Err(Unauthorized),
    );
}

#[test]
fn pause_and_rules_replayed() {
    let w = world();
    let reg = by(&w, &w.regulator);
    replay(
        "pause",
        &w,
        || contract(reg.try_pause()),
        Err(InvalidState {
            from: Status::Paused,
            action: Action::Pause,
        }),
    );
    replay(
        "unpause",
        &w,
        || contract(reg.try_unpause()),
        Err(InvalidState {
            from: Status::Running,
            action: Action::Unpause,
        }),
    );
    let config = Config {
        max_trades: 2,
        ..Config::GEC_2024
    };
    replay(
        "set_config (idempotent)",
        &w,
        || contract(by(&w, &w.authority).try_set_config(&config)),
        Ok(()),
    );
}

#[test]
fn projects_and_readings_replayed() {
    let w = world();
    let auth = by(&w, &w.authority);
    replay(
        "register_project",
        &w,
        || {
            contract(auth.try_register_project(
                &"S0000000000000001".into(),
                &w.consumer2,
                &Energy::Solar,
                10,
                false,
            ))
        },
        Err(Duplicate {
            what: Unique::RegCode,
        }),
    );
    replay(
        "set_project_status",
        &w,
        || contract(auth.try_set_project_status(w.project, &ProjectStatus::Suspended)),
        Err(InvalidState {
            from: Status::Suspended,
            action: Action::SetProjectStatus,
        }),
    );
    auth.set_project_status(w.project, &ProjectStatus::Active);
    w.at(end_of(202401));
    let data = w.fresh();
    let provider = by(&w, &w.provider);
    replay(
        "submit_reading",
        &w,
        || {
            contract(provider.try_submit_reading(
                w.project,
                202401,
                5_000,
                &ReadingSource::Grid,
                &data,
            ))
        },
        Err(Duplicate {
            what: Unique::ReadingData,
        }),
    );
    let reading = w.gp.counters().readings;
    replay(
        "verify_reading",
        &w,
        || contract(auth.try_verify_reading(reading)),
        Err(InvalidState {
            from: Status::Verified,
            action: Action::Verify,
        }),
    );
    w.at(end_of(202402));
    let other = provider.submit_reading(w.project, 202402, 4_000, &ReadingSource::Grid, &w.fresh());
    replay(
        "dispute_reading",
        &w,
        || contract(auth.try_dispute_reading(other, &sm3("wrong"))),
        Err(InvalidState {
            from: Status::Disputed,
            action: Action::Dispute,
        }),
    );
    replay(
        "issue_lot",
        &w,
        || contract(auth.try_issue_lot(w.project, 202401, true)),
        Err(Duplicate { what: Unique::Lot }),
    );
}

#[test]
fn trading_replayed() {
    let w = world();
    let (_, h) = w.issue(202401, 100_000, true);
    let ex = by(&w, &w.exchange);
    // Partial moves: the source holding keeps its id and still has certificates, so only the
    // request id or reference stops the replay.
    let reference = w.fresh();
    replay(
        "transfer",
        &w,
        || contract(ex.try_transfer(h, &w.consumer, 10, &reference)),
        Err(Duplicate {
            what: Unique::TransferRef,
        }),
    );
    let seller = by(&w, &w.generator);
    let request = w.req();
    replay(
        "list",
        &w,
        || contract(seller.try_list(h, 20, 500, &w.exchange, &request)),
        Err(Duplicate {
            what: Unique::RequestId,
        }),
    );
    let listing = w.gp.request(&w.generator, &request);
    assert_ne!(listing, 0, "the request view names the listing");
    let fill = w.fresh();
    replay(
        "settle_listing",
        &w,
        || contract(ex.try_settle_listing(listing, &w.consumer2, 5, &fill)),
        Err(Duplicate {
            what: Unique::TransferRef,
        }),
    );
    replay(
        "delist",
        &w,
        || contract(seller.try_delist(listing)),
        Err(InvalidState {
            from: Status::Available,
            action: Action::Delist,
        }),
    );
}

#[test]
fn green_trades_replayed() {
    let w = world();
    let (_, h) = w.issue(202401, 100_000, true);
    let ex = by(&w, &w.exchange);
    let contract_sm3 = w.fresh();
    replay(
        "record_green_trade",
        &w,
        || {
            contract(ex.try_record_green_trade(
                &w.generator,
                &w.consumer,
                w.project,
                &(202401, 202402),
                50_000,
                &sm3("route"),
                &contract_sm3,
            ))
        },
        Err(Duplicate {
            what: Unique::TradeContract,
        }),
    );
    let trade = w.gp.counters().trades;
    let settlement = w.fresh();
    replay(
        "settle_green_trade",
        &w,
        || contract(ex.try_settle_green_trade(trade, 202401, 12_345, &settlement, h)),
        Err(Duplicate {
            what: Unique::Settlement,
        }),
    );
    replay(
        "close_green_trade",
        &w,
        || contract(ex.try_close_green_trade(trade)),
        Err(InvalidState {
            from: Status::Closed,
            action: Action::Close,
        }),
    );
}

#[test]
fn retirement_expiry_and_cancellation_replayed() {
    let w = world();
    let (_, h) = w.issue(202401, 100_000, true);
    let holder = by(&w, &w.generator);
    let request = w.req();
    replay(
        "retire",
        &w,
        || {
            contract(holder.try_retire(
                &vec![h],
                &vec![7],
                &sm3("beneficiary"),
                &Purpose::ConsumptionClaim,
                &(202401, 202401),
                &request,
            ))
        },
        Err(Duplicate {
            what: Unique::RequestId,
        }),
    );
    assert_eq!(w.gp.request(&w.generator, &request), 1, "the proof");
    w.at(expiry_of(202401, 24));
    replay(
        "expire",
        &w,
        || contract(w.gp.try_expire(&vec![h])),
        Err(InvalidState {
            from: Status::Expired,
            action: Action::Expire,
        }),
    );

    let w = world();
    let (lot, h) = w.issue(202401, 100_000, true);
    let auth = by(&w, &w.authority);
    replay(
        "freeze_lot",
        &w,
        || contract(auth.try_freeze_lot(lot, &sm3("case"))),
        Err(InvalidState {
            from: Status::Frozen,
            action: Action::Freeze,
        }),
    );
    replay(
        "unfreeze_lot",
        &w,
        || contract(auth.try_unfreeze_lot(lot, &sm3("resolved"))),
        Err(InvalidState {
            from: Status::Valid,
            action: Action::Unfreeze,
        }),
    );
    auth.freeze_lot(lot, &sm3("case 2"));
    replay(
        "revoke_lot",
        &w,
        || contract(auth.try_revoke_lot(lot, &sm3("decision"))),
        Err(InvalidState {
            from: Status::Revoked,
            action: Action::Revoke,
        }),
    );
    replay(
        "cancel_holdings",
        &w,
        || contract(w.gp.try_cancel_holdings(&vec![h])),
        Err(InvalidState {
            from: Status::Cancelled,
            action: Action::Cancel,
        }),
    );
}
