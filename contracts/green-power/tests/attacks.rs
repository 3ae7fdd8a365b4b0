//! §5.8 "Bad inputs and attacks": one test per bullet (some bullets name several cases, each
//! gets its own test), against the compiled wasm in the testkit.

mod common;

use common::*;
use green_power::{
    Action, Config, Energy, Field, GreenPowerError::*, HoldingState, Limit, Purpose, Quantity,
    ReadingSource, Record, Status, Unique, MAX_LOT_GECS,
};
use kexin_testkit::Mode;

// ---- Double issuance for the same (project, month) (also with a second reading from
// ---- another provider).

#[test]
fn double_issuance_for_the_same_project_month() {
    let w = world();
    w.issue(202401, 5_000, true);
    let before = w.storage();
    let auth = w.gp.by(&w.authority);
    assert_eq!(
        err(auth.try_issue_lot(w.project, 202401, true)),
        Duplicate { what: Unique::Lot }
    );
    assert_eq!(w.storage(), before);
    assert_eq!(w.gp.counters().lots, 1);
}

#[test]
fn double_issuance_with_a_second_reading_from_another_provider() {
    let w = world();
    let other = w.chain.account("exchange-data");
    w.gp.grant_role(&green_power::Role::DataProvider, &other);
    w.at(end_of(202401));
    // Both providers report before verification: only one reading can be verified.
    let first = w.gp.by(&w.provider).submit_reading(
        w.project,
        202401,
        5_000,
        &ReadingSource::Grid,
        &w.fresh(),
    );
    let second = w.gp.by(&other).submit_reading(
        w.project,
        202401,
        5_000,
        &ReadingSource::Exchange,
        &w.fresh(),
    );
    let auth = w.gp.by(&w.authority);
    auth.verify_reading(first);
    assert_eq!(
        err(auth.try_verify_reading(second)),
        Duplicate {
            what: Unique::VerifiedReading
        }
    );
    // After verification no further reading is accepted, and the month issues once.
    assert_eq!(
        err(w.gp.by(&other).try_submit_reading(
            w.project,
            202401,
            5_000,
            &ReadingSource::Exchange,
            &w.fresh()
        )),
        Duplicate {
            what: Unique::VerifiedReading
        }
    );
    auth.issue_lot(w.project, 202401, true);
    assert_eq!(
        err(auth.try_issue_lot(w.project, 202401, true)),
        Duplicate { what: Unique::Lot }
    );
    assert_eq!(w.gp.lot(1).unwrap().count, 5);
}

// ---- Reading for the current/future month; kwh = 0 (carry only); kwh = u64::MAX (overflow
// ---- in kwh + carry); carry boundary 999 + 1.

#[test]
fn reading_for_the_current_month() {
    let w = world();
    let end = end_of(202401);
    w.set_time(end - 1); // 23:59:59 on 31 January, Beijing time
    let provider = w.gp.by(&w.provider);
    assert_eq!(
        err(provider.try_submit_reading(w.project, 202401, 1, &ReadingSource::Grid, &w.fresh())),
        DeadlineNotReached { at: end }
    );
    w.set_time(end);
    provider.submit_reading(w.project, 202401, 1, &ReadingSource::Grid, &w.fresh());
    w.set_time(end + 1);
    assert_eq!(
        err(provider.try_submit_reading(w.project, 202402, 1, &ReadingSource::Grid, &w.fresh())),
        DeadlineNotReached { at: end_of(202402) }
    );
}

#[test]
fn reading_for_a_future_month() {
    let w = world();
    assert_eq!(
        err(w.gp.by(&w.provider).try_submit_reading(
            w.project,
            203012,
            1,
            &ReadingSource::Grid,
            &w.fresh()
        )),
        DeadlineNotReached { at: end_of(203012) }
    );
}

#[test]
fn kwh_zero_only_updates_the_carry() {
    let w = world();
    let (_, holding) = w.issue(202401, 1_500, true);
    assert_ne!(holding, 0);
    let (lot, holding) = w.issue(202402, 0, true);
    assert_eq!(holding, 0, "no certificate, no holding");
    let lot = w.gp.lot(lot).unwrap();
    assert_eq!(lot.count, 0);
    let month = w.gp.project_month(w.project, 202402).unwrap();
    assert_eq!((month.kwh, month.carry_in, month.carry_out), (0, 500, 500));
    assert_eq!(w.gp.project(w.project).unwrap().carry_kwh, 500);
}

#[test]
fn kwh_u64_max_overflows_kwh_plus_carry() {
    let w = world();
    // A project whose plausibility cap does not stop u64::MAX.
    let big = w.gp.by(&w.authority).register_project(
        &"H0000000000000001".into(),
        &w.generator,
        &Energy::Hydro,
        u64::MAX,
        true,
    );
    w.issue_for(big, 202401, 999, true);
    assert_eq!(w.gp.project(big).unwrap().carry_kwh, 999);
    w.verified(big, 202402, u64::MAX);
    let before = w.storage();
    assert_eq!(
        err(w.gp.by(&w.authority).try_issue_lot(big, 202402, true)),
        Overflow
    );
    assert_eq!(w.storage(), before);
    // With no carry, u64::MAX kWh is 18 446 744 073 709 551 certificates: above the lot size.
    let other = w.gp.by(&w.authority).register_project(
        &"H0000000000000002".into(),
        &w.generator,
        &Energy::Hydro,
        u64::MAX,
        true,
    );
    w.verified(other, 202402, u64::MAX);
    assert_eq!(
        err(w.gp.by(&w.authority).try_issue_lot(other, 202402, true)),
        LimitExceeded {
            param: Limit::LotSize,
            limit: MAX_LOT_GECS
        }
    );
}

#[test]
fn carry_boundary_999_plus_1() {
    let w = world();
    let (lot, holding) = w.issue(202401, 999, true);
    assert_eq!((w.gp.lot(lot).unwrap().count, holding), (0, 0));
    assert_eq!(w.gp.project(w.project).unwrap().carry_kwh, 999);
    let (lot, holding) = w.issue(202402, 1, true);
    let lot = w.gp.lot(lot).unwrap();
    assert_eq!(lot.count, 1);
    assert_eq!(w.holding(holding).count, 1);
    assert_eq!(w.gp.project(w.project).unwrap().carry_kwh, 0);
    let month = w.gp.project_month(w.project, 202402).unwrap();
    assert_eq!((month.carry_in, month.carry_out), (999, 0));
}

// ---- Transfer/retire more than the holding count; count = 0; split at range edges
// ---- (k = 0, k = n).

#[test]
fn transfer_more_than_the_holding_count() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(h, &w.consumer, 11, &w.fresh())),
        Insufficient {
            what: Quantity::Certificates,
            have: 10,
            need: 11
        }
    );
}

#[test]
fn retire_more_than_the_holding_count() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![11],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"R-1".into()
        )),
        Insufficient {
            what: Quantity::Certificates,
            have: 10,
            need: 11
        }
    );
}

#[test]
fn count_zero_is_refused() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let before = w.storage();
    let field = InvalidInput {
        field: Field::Count,
    };
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(h, &w.consumer, 0, &w.fresh())),
        field
    );
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![0],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"R-1".into()
        )),
        field
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.generator)
            .try_list(h, 0, 100, &w.exchange, &w.req())),
        field
    );
    assert_eq!(w.storage(), before);
}

#[test]
fn split_at_range_edges_k_0_and_k_n() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true); // serials 1..=10
                                                // k = 0 is refused (above); k = 1 splits off the first serial.
    let one = w.give(h, &w.consumer, 1);
    assert_ne!(one, h);
    assert_eq!((w.holding(one).start, w.holding(one).count), (1, 1));
    assert_eq!((w.holding(h).start, w.holding(h).count), (2, 9));
    // k = n − 1 leaves the last serial behind.
    let most = w.give(h, &w.consumer2, 8);
    assert_eq!((w.holding(most).start, w.holding(most).count), (2, 8));
    assert_eq!((w.holding(h).start, w.holding(h).count), (10, 1));
    // k = n moves the holding itself: no empty range is left.
    let last = w.give(h, &w.consumer2, 1);
    assert_eq!(last, h);
    assert_eq!(w.holding(h).owner, w.consumer2);
    // Every edge serial resolves to exactly its holding.
    for (serial, holding) in [(1, one), (2, most), (9, most), (10, h)] {
        assert_eq!(
            w.gp.serial_owner(serial).unwrap().id,
            holding,
            "serial {serial}"
        );
    }
    assert_eq!(w.gp.serial_owner(0), None);
    assert_eq!(w.gp.serial_owner(11), None);
}

// ---- Retire the same holding twice in one call (duplicate entries in holdings[]) → must
// ---- fail atomically.

#[test]
fn retire_the_same_holding_twice_in_one_call_fails_atomically() {
    let w = world();
    let (_, a) = w.issue(202401, 10_000, true);
    let (_, b) = w.issue(202402, 10_000, true);
    let before = w.storage();
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![a, b, a],
            &vec![1, 1, 1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202402),
            &"R-1".into()
        )),
        Duplicate {
            what: Unique::BatchEntry
        }
    );
    assert_eq!(w.storage(), before, "nothing of the call remains");
    assert!(w.chain.last_receipt().unwrap().events.is_empty());
    assert_eq!(w.gp.balance(&w.generator).retired, 0);
}

// ---- Retire/transfer after expires_at (boundary second); list then expire; transfer a
// ---- listed holding directly.

#[test]
fn retire_after_expires_at_boundary_second() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let expires_at = expiry_of(202401, 24);
    assert_eq!(w.gp.lot(1).unwrap().expires_at, expires_at);
    w.set_time(expires_at - 1);
    w.retire(&w.generator, &[h], &[1], (202401, 202401));
    w.set_time(expires_at);
    let retire = |request: &str| {
        w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &request.into(),
        )
    };
    assert_eq!(err(retire("R-t")), DeadlineExpired { expires_at });
    w.set_time(expires_at + 1);
    assert_eq!(err(retire("R-t+1")), DeadlineExpired { expires_at });
    assert_eq!(w.gp.balance(&w.generator).retired, 1);
}

#[test]
fn transfer_after_expires_at_boundary_second() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let expires_at = expiry_of(202401, 24);
    w.set_time(expires_at - 1);
    w.give(h, &w.consumer, 1);
    for t in [expires_at, expires_at + 1] {
        w.set_time(t);
        assert_eq!(
            err(w
                .gp
                .by(&w.exchange)
                .try_transfer(h, &w.consumer, 1, &w.fresh())),
            DeadlineExpired { expires_at }
        );
    }
    // Expiry is applied lazily: anyone may mark it, and then nothing moves for good.
    w.gp.by(&w.stranger).expire(&vec![h]);
    assert_eq!(w.holding(h).state, HoldingState::Expired);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(h, &w.consumer, 1, &w.fresh())),
        InvalidState {
            from: Status::Expired,
            action: Action::Transfer
        }
    );
}

#[test]
fn list_then_expire() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let listed = w.gp.by(&w.generator).list(h, 4, 500, &w.exchange, &w.req());
    let expires_at = expiry_of(202401, 24);
    w.set_time(expires_at - 1);
    assert_eq!(
        err(w.gp.by(&w.stranger).try_expire(&vec![listed])),
        DeadlineNotReached { at: expires_at }
    );
    w.set_time(expires_at);
    // The listing cannot be filled any more …
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_settle_listing(listed, &w.consumer, 1, &w.fresh())),
        DeadlineExpired { expires_at }
    );
    // … and expiring it closes it.
    w.gp.by(&w.stranger).expire(&vec![listed, h]);
    assert_eq!(w.holding(listed).state, HoldingState::Expired);
    let balance = w.gp.balance(&w.generator);
    assert_eq!(
        (balance.listed, balance.expired, balance.available),
        (0, 10, 0)
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_settle_listing(listed, &w.consumer, 1, &w.fresh())),
        InvalidState {
            from: Status::Expired,
            action: Action::SettleListing
        }
    );
    assert_eq!(w.gp.stats(202401).expired, 10);
}

#[test]
fn transfer_a_listed_holding_directly() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let listed =
        w.gp.by(&w.generator)
            .list(h, 10, 500, &w.exchange, &w.req());
    assert_eq!(listed, h, "listing the whole holding lists it in place");
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(listed, &w.consumer, 1, &w.fresh())),
        InvalidState {
            from: Status::Listed,
            action: Action::Transfer
        }
    );
    // Nor can its holder retire it while it is on offer.
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![listed],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"R".into()
        )),
        InvalidState {
            from: Status::Listed,
            action: Action::Retire
        }
    );
}

// ---- Second resale when max_trades = 1; transfer of a non-tradable lot; transfer by the
// ---- owner bypassing the exchange.

#[test]
fn second_resale_when_max_trades_is_1() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let bought = w.give(h, &w.consumer, 5);
    assert_eq!(w.holding(bought).trades, 1);
    let limit = LimitExceeded {
        param: Limit::MaxTrades,
        limit: 1,
    };
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(bought, &w.consumer2, 1, &w.fresh())),
        limit
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.consumer)
            .try_list(bought, 1, 100, &w.exchange, &w.req())),
        limit
    );
    // The consumer can still retire what it bought.
    w.retire(&w.consumer, &[bought], &[5], (202401, 202401));
    // Under a configuration allowing two trades the resale goes through, once.
    let w = world_with(Config {
        max_trades: 2,
        ..Config::GEC_2024
    });
    let (_, h) = w.issue(202401, 10_000, true);
    let bought = w.give(h, &w.consumer, 5);
    let resold = w.give(bought, &w.consumer2, 5);
    assert_eq!(w.holding(resold).trades, 2);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(resold, &w.consumer, 1, &w.fresh())),
        LimitExceeded {
            param: Limit::MaxTrades,
            limit: 2
        }
    );
}

#[test]
fn transfer_of_a_non_tradable_lot() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, false);
    let (project, lot) = (w.gp.project(w.project).unwrap(), w.gp.lot(1).unwrap());
    assert_eq!(
        green_power::gec_code(&project, &lot, 1).unwrap(),
        "W1507830200100017202401120000001"
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(h, &w.consumer, 1, &w.fresh())),
        NotTradable
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.generator)
            .try_list(h, 1, 100, &w.exchange, &w.req())),
        NotTradable
    );
    // Non-tradable certificates are retired by the generator itself (self-consumption).
    w.retire(&w.generator, &[h], &[10], (202401, 202401));
}

#[test]
fn transfer_by_the_owner_bypassing_the_exchange() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let before = w.storage();
    for who in [w.generator, w.consumer, w.authority, w.regulator] {
        assert_eq!(
            err(w.gp.by(&who).try_transfer(h, &w.consumer, 1, &w.fresh())),
            Unauthorized
        );
    }
    assert_eq!(w.storage(), before);
}

// ---- Green-trade settlement exceeding the contract; settling GECs from another project or
// ---- month; settlement replay.

fn green_trade(w: &World, contract_kwh: u64) -> u64 {
    w.gp.by(&w.exchange2).record_green_trade(
        &w.generator,
        &w.consumer,
        w.project,
        &(202401, 202403),
        contract_kwh,
        &sm3("route"),
        &w.fresh(),
    )
}

#[test]
fn green_trade_settlement_exceeding_the_contract() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000_000, true);
    let (_, feb) = w.issue(202402, 10_000_000, true);
    let trade = green_trade(&w, 5_000_000);
    let exchange = w.gp.by(&w.exchange2);
    assert_eq!(
        err(exchange.try_settle_green_trade(trade, 202401, 5_000_001, &w.fresh(), jan)),
        Insufficient {
            what: Quantity::ContractKwh,
            have: 5_000_000,
            need: 5_000_001
        }
    );
    exchange.settle_green_trade(trade, 202401, 3_000_000, &w.fresh(), jan);
    assert_eq!(
        err(exchange.try_settle_green_trade(trade, 202402, 2_000_001, &w.fresh(), feb)),
        Insufficient {
            what: Quantity::ContractKwh,
            have: 2_000_000,
            need: 2_000_001
        }
    );
    exchange.settle_green_trade(trade, 202402, 2_000_000, &w.fresh(), feb);
    let t = w.gp.green_trade(trade).unwrap();
    assert_eq!((t.settled_kwh, t.gec_transferred), (5_000_000, 5_000));
}

#[test]
fn settling_gecs_from_another_project() {
    let w = world();
    let other = w.gp.by(&w.authority).register_project(
        &"S0000000000000009".into(),
        &w.generator,
        &Energy::Solar,
        1_000_000,
        true,
    );
    let (_, foreign) = w.issue_for(other, 202401, 10_000, true);
    w.issue(202401, 10_000, true);
    let trade = green_trade(&w, 5_000_000);
    let before = w.storage();
    assert_eq!(
        err(w.gp.by(&w.exchange2).try_settle_green_trade(
            trade,
            202401,
            5_000,
            &w.fresh(),
            foreign
        )),
        InvalidInput {
            field: Field::Holding
        }
    );
    assert_eq!(w.storage(), before);
}

#[test]
fn settling_gecs_from_another_month() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000, true);
    w.issue(202402, 10_000, true);
    let trade = green_trade(&w, 5_000_000);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange2)
            .try_settle_green_trade(trade, 202402, 5_000, &w.fresh(), jan)),
        InvalidInput {
            field: Field::Holding
        }
    );
    // GECs the generator no longer holds cannot settle either.
    let sold = w.give(jan, &w.consumer2, 10);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange2)
            .try_settle_green_trade(trade, 202401, 5_000, &w.fresh(), sold)),
        InvalidInput {
            field: Field::Holding
        }
    );
}

#[test]
fn settlement_replay() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000_000, true);
    let trade = green_trade(&w, 9_000_000);
    let exchange = w.gp.by(&w.exchange2);
    let settlement = w.fresh();
    assert_eq!(
        exchange.settle_green_trade(trade, 202401, 1_000_500, &settlement, jan),
        1_000
    );
    let before = w.storage();
    // The same month again, with the same or another settlement record.
    for record in [settlement, w.fresh()] {
        assert_eq!(
            err(exchange.try_settle_green_trade(trade, 202401, 1_000_500, &record, jan)),
            Duplicate {
                what: Unique::Settlement
            }
        );
    }
    // The same settlement record replayed as a plain transfer of the same holding.
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange2)
            .try_transfer(jan, &w.consumer, 1, &settlement)),
        Duplicate {
            what: Unique::TransferRef
        }
    );
    assert_eq!(w.storage(), before);
}

// ---- Revoke a lot with retired holdings; freeze then retire.

#[test]
fn revoke_a_lot_with_retired_holdings() {
    let w = world();
    let (lot, h) = w.issue(202401, 10_000, true);
    w.retire(&w.generator, &[h], &[3], (202401, 202401));
    let auth = w.gp.by(&w.authority);
    auth.freeze_lot(lot, &sm3("dispute"));
    assert_eq!(
        err(auth.try_revoke_lot(lot, &sm3("decision"))),
        LotHasRetirements { retired: 3 }
    );
    assert_eq!(
        w.gp.lot(lot).unwrap().status,
        green_power::LotStatus::Frozen
    );
}

#[test]
fn freeze_then_retire() {
    let w = world();
    let (lot, h) = w.issue(202401, 10_000, true);
    w.gp.by(&w.regulator).freeze_lot(lot, &sm3("dispute"));
    let frozen = InvalidState {
        from: Status::Frozen,
        action: Action::Retire,
    };
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"R".into()
        )),
        frozen
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_transfer(h, &w.consumer, 1, &w.fresh())),
        InvalidState {
            from: Status::Frozen,
            action: Action::Transfer
        }
    );
    w.gp.by(&w.regulator).unfreeze_lot(lot, &sm3("resolved"));
    w.retire(&w.generator, &[h], &[1], (202401, 202401));
}

// ---- Fake exchange/data provider; public verify_proof with a wrong qr_sm3.

#[test]
fn fake_exchange() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let fake = w.chain.account("fake-exchange");
    let gp = w.gp.by(&fake);
    assert_eq!(err(gp.try_transfer(h, &fake, 1, &w.fresh())), Unauthorized);
    assert_eq!(
        err(gp.try_record_green_trade(
            &w.generator,
            &fake,
            w.project,
            &(202401, 202401),
            1_000,
            &sm3("route"),
            &w.fresh()
        )),
        Unauthorized
    );
    // A listing names a real exchange; a fake one is refused as an argument.
    assert_eq!(
        err(w.gp.by(&w.generator).try_list(h, 1, 100, &fake, &w.req())),
        InvalidInput {
            field: Field::Exchange
        }
    );
    // A real exchange cannot fill another exchange's listing.
    let listed = w.gp.by(&w.generator).list(h, 2, 100, &w.exchange, &w.req());
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange2)
            .try_settle_listing(listed, &w.consumer, 1, &w.fresh())),
        Unauthorized
    );
}

#[test]
fn fake_data_provider() {
    let w = world();
    w.at(end_of(202401));
    let fake = w.chain.account("fake-grid");
    let before = w.storage();
    for source in [ReadingSource::Grid, ReadingSource::Exchange] {
        assert_eq!(
            err(w
                .gp
                .by(&fake)
                .try_submit_reading(w.project, 202401, 1_000, &source, &w.fresh())),
            Unauthorized
        );
    }
    // Self-reported data comes from the project's owner only.
    assert_eq!(
        err(w.gp.by(&fake).try_submit_reading(
            w.project,
            202401,
            1_000,
            &ReadingSource::SelfReported,
            &w.fresh()
        )),
        Unauthorized
    );
    assert_eq!(w.storage(), before);
    let own = w.gp.by(&w.generator).submit_reading(
        w.project,
        202401,
        1_000,
        &ReadingSource::SelfReported,
        &w.fresh(),
    );
    assert_eq!(
        w.gp.reading(own).unwrap().source,
        ReadingSource::SelfReported
    );
}

#[test]
fn verify_proof_with_a_wrong_qr_sm3() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let proof = w.retire(&w.generator, &[h], &[4], (202401, 202401));
    let qr = w.gp.proof(proof).unwrap().qr_sm3;
    assert!(w.gp.by(&w.stranger).try_verify_proof(proof, &qr).is_ok());
    let mut wrong = qr;
    wrong[31] ^= 1;
    assert_eq!(
        err(w.gp.by(&w.stranger).try_verify_proof(proof, &wrong)),
        ProofMismatch
    );
    assert_eq!(
        err(w.gp.by(&w.stranger).try_verify_proof(proof + 1, &qr)),
        NotFound {
            what: Record::Proof
        }
    );
}

// ---- Scale: a lot of 1.82 亿 / 1 168 ≈ 15.6 万 GECs split into 10 000 retirements —
// ---- ensure O(log n) serial lookup and bounded per-tx work.

#[test]
fn scale_a_156k_lot_split_into_10000_retirements() {
    let w = world();
    // Only the compiled contract: it is the one that meters gas.
    w.chain.set_mode(Mode::Wasm);
    let (lot, h) = w.issue(202401, 156_000_000, true);
    let bought = w.give(h, &w.consumer, 156_000);
    assert_eq!(bought, h);
    let lookup = |serial| {
        w.gp.serial_owner(serial).unwrap();
        w.chain.last_gas()
    };
    let lookup_gas_before = lookup(150_001);
    let mut retire_gas = Vec::new();
    for i in 0..10_000u64 {
        w.gp.by(&w.consumer).retire(
            &vec![h],
            &vec![15],
            &sm3("beneficiary"),
            &Purpose::ConsumptionClaim,
            &(202401, 202401),
            &format!("R-{i:05}"),
        );
        if i == 1 || i == 9_999 {
            retire_gas.push(w.chain.last_gas());
        }
    }
    // 10 000 retired ranges and the 6 000 certificates left, all in one lot.
    let remaining = w.holding(h);
    assert_eq!((remaining.start, remaining.count), (150_001, 6_000));
    assert_eq!(w.gp.balance(&w.consumer).retired, 150_000);
    assert_eq!(w.gp.lot(lot).unwrap().count, 156_000);
    // The 10 000th retirement costs what the second did (the first also creates counters):
    // no per-call work grows with the number of ranges.
    assert_eq!(retire_gas[0], retire_gas[1], "retire gas {retire_gas:?}");
    // A serial lookup is one ordered storage step, whatever the number of ranges.
    let lookup_gas_after = lookup(150_001);
    assert_eq!(lookup_gas_before, lookup_gas_after);
    let middle = w.gp.serial_owner(75_008).unwrap();
    assert_eq!((middle.start, middle.count), (75_001, 15));
    assert!(matches!(
        middle.state,
        HoldingState::Retired { proof: 5_001 }
    ));
    // Paged views stay bounded: 100 holdings per page at most.
    let (page, next) = w.gp.holdings_of_lot(lot, 0, 1_000);
    assert_eq!(page.len(), 100);
    assert_eq!(next, 1_500);
}
