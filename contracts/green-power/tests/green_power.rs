//! The registry's rules, one test per rule, against the compiled wasm in the testkit.

mod common;

use common::*;
use green_power::{
    Action, Config, ConfigChanged, Energy, Field, GecTransferred, GreenPowerError::*, HoldingState,
    HoldingStatus, Limit, LotIssued, LotStatus, PeriodRule, Project, ProjectRegistered,
    ProjectStatus, Purpose, Quantity, ReadingSource, ReadingStatus, Record, Role, Status,
    TradeStatus, Unique, MAX_BATCH,
};
use kexin::client::FailureKind;
use kexin::Addr;
use sm3::Digest;

// ---------------------------------------------------------------- deployment and rules

#[test]
fn deployment_makes_the_deployer_admin_and_sets_the_rules() {
    let w = world();
    assert_eq!(w.gp.admin(), w.admin);
    assert_eq!(w.gp.config(), Config::GEC_2024);
    assert!(w.gp.has_role(&Role::IssuingAuthority, &w.authority));
    assert!(!w.gp.has_role(&Role::IssuingAuthority, &w.admin));
    assert!(!w.gp.is_paused());
    assert_eq!(w.gp.schema_version(), green_power::SCHEMA_VERSION);
}

#[test]
fn rules_out_of_range_are_refused_at_deployment_and_on_change() {
    let bad = [
        Config {
            kwh_per_gec: 0,
            ..Config::GEC_2024
        },
        Config {
            validity_months: 0,
            ..Config::GEC_2024
        },
        Config {
            validity_months: 121,
            ..Config::GEC_2024
        },
        Config {
            max_trades: 0,
            ..Config::GEC_2024
        },
        Config {
            max_trades: 5,
            ..Config::GEC_2024
        },
        Config {
            max_hours_per_month: 0,
            ..Config::GEC_2024
        },
        Config {
            max_hours_per_month: 745,
            ..Config::GEC_2024
        },
    ];
    let w = world();
    for config in bad {
        let chain = kexin_testkit::Chain::new();
        let deployer = chain.account("admin");
        match green_power::GreenPowerClient::try_deploy(&chain, &deployer, &config) {
            Err(kexin::client::CallError::Contract(e)) => assert_eq!(
                e,
                InvalidInput {
                    field: Field::Config
                }
            ),
            other => panic!("{config:?} must be refused, got {:?}", other.map(|_| ())),
        }
        assert_eq!(
            err(w.gp.by(&w.authority).try_set_config(&config)),
            InvalidInput {
                field: Field::Config
            }
        );
    }
    // The extremes that are allowed.
    for config in [
        Config {
            kwh_per_gec: 1,
            validity_months: 1,
            max_trades: 1,
            max_hours_per_month: 1,
            period_rule: PeriodRule::Any,
        },
        Config {
            kwh_per_gec: u64::MAX,
            validity_months: 120,
            max_trades: 4,
            max_hours_per_month: 744,
            period_rule: PeriodRule::ProductionWithinPeriod,
        },
    ] {
        w.gp.by(&w.authority).set_config(&config);
        assert_eq!(w.gp.config(), config);
    }
}

#[test]
fn only_the_issuing_authority_changes_the_rules_and_each_change_is_an_event() {
    let w = world();
    let new = Config {
        max_trades: 2,
        ..Config::GEC_2024
    };
    for who in [w.admin, w.regulator, w.exchange, w.provider, w.generator] {
        assert_eq!(err(w.gp.by(&who).try_set_config(&new)), Unauthorized);
    }
    w.gp.by(&w.authority).set_config(&new);
    let event = w.chain.last_receipt().unwrap().events[0].decode::<ConfigChanged>();
    assert_eq!(
        event,
        Some(ConfigChanged {
            old: Config::GEC_2024,
            new
        })
    );
}

#[test]
fn a_new_validity_applies_to_lots_issued_after_it() {
    let w = world();
    let (old, _) = w.issue(202401, 1_000, true);
    w.gp.by(&w.authority).set_config(&Config {
        validity_months: 12,
        ..Config::GEC_2024
    });
    let (new, _) = w.issue(202402, 1_000, true);
    assert_eq!(w.gp.lot(old).unwrap().expires_at, expiry_of(202401, 24));
    assert_eq!(w.gp.lot(new).unwrap().expires_at, expiry_of(202402, 12));
}

#[test]
fn a_new_kwh_per_gec_applies_to_later_issuances_and_the_carry_follows() {
    let w = world();
    w.issue(202401, 1_700, true); // 1 GEC, carry 700
    w.gp.by(&w.authority).set_config(&Config {
        kwh_per_gec: 500,
        ..Config::GEC_2024
    });
    let (lot, _) = w.issue(202402, 400, true); // (400 + 700) / 500 = 2, carry 100
    let lot = w.gp.lot(lot).unwrap();
    assert_eq!((lot.count, lot.kwh_per_gec), (2, 500));
    assert_eq!(w.gp.project(w.project).unwrap().carry_kwh, 100);
}

// ---------------------------------------------------------------- projects

#[test]
fn registering_a_project_records_it_and_emits_an_event() {
    let w = world();
    let project = w.gp.project(w.project).unwrap();
    assert_eq!(project.reg_code, "W1507830200100017");
    assert_eq!(project.owner, w.generator);
    assert_eq!(project.status, ProjectStatus::Active);
    assert_eq!(w.gp.project_id(&"W1507830200100017".into()), w.project);
    assert_eq!(w.gp.project_id(&"W0000000000000000".into()), 0);
    let id = w.gp.by(&w.authority).register_project(
        &"B1100000000000001".into(),
        &w.consumer,
        &Energy::Biomass,
        10,
        false,
    );
    assert_eq!(
        w.chain.last_receipt().unwrap().events[0].decode::<ProjectRegistered>(),
        Some(ProjectRegistered {
            project: Project {
                id,
                reg_code: "B1100000000000001".into(),
                owner: w.consumer,
                energy: Energy::Biomass,
                capacity_kw: 10,
                storage_separately_metered: false,
                status: ProjectStatus::Active,
                carry_kwh: 0,
            }
        })
    );
}

#[test]
fn a_registration_code_is_17_characters_of_digits_and_capitals() {
    let w = world();
    let auth = w.gp.by(&w.authority);
    let register = |code: &str| {
        auth.try_register_project(&code.into(), &w.generator, &Energy::Solar, 100, true)
    };
    let bad = InvalidInput {
        field: Field::RegCode,
    };
    for code in [
        "",                      // empty
        "S000000000000001",      // 16
        "S00000000000000012",    // 18
        "s0000000000000001",     // lower case
        "S000000000000-001",     // punctuation
        "风000000000000001",     // non-ASCII, 17 bytes
        "风电00000000000000001", // non-ASCII, 17 characters
    ] {
        assert_eq!(err(register(code)), bad, "{code:?}");
    }
    register("S0000000000000001").unwrap();
    assert_eq!(
        err(register("S0000000000000001")),
        Duplicate {
            what: Unique::RegCode
        }
    );
}

#[test]
fn independent_storage_is_not_eligible_and_other_inputs_are_checked() {
    let w = world();
    let auth = w.gp.by(&w.authority);
    let code = || "E0000000000000001".to_string();
    assert_eq!(
        err(auth.try_register_project(&code(), &w.generator, &Energy::Storage, 100, true)),
        InvalidInput {
            field: Field::Energy
        }
    );
    assert_eq!(
        err(auth.try_register_project(&code(), &w.generator, &Energy::Solar, 0, true)),
        InvalidInput {
            field: Field::Capacity
        }
    );
    assert_eq!(
        err(auth.try_register_project(&code(), &Addr::ZERO, &Energy::Solar, 1, true)),
        InvalidInput {
            field: Field::Account
        }
    );
    for energy in [
        Energy::Wind,
        Energy::Solar,
        Energy::Hydro,
        Energy::Biomass,
        Energy::Geothermal,
        Energy::Ocean,
    ] {
        let code = format!("E{:016}", energy as u8);
        auth.register_project(&code, &w.generator, &energy, 1, true);
    }
}

#[test]
fn a_suspended_project_receives_no_readings_until_reactivated() {
    let w = world();
    w.at(end_of(202401));
    let auth = w.gp.by(&w.authority);
    auth.set_project_status(w.project, &ProjectStatus::Suspended);
    let submit = || {
        w.gp.by(&w.provider).try_submit_reading(
            w.project,
            202401,
            1,
            &ReadingSource::Grid,
            &w.fresh(),
        )
    };
    assert_eq!(
        err(submit()),
        InvalidState {
            from: Status::Suspended,
            action: Action::SubmitReading
        }
    );
    assert_eq!(
        err(auth.try_set_project_status(w.project, &ProjectStatus::Suspended)),
        InvalidState {
            from: Status::Suspended,
            action: Action::SetProjectStatus
        }
    );
    auth.set_project_status(w.project, &ProjectStatus::Active);
    submit().unwrap();
    assert_eq!(
        err(auth.try_set_project_status(99, &ProjectStatus::Active)),
        NotFound {
            what: Record::Project
        }
    );
}

// ---------------------------------------------------------------- readings

#[test]
fn a_month_is_written_yyyymm_between_2000_and_9999() {
    let w = world();
    w.at(end_of(202412));
    let provider = w.gp.by(&w.provider);
    for month in [0, 202400, 202413, 199912, 100001, 99_999_999] {
        assert_eq!(
            err(provider.try_submit_reading(w.project, month, 1, &ReadingSource::Grid, &w.fresh())),
            InvalidInput {
                field: Field::Month
            },
            "{month}"
        );
    }
}

#[test]
fn a_reading_above_the_plausibility_cap_is_refused() {
    let w = world();
    w.at(end_of(202401));
    // 1 000 000 kW × 744 h.
    let cap = 744_000_000;
    let submit = |kwh| {
        w.gp.by(&w.provider).try_submit_reading(
            w.project,
            202401,
            kwh,
            &ReadingSource::Grid,
            &w.fresh(),
        )
    };
    assert_eq!(
        err(submit(cap + 1)),
        LimitExceeded {
            param: Limit::Plausibility,
            limit: cap
        }
    );
    submit(cap).unwrap();
    submit(0).unwrap();
    submit(1).unwrap();
}

#[test]
fn the_same_source_data_cannot_be_submitted_twice() {
    let w = world();
    w.at(end_of(202402));
    let provider = w.gp.by(&w.provider);
    let data = w.fresh();
    provider.submit_reading(w.project, 202401, 1, &ReadingSource::Grid, &data);
    assert_eq!(
        err(provider.try_submit_reading(w.project, 202402, 1, &ReadingSource::Grid, &data)),
        Duplicate {
            what: Unique::ReadingData
        }
    );
    assert_eq!(
        err(provider.try_submit_reading(w.project, 202402, 1, &ReadingSource::Grid, &[0; 32])),
        InvalidInput { field: Field::Hash }
    );
    assert_eq!(
        err(provider.try_submit_reading(9, 202402, 1, &ReadingSource::Grid, &w.fresh())),
        NotFound {
            what: Record::Project
        }
    );
}

#[test]
fn a_reading_is_verified_or_disputed_once() {
    let w = world();
    w.at(end_of(202401));
    let provider = w.gp.by(&w.provider);
    let auth = w.gp.by(&w.authority);
    let submit =
        || provider.submit_reading(w.project, 202401, 5_000, &ReadingSource::Grid, &w.fresh());
    let disputed = submit();
    auth.dispute_reading(disputed, &sm3("wrong meter"));
    assert_eq!(
        w.gp.reading(disputed).unwrap().status,
        ReadingStatus::Disputed
    );
    let (reading, from) = (disputed, Status::Disputed);
    assert_eq!(
        err(auth.try_verify_reading(reading)),
        InvalidState {
            from,
            action: Action::Verify
        }
    );
    assert_eq!(
        err(auth.try_dispute_reading(reading, &sm3("again"))),
        InvalidState {
            from,
            action: Action::Dispute
        }
    );
    let verified = submit();
    assert_eq!(
        err(auth.try_dispute_reading(verified, &[0; 32])),
        InvalidInput { field: Field::Hash }
    );
    auth.verify_reading(verified);
    assert_eq!(
        err(auth.try_verify_reading(verified)),
        InvalidState {
            from: Status::Verified,
            action: Action::Verify
        }
    );
    assert_eq!(
        err(auth.try_dispute_reading(verified, &sm3("late"))),
        InvalidState {
            from: Status::Verified,
            action: Action::Dispute
        }
    );
    assert_eq!(
        err(auth.try_verify_reading(99)),
        NotFound {
            what: Record::Reading
        }
    );
    let month = w.gp.project_month(w.project, 202401).unwrap();
    assert_eq!((month.reading, month.kwh, month.lot), (verified, 5_000, 0));
}

// ---------------------------------------------------------------- issuance

#[test]
fn a_lot_is_issued_from_the_reading_plus_carry_and_the_rest_carried() {
    let w = world();
    let (jan, h1) = w.issue(202401, 12_345_678, true);
    let lot = w.gp.lot(jan).unwrap();
    assert_eq!((lot.first_serial, lot.count), (1, 12_345));
    // The 32-character GEC code of the lot's first and last serials; none outside it.
    let project = w.gp.project(w.project).unwrap();
    let code = |serial| green_power::gec_code(&project, &lot, serial);
    assert_eq!(code(1).unwrap(), "W1507830200100017202401110000001");
    assert_eq!(code(12_345).unwrap(), "W1507830200100017202401110012345");
    assert_eq!((code(0), code(12_346)), (None, None));
    assert_eq!(lot.expires_at, expiry_of(202401, 24));
    assert_eq!(lot.status, LotStatus::Valid);
    let holding = w.holding(h1);
    assert_eq!(
        (holding.owner, holding.start, holding.count, holding.trades),
        (w.generator, 1, 12_345, 0)
    );
    let event = w
        .chain
        .receipts()
        .iter()
        .rev()
        .find(|r| r.method == "issue_lot")
        .unwrap()
        .events[0]
        .decode::<LotIssued>()
        .unwrap();
    assert_eq!(event.lot, lot);
    assert_eq!((event.carry_kwh, event.holding), (678, h1));

    let (feb, _) = w.issue(202402, 9_000_400, true);
    let lot = w.gp.lot(feb).unwrap();
    assert_eq!((lot.first_serial, lot.count), (12_346, 9_001));
    let month = w.gp.project_month(w.project, 202402).unwrap();
    assert_eq!((month.carry_in, month.carry_out, month.lot), (678, 78, feb));
    assert_eq!(w.gp.counters().last_serial, 21_346);
    assert_eq!(w.gp.balance(&w.generator).available, 21_346);
    assert_eq!(w.gp.stats(202401).issued, 12_345);
    assert_eq!(w.gp.stats(202402).issued, 9_001);
}

#[test]
fn serials_are_unique_across_projects() {
    let w = world();
    let solar = w.gp.by(&w.authority).register_project(
        &"S0000000000000001".into(),
        &w.consumer,
        &Energy::Solar,
        1_000,
        true,
    );
    let (a, _) = w.issue(202401, 5_000, true);
    let (b, _) = w.issue_for(solar, 202401, 7_000, true);
    let (c, _) = w.issue(202402, 3_000, true);
    let ranges: Vec<_> = [a, b, c]
        .iter()
        .map(|l| {
            let lot = w.gp.lot(*l).unwrap();
            (lot.first_serial, lot.first_serial + lot.count)
        })
        .collect();
    assert_eq!(ranges, vec![(1, 6), (6, 13), (13, 16)]);
}

#[test]
fn issuing_needs_a_verified_reading() {
    let w = world();
    w.at(end_of(202401));
    let reading = w.gp.by(&w.provider).submit_reading(
        w.project,
        202401,
        5_000,
        &ReadingSource::Grid,
        &w.fresh(),
    );
    let auth = w.gp.by(&w.authority);
    assert_eq!(
        err(auth.try_issue_lot(w.project, 202401, true)),
        NotFound {
            what: Record::VerifiedReading
        }
    );
    auth.verify_reading(reading);
    auth.issue_lot(w.project, 202401, true);
    assert_eq!(
        err(auth.try_issue_lot(99, 202401, true)),
        NotFound {
            what: Record::Project
        }
    );
}

#[test]
fn a_lot_holds_at_most_9_999_999_certificates() {
    let w = world();
    let big = w.gp.by(&w.authority).register_project(
        &"H0000000000000001".into(),
        &w.generator,
        &Energy::Hydro,
        u64::MAX,
        true,
    );
    let (lot, _) = w.issue_for(big, 202401, 9_999_999_999, true);
    assert_eq!(w.gp.lot(lot).unwrap().count, 9_999_999);
    assert_eq!(w.gp.project(big).unwrap().carry_kwh, 999);
    w.verified(big, 202402, 9_999_999_001); // + 999 carried = 10 000 000 000 kWh
    assert_eq!(
        err(w.gp.by(&w.authority).try_issue_lot(big, 202402, true)),
        LimitExceeded {
            param: Limit::LotSize,
            limit: 9_999_999
        }
    );
}

// ---------------------------------------------------------------- transfers

#[test]
fn a_transfer_splits_off_the_first_certificates_for_the_buyer() {
    let w = world();
    let (lot, h) = w.issue(202401, 100_000, true);
    let reference = w.fresh();
    let bought =
        w.gp.by(&w.exchange)
            .transfer(h, &w.consumer, 30, &reference);
    let buyer = w.holding(bought);
    assert_eq!(
        (buyer.owner, buyer.start, buyer.count, buyer.trades),
        (w.consumer, 1, 30, 1)
    );
    assert_eq!(buyer.custody.len(), 1);
    assert_eq!(
        (buyer.custody[0].from, buyer.custody[0].ref_sm3),
        (w.generator, reference)
    );
    let rest = w.holding(h);
    assert_eq!((rest.start, rest.count, rest.trades), (31, 70, 0));
    let receipt = w
        .chain
        .receipts()
        .into_iter()
        .rev()
        .find(|r| r.method == "transfer")
        .unwrap();
    assert_eq!(receipt.events.len(), 1);
    assert_eq!(
        receipt.events[0].decode::<GecTransferred>(),
        Some(GecTransferred {
            source: h,
            holding: bought,
            from: w.generator,
            to: w.consumer,
            lot,
            start: 1,
            count: 30,
            trade_ref: reference,
            trade: 0,
            listing: 0,
        })
    );
    assert_eq!(w.gp.balance(&w.consumer).available, 30);
    assert_eq!(w.gp.balance(&w.generator).available, 70);
    assert_eq!(w.gp.stats(202401).traded, 30);
}

#[test]
fn a_transfer_to_the_holder_itself_or_to_nobody_is_refused() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let exchange = w.gp.by(&w.exchange);
    for to in [w.generator, Addr::ZERO] {
        assert_eq!(
            err(exchange.try_transfer(h, &to, 1, &w.fresh())),
            InvalidInput { field: Field::To }
        );
    }
    assert_eq!(
        err(exchange.try_transfer(h, &w.consumer, 1, &[0; 32])),
        InvalidInput { field: Field::Hash }
    );
    assert_eq!(
        err(exchange.try_transfer(99, &w.consumer, 1, &w.fresh())),
        NotFound {
            what: Record::Holding
        }
    );
}

#[test]
fn a_settlement_reference_moves_a_holding_once() {
    let w = world();
    let (_, a) = w.issue(202401, 10_000, true);
    let (_, b) = w.issue(202402, 10_000, true);
    let exchange = w.gp.by(&w.exchange);
    let reference = w.fresh();
    exchange.transfer(a, &w.consumer, 1, &reference);
    assert_eq!(
        err(exchange.try_transfer(a, &w.consumer, 1, &reference)),
        Duplicate {
            what: Unique::TransferRef
        }
    );
    // One settlement may cover several holdings.
    exchange.transfer(b, &w.consumer, 1, &reference);
}

// ---------------------------------------------------------------- listings

#[test]
fn a_listing_is_filled_by_its_exchange_and_the_rest_stays_listed() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let listed = w.gp.by(&w.generator).list(h, 6, 450, &w.exchange, &w.req());
    assert_ne!(listed, h);
    assert_eq!(
        w.holding(listed).state,
        HoldingState::Listed {
            exchange: w.exchange,
            price_fen: 450
        }
    );
    assert_eq!(w.gp.balance(&w.generator).listed, 6);
    let exchange = w.gp.by(&w.exchange);
    let first = exchange.settle_listing(listed, &w.consumer, 2, &w.fresh());
    assert_eq!(w.holding(first).count, 2);
    assert_eq!(w.holding(listed).count, 4);
    // Filling what is left moves the listed holding itself, which closes the listing.
    let second = exchange.settle_listing(listed, &w.consumer2, 4, &w.fresh());
    assert_eq!(second, listed);
    assert_eq!(w.holding(listed).state, HoldingState::Available);
    assert_eq!(w.holding(listed).owner, w.consumer2);
    assert_eq!(
        err(exchange.try_settle_listing(listed, &w.consumer, 1, &w.fresh())),
        InvalidState {
            from: Status::Available,
            action: Action::SettleListing
        }
    );
    assert_eq!(w.gp.balance(&w.generator).listed, 0);
    assert_eq!(w.gp.balance(&w.generator).available, 4);
}

#[test]
fn a_listing_is_withdrawn_by_its_seller_or_exchange_only() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let seller = w.gp.by(&w.generator);
    let listed = seller.list(h, 3, 100, &w.exchange, &w.req());
    for who in [w.exchange2, w.consumer, w.authority] {
        assert_eq!(err(w.gp.by(&who).try_delist(listed)), Unauthorized);
    }
    seller.delist(listed);
    assert_eq!(w.holding(listed).state, HoldingState::Available);
    assert_eq!(
        err(seller.try_delist(listed)),
        InvalidState {
            from: Status::Available,
            action: Action::Delist
        }
    );
    let listed = seller.list(listed, 3, 100, &w.exchange, &w.req());
    w.gp.by(&w.exchange).delist(listed);
    assert_eq!(w.gp.balance(&w.generator).available, 10);
}

#[test]
fn a_listing_needs_a_real_exchange_a_price_and_the_holder() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let seller = w.gp.by(&w.generator);
    assert_eq!(
        err(seller.try_list(h, 1, 0, &w.exchange, &w.req())),
        InvalidInput {
            field: Field::Price
        }
    );
    assert_eq!(
        err(seller.try_list(h, 1, 1, &w.consumer, &w.req())),
        InvalidInput {
            field: Field::Exchange
        }
    );
    assert_eq!(
        err(w
            .gp
            .by(&w.consumer)
            .try_list(h, 1, 1, &w.exchange, &w.req())),
        Unauthorized
    );
    assert_eq!(
        err(seller.try_list(h, 11, u128::MAX, &w.exchange, &w.req())),
        Insufficient {
            what: Quantity::Certificates,
            have: 10,
            need: 11
        }
    );
    seller.list(h, 1, u128::MAX, &w.exchange, &w.req());
    // A buyer cannot be the seller.
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_settle_listing(2, &w.generator, 1, &w.fresh())),
        InvalidInput { field: Field::To }
    );
}

// ---------------------------------------------------------------- green-power trades

fn trade(w: &World, contract_kwh: u64) -> u64 {
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
fn a_green_trade_settles_whole_certificates_monthly_and_tracks_the_remainder() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000_000, true);
    let (_, feb) = w.issue(202402, 10_000_000, true);
    let id = trade(&w, 20_000_000);
    assert_eq!(w.gp.green_trade(id).unwrap().status, TradeStatus::Open);
    let exchange = w.gp.by(&w.exchange2);
    assert_eq!(
        exchange.settle_green_trade(id, 202401, 8_000_500, &w.fresh(), jan),
        8_000
    );
    assert_eq!(
        exchange.settle_green_trade(id, 202402, 6_000_900, &w.fresh(), feb),
        6_000
    );
    // Less than a certificate: the remainder is tracked, nothing moves, no holding needed.
    assert_eq!(
        exchange.settle_green_trade(id, 202403, 999, &w.fresh(), 0),
        0
    );
    let t = w.gp.green_trade(id).unwrap();
    assert_eq!(t.status, TradeStatus::Settled);
    assert_eq!(
        (t.settled_kwh, t.gec_transferred, t.remainder_kwh),
        (14_002_399, 14_000, 2_399)
    );
    let jan_settlement = w.gp.settlement(id, 202401).unwrap();
    assert_eq!((jan_settlement.kwh, jan_settlement.gec), (8_000_500, 8_000));
    let received = w.holding(jan_settlement.holding);
    assert_eq!((received.owner, received.count), (w.consumer, 8_000));
    assert_eq!(received.custody[0].trade, id);
    assert_eq!(w.gp.settlement(id, 202403).unwrap().holding, 0);
    assert_eq!(w.gp.balance(&w.consumer).available, 14_000);
}

#[test]
fn a_green_trade_is_recorded_between_the_generator_and_another_consumer() {
    let w = world();
    let exchange = w.gp.by(&w.exchange2);
    let record = |generator: &Addr, consumer: &Addr, period: (u32, u32), kwh: u64| {
        exchange.try_record_green_trade(
            generator,
            consumer,
            w.project,
            &period,
            kwh,
            &sm3("route"),
            &w.fresh(),
        )
    };
    assert_eq!(
        err(record(&w.consumer, &w.consumer2, (202401, 202401), 1)),
        InvalidInput {
            field: Field::Generator
        }
    );
    for consumer in [w.generator, Addr::ZERO] {
        assert_eq!(
            err(record(&w.generator, &consumer, (202401, 202401), 1)),
            InvalidInput {
                field: Field::Consumer
            }
        );
    }
    for period in [(202402, 202401), (202400, 202401), (202401, 202413)] {
        assert_eq!(
            err(record(&w.generator, &w.consumer, period, 1)),
            InvalidInput {
                field: Field::Period
            }
        );
    }
    assert_eq!(
        err(record(&w.generator, &w.consumer, (202401, 202401), 0)),
        InvalidInput { field: Field::Kwh }
    );
    let contract = w.fresh();
    exchange.record_green_trade(
        &w.generator,
        &w.consumer,
        w.project,
        &(202401, 202401),
        1,
        &sm3("route"),
        &contract,
    );
    assert_eq!(
        err(exchange.try_record_green_trade(
            &w.generator,
            &w.consumer,
            w.project,
            &(202401, 202401),
            1,
            &sm3("route"),
            &contract
        )),
        Duplicate {
            what: Unique::TradeContract
        }
    );
}

#[test]
fn only_the_trades_exchange_settles_it_within_its_period_until_closed() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000_000, true);
    let id = trade(&w, 9_000_000);
    assert_eq!(
        err(w
            .gp
            .by(&w.exchange)
            .try_settle_green_trade(id, 202401, 1_000, &w.fresh(), jan)),
        Unauthorized
    );
    let exchange = w.gp.by(&w.exchange2);
    assert_eq!(
        err(exchange.try_settle_green_trade(id, 202404, 1_000, &w.fresh(), jan)),
        InvalidInput {
            field: Field::Month
        }
    );
    assert_eq!(
        err(exchange.try_settle_green_trade(id, 202401, 0, &w.fresh(), jan)),
        InvalidInput { field: Field::Kwh }
    );
    assert_eq!(
        err(exchange.try_settle_green_trade(99, 202401, 1, &w.fresh(), jan)),
        NotFound {
            what: Record::Trade
        }
    );
    // Open → Closed directly is allowed; then nothing settles.
    exchange.close_green_trade(id);
    assert_eq!(w.gp.green_trade(id).unwrap().status, TradeStatus::Closed);
    assert_eq!(
        err(exchange.try_settle_green_trade(id, 202401, 1_000, &w.fresh(), jan)),
        InvalidState {
            from: Status::Closed,
            action: Action::Settle
        }
    );
    assert_eq!(
        err(exchange.try_close_green_trade(id)),
        InvalidState {
            from: Status::Closed,
            action: Action::Close
        }
    );
    assert_eq!(
        err(w.gp.by(&w.exchange).try_close_green_trade(id)),
        Unauthorized
    );
}

// ---------------------------------------------------------------- retirement and proofs

#[test]
fn retiring_splits_the_ranges_and_issues_a_verifiable_proof() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000, true);
    let (_, feb) = w.issue(202402, 10_000, true);
    let beneficiary = sm3("salt|北京冬奥组委");
    let proof_id = w.gp.by(&w.generator).retire(
        &vec![jan, feb],
        &vec![4, 10],
        &beneficiary,
        &Purpose::QuotaAccounting,
        &(202401, 202402),
        &"GEC-2024-0001".into(),
    );
    let proof = w.gp.proof(proof_id).unwrap();
    assert_eq!(proof.mwh, 14);
    assert_eq!(proof.holder, w.generator);
    assert_eq!(proof.beneficiary_commit, beneficiary);
    assert_eq!(proof.request_id, "GEC-2024-0001");
    // The first four January certificates split off; February retired in place.
    let retired_jan = proof.ranges[0].0;
    assert_ne!(retired_jan, jan);
    assert_eq!(proof.ranges, vec![(retired_jan, 1, 4), (feb, 11, 10)]);
    assert_eq!(
        w.holding(retired_jan).state,
        HoldingState::Retired { proof: proof_id }
    );
    assert_eq!(
        w.holding(feb).state,
        HoldingState::Retired { proof: proof_id }
    );
    assert_eq!((w.holding(jan).start, w.holding(jan).count), (5, 6));
    let balance = w.gp.balance(&w.generator);
    assert_eq!((balance.available, balance.retired), (6, 14));
    // The QR value is SM3(contract address ‖ borsh(proof with a zero QR value)): anyone can
    // recompute it from the proof.
    let mut blank = proof.clone();
    blank.qr_sm3 = [0; 32];
    let mut bytes = w.gp.address().0.to_vec();
    bytes.extend(kexin::codec::to_vec(&blank));
    let expected: [u8; 32] = sm3::Sm3::digest(&bytes).into();
    assert_eq!(proof.qr_sm3, expected);
}

#[test]
fn retired_certificates_are_retired_once() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    w.retire(&w.generator, &[h], &[10], (202401, 202401));
    let retired = InvalidState {
        from: Status::Retired,
        action: Action::Retire,
    };
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"again".into()
        )),
        retired
    );
    for (result, action) in [
        (
            w.gp.by(&w.exchange)
                .try_transfer(h, &w.consumer, 1, &w.fresh()),
            Action::Transfer,
        ),
        (
            w.gp.by(&w.generator)
                .try_list(h, 1, 1, &w.exchange, &w.req()),
            Action::List,
        ),
    ] {
        assert_eq!(
            err(result),
            InvalidState {
                from: Status::Retired,
                action
            }
        );
    }
    assert_eq!(
        err(w.gp.by(&w.stranger).try_expire(&vec![h])),
        InvalidState {
            from: Status::Retired,
            action: Action::Expire
        }
    );
}

#[test]
fn only_the_holder_retires_its_certificates() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    for who in [w.consumer, w.exchange, w.authority, w.regulator] {
        assert_eq!(
            err(w.gp.by(&who).try_retire(
                &vec![h],
                &vec![1],
                &sm3("b"),
                &Purpose::Voluntary,
                &(202401, 202401),
                &"R".into()
            )),
            Unauthorized
        );
    }
}

#[test]
fn the_consumption_period_must_cover_the_production_months() {
    let w = world();
    let (_, jan) = w.issue(202401, 10_000, true);
    let retire = |period: (u32, u32), request: &str| {
        w.gp.by(&w.generator).try_retire(
            &vec![jan],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &period,
            &request.into(),
        )
    };
    assert_eq!(
        err(retire((202402, 202412), "R-1")),
        InvalidInput {
            field: Field::Period
        }
    );
    assert_eq!(
        err(retire((202402, 202401), "R-1")),
        InvalidInput {
            field: Field::Period
        }
    );
    retire((202312, 202401), "R-1").unwrap();
    // Under the `Any` rule a later consumption period may claim January's certificates.
    w.gp.by(&w.authority).set_config(&Config {
        period_rule: PeriodRule::Any,
        ..Config::GEC_2024
    });
    retire((202402, 202412), "R-2").unwrap();
}

#[test]
fn a_retirement_request_id_is_1_to_64_printable_ascii_characters_unique_per_holder() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let bought = w.give(h, &w.consumer, 5);
    let retire = |who: &Addr, holding, request: &str| {
        w.gp.by(who).try_retire(
            &vec![holding],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &request.into(),
        )
    };
    let bad = InvalidInput {
        field: Field::RequestId,
    };
    for request in ["", &"X".repeat(65), "申请-1", "has space", "tab\t"] {
        assert_eq!(err(retire(&w.generator, h, request)), bad, "{request:?}");
    }
    retire(&w.generator, h, &"X".repeat(64)).unwrap();
    retire(&w.generator, h, "R-1").unwrap();
    let before = w.storage();
    assert_eq!(
        err(retire(&w.generator, h, "R-1")),
        Duplicate {
            what: Unique::RequestId
        }
    );
    assert_eq!(w.storage(), before, "a replay has no second effect");
    // Request ids are per holder.
    retire(&w.consumer, bought, "R-1").unwrap();
}

#[test]
fn a_retirement_batch_holds_1_to_32_holdings_with_one_count_each() {
    let w = world();
    let (_, h) = w.issue(202401, 1_000_000, true);
    // 33 holdings of one certificate each.
    let mut holdings = Vec::new();
    for _ in 0..(MAX_BATCH + 1) {
        let listed = w.gp.by(&w.generator).list(h, 1, 1, &w.exchange, &w.req());
        w.gp.by(&w.generator).delist(listed);
        holdings.push(listed);
    }
    let retire = |holdings: Vec<u64>, counts: Vec<u64>| {
        w.gp.by(&w.generator).try_retire(
            &holdings,
            &counts,
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"R".into(),
        )
    };
    assert_eq!(
        err(retire(holdings.clone(), vec![1; MAX_BATCH + 1])),
        LimitExceeded {
            param: Limit::Batch,
            limit: 32
        }
    );
    assert_eq!(
        err(retire(vec![], vec![])),
        InvalidInput {
            field: Field::Batch
        }
    );
    assert_eq!(
        err(retire(holdings[..2].to_vec(), vec![1])),
        InvalidInput {
            field: Field::Batch
        }
    );
    assert_eq!(
        err(w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![1],
            &[0; 32],
            &Purpose::Voluntary,
            &(202401, 202401),
            &"R".into()
        )),
        InvalidInput { field: Field::Hash }
    );
    let proof = retire(holdings[..MAX_BATCH].to_vec(), vec![1; MAX_BATCH]).unwrap();
    assert_eq!(w.gp.proof(proof).unwrap().mwh, 32);
    assert!(w.chain.last_gas() < 2_000_000, "gas {}", w.chain.last_gas());
}

#[test]
fn verify_proof_traces_generation_trades_and_retirement() {
    let w = world();
    let (jan_lot, jan) = w.issue(202401, 10_000_000, true);
    let (_, feb) = w.issue(202402, 10_000_000, true);
    let id = trade(&w, 20_000_000);
    let exchange = w.gp.by(&w.exchange2);
    exchange.settle_green_trade(id, 202401, 5_000_000, &sm3("settlement/202401"), jan);
    let bought = w.give(feb, &w.consumer, 100);
    let received = w.gp.settlement(id, 202401).unwrap().holding;
    let proof_id = w.retire(
        &w.consumer,
        &[received, bought],
        &[5_000, 100],
        (202401, 202402),
    );
    let qr = w.gp.proof(proof_id).unwrap().qr_sm3;
    let trace = w.gp.by(&w.stranger).verify_proof(proof_id, &qr);
    assert_eq!(trace.proof.mwh, 5_100);
    assert_eq!(trace.proof.trades, vec![id]);
    assert_eq!(trace.trades.len(), 1);
    assert_eq!(trace.trades[0].consumer, w.consumer);
    assert_eq!(trace.projects.len(), 1);
    assert_eq!(trace.projects[0].reg_code, "W1507830200100017");
    let first = &trace.ranges[0];
    assert_eq!(first.lot.id, jan_lot);
    assert_eq!(first.reading.month, 202401);
    assert_eq!(first.reading.status, ReadingStatus::Verified);
    assert_eq!(first.custody.len(), 1);
    assert_eq!(first.custody[0].ref_sm3, sm3("settlement/202401"));
    assert_eq!(first.custody[0].trade, id);
    assert_eq!(trace.ranges[1].reading.month, 202402);
    assert_eq!(trace.ranges[1].custody[0].trade, 0);
}

// ---------------------------------------------------------------- expiry, disputes

#[test]
fn expiry_is_applied_from_the_expiry_second_on() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let expires_at = expiry_of(202401, 24);
    w.set_time(expires_at - 1);
    assert_eq!(
        err(w.gp.by(&w.stranger).try_expire(&vec![h])),
        DeadlineNotReached { at: expires_at }
    );
    w.set_time(expires_at);
    w.gp.by(&w.stranger).expire(&vec![h]);
    assert_eq!(w.holding(h).state, HoldingState::Expired);
    assert_eq!(w.gp.balance(&w.generator).expired, 10);
    assert_eq!(
        err(w.gp.by(&w.stranger).try_expire(&vec![h])),
        InvalidState {
            from: Status::Expired,
            action: Action::Expire
        }
    );
    assert_eq!(
        err(w.gp.by(&w.stranger).try_expire(&vec![])),
        InvalidInput {
            field: Field::Batch
        }
    );
}

#[test]
fn a_revoked_lots_holdings_are_cancelled_not_expired() {
    let w = world();
    let (lot, h) = w.issue(202401, 10_000, true);
    let bought = w.give(h, &w.consumer, 4);
    let listed = w.gp.by(&w.generator).list(h, 2, 100, &w.exchange, &w.req());
    let auth = w.gp.by(&w.authority);
    assert_eq!(
        err(w.gp.by(&w.stranger).try_cancel_holdings(&vec![h])),
        InvalidState {
            from: Status::Valid,
            action: Action::Cancel
        }
    );
    assert_eq!(
        err(auth.try_revoke_lot(lot, &sm3("decision"))),
        InvalidState {
            from: Status::Valid,
            action: Action::Revoke
        }
    );
    auth.freeze_lot(lot, &sm3("dispute"));
    auth.revoke_lot(lot, &sm3("decision"));
    assert_eq!(w.gp.lot(lot).unwrap().status, LotStatus::Revoked);
    w.gp.by(&w.stranger)
        .cancel_holdings(&vec![h, bought, listed]);
    for id in [h, bought, listed] {
        assert_eq!(w.holding(id).state, HoldingState::Cancelled);
    }
    assert_eq!(w.gp.balance(&w.generator).cancelled, 6);
    assert_eq!(w.gp.balance(&w.consumer).cancelled, 4);
    assert_eq!(w.gp.stats(202401).cancelled, 10);
    w.set_time(expiry_of(202401, 24));
    assert_eq!(
        err(w.gp.by(&w.stranger).try_expire(&vec![h])),
        InvalidState {
            from: Status::Cancelled,
            action: Action::Expire
        }
    );
}

#[test]
fn a_lot_is_frozen_unfrozen_or_revoked_in_order() {
    let w = world();
    let (lot, _) = w.issue(202401, 10_000, true);
    let auth = w.gp.by(&w.authority);
    let reg = w.gp.by(&w.regulator);
    let reason = sm3("case");
    assert_eq!(
        err(reg.try_unfreeze_lot(lot, &reason)),
        InvalidState {
            from: Status::Valid,
            action: Action::Unfreeze
        }
    );
    reg.freeze_lot(lot, &reason);
    assert_eq!(
        err(auth.try_freeze_lot(lot, &reason)),
        InvalidState {
            from: Status::Frozen,
            action: Action::Freeze
        }
    );
    auth.unfreeze_lot(lot, &reason);
    auth.freeze_lot(lot, &reason);
    assert_eq!(err(reg.try_revoke_lot(lot, &reason)), Unauthorized);
    auth.revoke_lot(lot, &reason);
    for (result, action) in [
        (auth.try_freeze_lot(lot, &reason), Action::Freeze),
        (auth.try_unfreeze_lot(lot, &reason), Action::Unfreeze),
        (auth.try_revoke_lot(lot, &reason), Action::Revoke),
    ] {
        assert_eq!(
            err(result),
            InvalidState {
                from: Status::Revoked,
                action
            }
        );
    }
    assert_eq!(
        err(auth.try_freeze_lot(99, &reason)),
        NotFound { what: Record::Lot }
    );
    assert_eq!(
        err(auth.try_freeze_lot(lot, &[0; 32])),
        InvalidInput { field: Field::Hash }
    );
}

// ---------------------------------------------------------------- views

#[test]
fn holdings_of_pages_by_at_most_100_and_the_index_follows_every_write() {
    let w = world();
    let (_, h) = w.issue(202401, 1_000_000, true);
    // 150 purchases of one certificate: 150 holdings of the consumer.
    let mut bought = Vec::new();
    for _ in 0..150 {
        bought.push(w.give(h, &w.consumer, 1));
    }
    let (page, next) =
        w.gp.holdings_of(&w.consumer, &HoldingStatus::Available, 0, 101);
    assert_eq!(page.len(), 100);
    assert_eq!(next, page[99].id);
    let (rest, end) =
        w.gp.holdings_of(&w.consumer, &HoldingStatus::Available, next, 100);
    assert_eq!((rest.len(), end), (50, 0));
    let ids: Vec<_> = page.iter().chain(&rest).map(|h| h.id).collect();
    assert_eq!(ids, bought);
    assert_eq!(
        w.gp.holdings_of(&w.consumer, &HoldingStatus::Available, 0, 0)
            .0,
        vec![]
    );
    // Retiring moves a holding from the available index to the retired one.
    w.retire(&w.consumer, &[bought[0]], &[1], (202401, 202401));
    let (available, _) =
        w.gp.holdings_of(&w.consumer, &HoldingStatus::Available, 0, 100);
    assert_eq!(available[0].id, bought[1]);
    let (retired, _) =
        w.gp.holdings_of(&w.consumer, &HoldingStatus::Retired, 0, 100);
    assert_eq!(
        retired.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![bought[0]]
    );
    // The generator's remaining holding is still indexed under it.
    let (own, _) =
        w.gp.holdings_of(&w.generator, &HoldingStatus::Available, 0, 100);
    assert_eq!(own.iter().map(|h| h.id).collect::<Vec<_>>(), vec![h]);
}

#[test]
fn lots_of_a_project_and_holdings_of_a_lot_are_paged() {
    let w = world();
    let mut lots = Vec::new();
    for month in 1..=12 {
        lots.push(w.issue(202400 + month, 3_000, true).0);
    }
    let (first, next) = w.gp.lots_of_project(w.project, 0, 5);
    assert_eq!(first.iter().map(|l| l.id).collect::<Vec<_>>(), lots[..5]);
    assert_eq!(next, lots[4]);
    let (rest, end) = w.gp.lots_of_project(w.project, next, 100);
    assert_eq!((rest.len(), end), (7, 0));
    // A lot split into three holdings, paged by serial.
    let lot = lots[1];
    let (holdings, _) = w.gp.holdings_of_lot(lot, 0, 100);
    let h = holdings[0].id;
    w.give(h, &w.consumer, 1);
    w.give(h, &w.consumer2, 1);
    let (page, next) = w.gp.holdings_of_lot(lot, 0, 2);
    assert_eq!(page.iter().map(|h| h.start).collect::<Vec<_>>(), vec![4, 5]);
    assert_eq!(next, 5);
    let (last, end) = w.gp.holdings_of_lot(lot, next, 2);
    assert_eq!(
        (last.iter().map(|h| h.start).collect::<Vec<_>>(), end),
        (vec![6], 0)
    );
    // Pages never run into the next lot.
    assert_eq!(w.gp.holdings_of_lot(lot, 0, 100).0.len(), 3);
}

#[test]
fn a_failed_call_leaves_no_trace_and_unknown_input_is_rejected() {
    let w = world();
    let (_, h) = w.issue(202401, 10_000, true);
    let before = w.storage();
    let failure = w
        .chain
        .call(&w.gp.address(), &w.exchange, "transfer", &[1, 2, 3])
        .unwrap_err();
    assert!(matches!(failure.kind, FailureKind::Reverted { .. }));
    let _ =
        w.gp.by(&w.exchange)
            .try_transfer(h, &w.consumer, 11, &w.fresh());
    assert_eq!(w.storage(), before);
}
