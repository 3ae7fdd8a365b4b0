//! Boundaries (CHECKLIST "Boundaries"): each deadline at t−1 / t / t+1, each amount at
//! 0 / 1 / max (and max + 1 where there is a maximum), each string at empty / max / max+1 /
//! non-ASCII. Every case runs on a fresh world so that one case cannot prepare another.
//!
//! The contract has no ratio (basis-point) parameter: the 0/1/9 999/10 000/10 001 bps row of
//! the checklist does not apply (REVIEW.md). The configuration's own ranges are tested in
//! `green_power.rs::rules_out_of_range_are_refused_at_deployment_and_on_change`, batch sizes in
//! `green_power.rs::a_retirement_batch_holds_1_to_32_holdings_with_one_count_each`, the lot
//! size in `green_power.rs::a_lot_holds_at_most_9_999_999_certificates` and the registration
//! code in `green_power.rs::a_registration_code_is_17_characters_of_digits_and_capitals`.

mod common;

use common::*;
use green_power::GreenPowerError::*;
use green_power::{
    Energy, Field, GreenPowerError, Limit, Purpose, Quantity, ReadingSource, MAX_REQUEST_ID_LEN,
};
use kexin::client::CallError;
use kexin::Id;

fn contract<T>(result: Result<T, CallError<GreenPowerError>>) -> Result<(), GreenPowerError> {
    match result {
        Ok(_) => Ok(()),
        Err(CallError::Contract(e)) => Err(e),
        Err(other) => panic!("not a contract error: {other:?}"),
    }
}

/// t−1, t and t+1 around a deadline `t`.
fn around(t: u64) -> [u64; 3] {
    [t - 1, t, t + 1]
}

// ---------------------------------------------------------------- deadlines

#[test]
fn a_month_is_complete_at_t_not_t_minus_1() {
    let end = end_of(202401);
    for (time, expected) in
        around(end)
            .into_iter()
            .zip([Err(DeadlineNotReached { at: end }), Ok(()), Ok(())])
    {
        let w = world();
        w.set_time(time);
        let result = contract(w.gp.by(&w.provider).try_submit_reading(
            w.project,
            202401,
            5_000,
            &ReadingSource::Grid,
            &w.fresh(),
        ));
        assert_eq!(
            result,
            expected,
            "submit_reading at end of month {}",
            time as i64 - end as i64
        );
    }
}

/// A world with a January lot of 20 certificates in holding `h`, a listing `l` of 5 of them
/// (`h` keeps the other 15) and a green-power trade `t` of 10 000 kWh of the wind project.
fn trading_world() -> (World, Id, Id, Id) {
    let w = world();
    let (_, h) = w.issue(202401, 20_000, true);
    let l = w.gp.by(&w.generator).list(h, 5, 100, &w.exchange, &w.req());
    let t = w.gp.by(&w.exchange).record_green_trade(
        &w.generator,
        &w.consumer2,
        w.project,
        &(202401, 202401),
        10_000,
        &sm3("route"),
        &w.fresh(),
    );
    (w, h, l, t)
}

#[test]
fn expiry_at_t_minus_1_t_t_plus_1_for_every_call_that_checks_it() {
    let expiry = expiry_of(202401, 24);
    type Call = fn(&World, Id, Id, Id) -> Result<(), GreenPowerError>;
    let calls: [(&str, Call); 5] = [
        ("transfer", |w, h, _, _| {
            contract(
                w.gp.by(&w.exchange)
                    .try_transfer(h, &w.consumer, 1, &w.fresh()),
            )
        }),
        ("list", |w, h, _, _| {
            contract(
                w.gp.by(&w.generator)
                    .try_list(h, 1, 100, &w.exchange, &w.req()),
            )
        }),
        ("settle_listing", |w, _, l, _| {
            contract(
                w.gp.by(&w.exchange)
                    .try_settle_listing(l, &w.consumer, 1, &w.fresh()),
            )
        }),
        ("settle_green_trade", |w, h, _, t| {
            contract(
                w.gp.by(&w.exchange)
                    .try_settle_green_trade(t, 202401, 1_000, &w.fresh(), h),
            )
        }),
        ("retire", |w, h, _, _| {
            contract(w.gp.by(&w.generator).try_retire(
                &vec![h],
                &vec![1],
                &sm3("b"),
                &Purpose::Voluntary,
                &(202401, 202401),
                &w.req(),
            ))
        }),
    ];
    for (name, call) in calls {
        for (time, expected) in around(expiry).into_iter().zip([
            Ok(()),
            Err(DeadlineExpired { expires_at: expiry }),
            Err(DeadlineExpired { expires_at: expiry }),
        ]) {
            let (w, h, l, t) = trading_world();
            w.set_time(time);
            assert_eq!(
                call(&w, h, l, t),
                expected,
                "{name} at expiry {}",
                time as i64 - expiry as i64
            );
        }
    }
    // Expiry itself is the other way round: refused before, applied from the expiry second.
    for (time, expected) in
        around(expiry)
            .into_iter()
            .zip([Err(DeadlineNotReached { at: expiry }), Ok(()), Ok(())])
    {
        let (w, h, l, _) = trading_world();
        w.set_time(time);
        let result = contract(w.gp.try_expire(&vec![h, l]));
        assert_eq!(
            result,
            expected,
            "expire at expiry {}",
            time as i64 - expiry as i64
        );
    }
}

// ---------------------------------------------------------------- amounts

#[test]
fn certificate_counts_at_0_1_all_all_plus_1_and_u64_max() {
    type Call = fn(&World, Id, Id, u64) -> Result<(), GreenPowerError>;
    // `h` holds 10 certificates; `l` is a listing of 10 others (of a second holding).
    let calls: [(&str, Call); 4] = [
        ("transfer", |w, h, _, n| {
            contract(
                w.gp.by(&w.exchange)
                    .try_transfer(h, &w.consumer, n, &w.fresh()),
            )
        }),
        ("list", |w, h, _, n| {
            contract(
                w.gp.by(&w.generator)
                    .try_list(h, n, 100, &w.exchange, &w.req()),
            )
        }),
        ("settle_listing", |w, _, l, n| {
            contract(
                w.gp.by(&w.exchange)
                    .try_settle_listing(l, &w.consumer, n, &w.fresh()),
            )
        }),
        ("retire", |w, h, _, n| {
            contract(w.gp.by(&w.generator).try_retire(
                &vec![h],
                &vec![n],
                &sm3("b"),
                &Purpose::Voluntary,
                &(202401, 202402),
                &w.req(),
            ))
        }),
    ];
    let short = |need| Insufficient {
        what: Quantity::Certificates,
        have: 10,
        need,
    };
    for (name, call) in calls {
        for (n, expected) in [
            (
                0,
                Err(InvalidInput {
                    field: Field::Count,
                }),
            ),
            (1, Ok(())),
            (10, Ok(())),
            (11, Err(short(11))),
            (u64::MAX, Err(short(u64::MAX))),
        ] {
            let w = world();
            let (_, h) = w.issue(202401, 10_000, true);
            let (_, other) = w.issue(202402, 10_000, true);
            let l =
                w.gp.by(&w.generator)
                    .list(other, 10, 100, &w.exchange, &w.req());
            assert_eq!(call(&w, h, l, n), expected, "{name} of {n}");
        }
    }
}

#[test]
fn energy_amounts_at_0_1_max_and_max_plus_1() {
    // Readings: 0 and 1 kWh are accepted (carry only), the plausibility cap is inclusive.
    let cap = 1_000_000 * 744; // the world's wind project: 1 000 000 kW × 744 h
    for (kwh, expected) in [
        (0, Ok(())),
        (1, Ok(())),
        (cap, Ok(())),
        (
            cap + 1,
            Err(LimitExceeded {
                param: Limit::Plausibility,
                limit: cap,
            }),
        ),
        (
            u64::MAX,
            Err(LimitExceeded {
                param: Limit::Plausibility,
                limit: cap,
            }),
        ),
    ] {
        let w = world();
        w.at(end_of(202401));
        let result = contract(w.gp.by(&w.provider).try_submit_reading(
            w.project,
            202401,
            kwh,
            &ReadingSource::Grid,
            &w.fresh(),
        ));
        assert_eq!(result, expected, "reading of {kwh} kWh");
    }

    // Capacity: positive, up to u64::MAX (the cap then saturates).
    for (capacity, expected) in [
        (
            0,
            Err(InvalidInput {
                field: Field::Capacity,
            }),
        ),
        (1, Ok(())),
        (u64::MAX, Ok(())),
    ] {
        let w = world();
        let result = contract(w.gp.by(&w.authority).try_register_project(
            &"S0000000000000001".into(),
            &w.consumer2,
            &Energy::Solar,
            capacity,
            false,
        ));
        assert_eq!(result, expected, "capacity {capacity} kW");
    }

    // Contracted energy: positive, up to u64::MAX.
    for (contract_kwh, expected) in [
        (0, Err(InvalidInput { field: Field::Kwh })),
        (1, Ok(())),
        (u64::MAX, Ok(())),
    ] {
        let w = world();
        let result = contract(w.gp.by(&w.exchange).try_record_green_trade(
            &w.generator,
            &w.consumer,
            w.project,
            &(202401, 202401),
            contract_kwh,
            &sm3("route"),
            &w.fresh(),
        ));
        assert_eq!(result, expected, "contract of {contract_kwh} kWh");
    }

    // Settled energy: positive, at most what is left of the contract (10 000 kWh).
    let short = |need| Insufficient {
        what: Quantity::ContractKwh,
        have: 10_000,
        need,
    };
    for (kwh, expected) in [
        (0, Err(InvalidInput { field: Field::Kwh })),
        (1, Ok(())),
        (10_000, Ok(())),
        (10_001, Err(short(10_001))),
        (u64::MAX, Err(short(u64::MAX))),
    ] {
        let (w, h, _, t) = trading_world();
        let result =
            contract(
                w.gp.by(&w.exchange)
                    .try_settle_green_trade(t, 202401, kwh, &w.fresh(), h),
            );
        assert_eq!(result, expected, "settlement of {kwh} kWh");
    }
}

#[test]
fn prices_at_0_1_and_u128_max() {
    for (price, expected) in [
        (
            0,
            Err(InvalidInput {
                field: Field::Price,
            }),
        ),
        (1, Ok(())),
        (u128::MAX, Ok(())),
    ] {
        let w = world();
        let (_, h) = w.issue(202401, 10_000, true);
        let result = contract(
            w.gp.by(&w.generator)
                .try_list(h, 1, price, &w.exchange, &w.req()),
        );
        assert_eq!(result, expected, "price {price} fen");
    }
}

// ---------------------------------------------------------------- strings

#[test]
fn request_ids_at_empty_max_max_plus_1_and_non_ascii() {
    let bad = Err(InvalidInput {
        field: Field::RequestId,
    });
    let max = "R".repeat(MAX_REQUEST_ID_LEN);
    let over = "R".repeat(MAX_REQUEST_ID_LEN + 1);
    for (request, expected) in [
        ("", bad.clone()),
        ("1", Ok(())),
        (max.as_str(), Ok(())),
        (over.as_str(), bad.clone()),
        ("挂牌-1", bad.clone()),
        ("L 1", bad.clone()),
    ] {
        // The same rule for both calls that carry a request id (a fresh world for each).
        let w = world();
        let (_, h) = w.issue(202401, 10_000, true);
        let listed =
            contract(
                w.gp.by(&w.generator)
                    .try_list(h, 1, 100, &w.exchange, &request.into()),
            );
        assert_eq!(listed, expected, "list with request id {request:?}");
        let w = world();
        let (_, h) = w.issue(202401, 10_000, true);
        let retired = contract(w.gp.by(&w.generator).try_retire(
            &vec![h],
            &vec![1],
            &sm3("b"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &request.into(),
        ));
        assert_eq!(retired, expected, "retire with request id {request:?}");
    }
}
