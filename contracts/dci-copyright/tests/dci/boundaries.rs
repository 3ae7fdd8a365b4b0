//! Boundaries (CHECKLIST): every deadline at t−1 / t / t+1, every ratio at 0 / 1 / 9 999 /
//! 10 000 / 10 001 bps, every amount at 0 / 1 / max, every string at empty / max / max+1 /
//! non-ASCII.

use dci_copyright::*;
use kexin::Addr;

use crate::common::*;

// ---------------------------------------------------------------- deadlines

#[test]
fn an_offer_may_be_accepted_up_to_and_including_its_deadline() {
    for (offset, accepted) in [(-1i64, true), (0, true), (1, false)] {
        let w = world();
        let work = w.alices_work();
        let t = w.terms();
        let id = w.offer(work, &w.alice, &t);
        w.chain
            .set_block(5, (t.offer_deadline as i64 + offset) as u64);
        let result = w.dci.by(&w.licensee).try_accept_license(id);
        if accepted {
            assert!(result.is_ok(), "deadline{offset:+}");
        } else {
            assert_eq!(err(result), DciError::DeadlineExpired, "deadline{offset:+}");
        }
    }
}

#[test]
fn a_licence_is_active_from_its_first_to_its_last_second() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.start = w.now() + 100;
    t.end = w.now() + 1_000;
    t.offer_deadline = t.end;
    let id = w.license(work, &w.alice, &t);
    for (at, status) in [
        (t.start - 1, LicenseStatus::Scheduled),
        (t.start, LicenseStatus::Active),
        (t.start + 1, LicenseStatus::Active),
        (t.end - 1, LicenseStatus::Active),
        (t.end, LicenseStatus::Active),
        (t.end + 1, LicenseStatus::Expired),
    ] {
        w.chain.set_block(5, at);
        assert_eq!(w.license_of(id).status, status, "at {at}");
    }
}

#[test]
fn offer_terms_are_checked_against_now_at_the_edges() {
    let w = world();
    let work = w.alices_work();
    let now = w.now();
    let try_terms = |change: &dyn Fn(&mut Terms)| {
        let mut t = w.terms();
        change(&mut t);
        w.try_offer(work, &w.alice, &t)
    };
    // The offer deadline: not before now, not after the end.
    assert_eq!(
        err(try_terms(&|t| t.offer_deadline = now - 1)),
        bad(Field::OfferDeadline)
    );
    assert!(try_terms(&|t| t.offer_deadline = now).is_ok());
    assert!(try_terms(&|t| t.offer_deadline = t.end).is_ok());
    assert_eq!(
        err(try_terms(&|t| t.offer_deadline = t.end + 1)),
        bad(Field::OfferDeadline)
    );
    // The term may not be over.
    let past = |end: u64| {
        move |t: &mut Terms| {
            t.start = end - 100;
            t.end = end;
            t.offer_deadline = end;
        }
    };
    assert_eq!(err(try_terms(&past(now - 1))), bad(Field::Period));
    assert!(try_terms(&past(now)).is_ok());
    assert!(try_terms(&past(now + 1)).is_ok());
    // The longest term.
    let term = config().max_license_term;
    assert!(try_terms(&|t| t.end = t.start + term).is_ok());
    assert_eq!(
        err(try_terms(&|t| t.end = t.start + term + 1)),
        DciError::LimitExceeded(Limit::LicenseTerm)
    );
}

#[test]
fn evidence_capture_time_edges() {
    let w = world();
    let work = w.alices_work();
    let now = w.now();
    let lag = config().max_evidence_lag;
    for (captured_at, ok) in [
        (now - lag - 1, false),
        (now - lag, true),
        (now - lag + 1, true),
        (now - 1, true),
        (now, true),
        (now + 1, false),
    ] {
        let result =
            w.dci
                .by(&w.monitor)
                .try_record_evidence(&w.rid(), work, &h("u"), captured_at, &h("p"));
        if ok {
            assert!(
                result.is_ok(),
                "captured at now{:+}",
                captured_at as i64 - now as i64
            );
        } else {
            assert_eq!(err(result), bad(Field::CapturedAt));
        }
    }
}

#[test]
fn a_usage_period_may_end_now_but_not_later() {
    let w = world();
    let work = w.alices_work();
    let licence = w.license(work, &w.alice, &w.terms());
    w.chain.advance_time(1_000);
    let now = w.now();
    let report = |from, to| {
        w.dci
            .by(&w.licensee)
            .try_report_usage(&w.rid(), licence, from, to, 1, 0, &h("r"))
    };
    assert_eq!(err(report(now - 10, now + 1)), bad(Field::Period));
    report(now - 10, now - 1).unwrap();
    report(now - 1, now).unwrap();
    // And it starts at the licence's start at the earliest.
    let other = w.license(w.alices_work(), &w.alice, &w.terms());
    let start = w.license_of(other).start;
    w.chain.advance_time(10);
    let report_other = |from, to| {
        w.dci
            .by(&w.licensee)
            .try_report_usage(&w.rid(), other, from, to, 1, 0, &h("r"))
    };
    assert_eq!(err(report_other(start - 1, start + 5)), bad(Field::Period));
    assert!(report_other(start, start + 5).is_ok());
}

// ---------------------------------------------------------------- ratios

#[test]
fn holder_shares_at_the_bps_edges() {
    let w = world();
    let (a, b) = (w.alice, w.bob);
    let cases: Vec<(Vec<(Addr, u32)>, bool)> = vec![
        (vec![(a, 0)], false),
        (vec![(a, 1)], false),
        (vec![(a, 9_999)], false),
        (vec![(a, 10_000)], true),
        (vec![(a, 10_001)], false),
        (vec![(a, 0), (b, 10_000)], false),
        (vec![(a, 1), (b, 9_999)], true),
        (vec![(a, 10_001), (b, u32::MAX - 10_000)], false),
    ];
    for (holders, ok) in cases {
        let result = w.application(&holders).submit(&w, &w.platform);
        if ok {
            assert!(result.is_ok(), "{holders:?}");
        } else {
            assert_eq!(err(result), bad(Field::Holders), "{holders:?}");
        }
    }
}

#[test]
fn revenue_share_at_the_bps_edges() {
    let w = world();
    let work = w.alices_work();
    for (bps, ok) in [
        (0, false),
        (1, true),
        (9_999, true),
        (10_000, true),
        (10_001, false),
    ] {
        let mut t = w.terms();
        t.fee = FeeModel::RevenueShare { bps };
        let result = w.try_offer(work, &w.alice, &t);
        if ok {
            let id = result.unwrap();
            w.dci.by(&w.alice).cancel_offer(id);
        } else {
            assert_eq!(err(result), bad(Field::Fee), "{bps} bps");
        }
    }
    let share = |bps, gross| amount_due(&FeeModel::RevenueShare { bps }, 0, gross).unwrap();
    assert_eq!(share(1, 10_000), 1);
    assert_eq!(share(1, 1), 1, "any revenue owes at least a fen");
    assert_eq!(share(9_999, 10_000), 9_999);
    assert_eq!(share(10_000, 12_345), 12_345);
    assert_eq!(share(10_000, u128::MAX), u128::MAX);
    assert_eq!(share(9_999, u128::MAX), u128::MAX - u128::MAX / 10_000);
}

#[test]
fn the_licensing_quorum_at_the_bps_edges() {
    for (quorum, alice_alone) in [(1, true), (5_000, true), (9_999, false), (10_000, false)] {
        let mut c = config();
        c.license_quorum_bps = quorum;
        let w = world_with(c);
        let work = w.register(&[(w.alice, 9_998), (w.bob, 2)]);
        let id = w.offer(work, &w.alice, &w.terms());
        let expected = if alice_alone {
            LicenseStatus::Offered
        } else {
            LicenseStatus::Proposed
        };
        assert_eq!(w.license_of(id).status, expected, "quorum {quorum}");
        if !alice_alone {
            w.dci.by(&w.bob).cosign_license(id);
            assert_eq!(w.license_of(id).status, LicenseStatus::Offered);
        }
    }
}

// ---------------------------------------------------------------- amounts

#[test]
fn lump_sums_at_zero_one_and_max() {
    let w = world();
    let work = w.register(&[(w.alice, 3_334), (w.bob, 3_333), (w.carol, 3_333)]);
    let mut t = w.terms();
    t.fee = FeeModel::Lump { amount: 0 };
    assert_eq!(err(w.try_offer(work, &w.alice, &t)), bad(Field::Fee));
    for amount in [1, u128::MAX] {
        let mut t = w.terms();
        t.fee = FeeModel::Lump { amount };
        let id = w.offer(work, &w.alice, &t);
        w.dci.by(&w.bob).cosign_license(id);
        w.dci.by(&w.carol).cosign_license(id);
        w.dci.by(&w.licensee).accept_license(id);
        let s = w.dci.by(&w.agent).create_settlement(&w.rid(), id, &vec![]);
        let splits = w.dci.get_settlement(s).unwrap().splits;
        assert_eq!(splits.iter().map(|p| p.1).sum::<u128>(), amount);
        w.dci.by(&w.agent).confirm_payment(s, &h("ref"));
        let l = w.license_of(id);
        assert_eq!((l.billed, l.settled), (amount, amount));
        w.dci.by(&w.authority).terminate_license(id, &h("next"));
    }
}

#[test]
fn per_use_prices_at_zero_one_and_max() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.fee = FeeModel::PerUse { unit_price: 0 };
    assert_eq!(err(w.try_offer(work, &w.alice, &t)), bad(Field::Fee));
    t.fee = FeeModel::PerUse {
        unit_price: u128::MAX,
    };
    let id = w.license(work, &w.alice, &t);
    w.chain.advance_time(100);
    let now = w.now();
    let report = |from, to, units| {
        w.dci
            .by(&w.licensee)
            .try_report_usage(&w.rid(), id, from, to, units, 0, &h("r"))
    };
    let zero = report(now - 100, now - 90, 0).unwrap();
    assert_eq!(w.dci.get_report(zero).unwrap().amount_due, 0);
    let max = report(now - 90, now - 80, 1).unwrap();
    assert_eq!(w.dci.get_report(max).unwrap().amount_due, u128::MAX);
    assert_eq!(err(report(now - 80, now - 70, 2)), DciError::Overflow);
    // Billing past u128::MAX is an overflow too.
    let another = report(now - 70, now - 60, 1).unwrap();
    w.dci.by(&w.alice).accept_usage(max);
    assert_eq!(
        err(w.dci.by(&w.alice).try_accept_usage(another)),
        DciError::Overflow
    );
    let one_fen = {
        let mut t = w.terms();
        t.fee = FeeModel::PerUse { unit_price: 1 };
        t.licensee = w.licensee2;
        w.license(w.alices_work(), &w.alice, &t)
    };
    w.chain.advance_time(10);
    let r = w.dci.by(&w.licensee2).report_usage(
        &w.rid(),
        one_fen,
        w.now() - 5,
        w.now(),
        u64::MAX,
        0,
        &h("r"),
    );
    assert_eq!(w.dci.get_report(r).unwrap().amount_due, u64::MAX as u128);
}

#[test]
fn a_settlement_of_u128_max_splits_exactly() {
    let holders = [
        (Addr([1; 32]), 1),
        (Addr([2; 32]), 9_998),
        (Addr([3; 32]), 1),
    ];
    let parts = split(u128::MAX, &holders);
    assert_eq!(parts.iter().map(|p| p.1).sum::<u128>(), u128::MAX);
    assert_eq!(parts[0].1, u128::MAX / 10_000);
    assert_eq!(split(0, &holders).iter().map(|p| p.1).sum::<u128>(), 0);
}

// ---------------------------------------------------------------- strings

#[test]
fn request_ids_at_empty_max_max_plus_one_and_non_ascii() {
    let w = world();
    for (id, ok) in [
        (String::new(), false),
        ("R".repeat(64), true),
        ("R".repeat(65), false),
        ("请求-1".to_string(), false),
        ("REQ 1".to_string(), false),
        ("!".to_string(), true),
    ] {
        let mut app = w.application(&[(w.alice, 10_000)]);
        app.request_id = id.clone();
        let result = app.submit(&w, &w.platform);
        if ok {
            assert!(result.is_ok(), "{id:?}");
        } else {
            assert_eq!(err(result), bad(Field::RequestId), "{id:?}");
        }
    }
}

#[test]
fn dci_codes_at_empty_max_max_plus_one_and_non_ascii() {
    let mut c = config();
    c.dci_max_len = 20;
    let w = world_with(c);
    for (code, ok) in [
        (String::new(), false),
        ("DCI".to_string(), false),
        ("DCI1".to_string(), true),
        (format!("DCI{}", "7".repeat(17)), true),
        (format!("DCI{}", "7".repeat(18)), false),
        ("DCI-版权".to_string(), false),
        ("DCI\t1".to_string(), false),
        ("dci-1".to_string(), false),
    ] {
        let work = w.apply(&[(w.alice, 10_000)]);
        let result = w
            .dci
            .by(&w.authority)
            .try_approve_registration(work, &code, &h("c"));
        if ok {
            assert!(result.is_ok(), "{code:?}");
            assert_eq!(w.work_of(work).dci_code, code);
        } else {
            assert_eq!(err(result), bad(Field::DciCode), "{code:?}");
        }
    }
    // The widest configuration: 64 bytes.
    let w = world();
    let work = w.apply(&[(w.alice, 10_000)]);
    let longest = format!("DCI{}", "0".repeat(61));
    w.dci
        .by(&w.authority)
        .approve_registration(work, &longest, &h("c"));
    assert_eq!(
        w.dci
            .verify(&longest, &w.work_of(work).content_sm3)
            .work
            .map(|x| x.id),
        Some(work)
    );
}

#[test]
fn a_case_cites_up_to_twenty_evidence_records() {
    let mut c = config();
    c.min_witnesses = 1;
    let w = world_with(c);
    let work = w.alices_work();
    let evidences: Vec<u64> = (0..21)
        .map(|_| {
            let e = w.evidence(work);
            w.dci.by(&w.witness).attest_evidence(e);
            e
        })
        .collect();
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_open_case(&w.rid(), work, &evidences, &h("r"))),
        DciError::LimitExceeded(Limit::CaseEvidences)
    );
    w.dci
        .by(&w.alice)
        .open_case(&w.rid(), work, &evidences[..20].to_vec(), &h("r"));
}
