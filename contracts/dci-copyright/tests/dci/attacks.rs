//! §1.8 "Bad inputs and attacks to test": one test per bullet item, named after it. Each
//! failed call is also checked to leave no trace in storage where that matters.

use dci_copyright::*;
use kexin::{Addr, Id};

use crate::common::*;
use crate::roles::{fixture, invoke, prepare, Call, CALLS};

// ---------------------------------------------------------------- who may register

#[test]
fn a_non_platform_account_cannot_apply_for_registration() {
    let w = world();
    for who in [w.alice, w.authority, w.regulator, w.stranger, w.admin] {
        let before = w.storage();
        assert_eq!(
            err(w.application(&[(w.alice, 10_000)]).submit(&w, &who)),
            DciError::Unauthorized
        );
        assert_eq!(w.storage(), before);
    }
}

#[test]
fn a_holder_cannot_approve_its_own_registration() {
    let w = world();
    let work = w.apply(&[(w.alice, 10_000)]);
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_approve_registration(work, &World::code(work), &h("c"))),
        DciError::Unauthorized
    );
    assert_eq!(w.work_of(work).status, WorkStatus::Applied);
}

#[test]
fn a_platform_cannot_approve_a_registration() {
    let w = world();
    let work = w.apply(&[(w.alice, 10_000)]);
    assert_eq!(
        err(w
            .dci
            .by(&w.platform)
            .try_approve_registration(work, &World::code(work), &h("c"))),
        DciError::Unauthorized
    );
}

// ---------------------------------------------------------------- double registration

#[test]
fn re_registering_identical_content_is_a_duplicate_also_from_another_platform() {
    let w = world();
    let app = w.application(&[(w.alice, 10_000)]);
    let first = app.submit(&w, &w.platform).unwrap();
    let copy = |w: &World| Application {
        request_id: w.rid(),
        holders: vec![(w.stranger, 10_000)],
        ..app.clone()
    };
    for platform in [w.platform, w.platform2] {
        assert_eq!(err(copy(&w).submit(&w, &platform)), DciError::Duplicate);
    }
    w.dci
        .by(&w.authority)
        .approve_registration(first, &World::code(first), &h("c"));
    assert_eq!(err(copy(&w).submit(&w, &w.platform2)), DciError::Duplicate);
    w.dci.by(&w.regulator).suspend_work(first, &h("dispute"));
    assert_eq!(err(copy(&w).submit(&w, &w.platform2)), DciError::Duplicate);
    // Once revoked, the file may be registered again (to whoever proves it).
    w.dci.by(&w.authority).revoke_work(first, &h("court order"));
    assert!(copy(&w).submit(&w, &w.platform2).is_ok());
}

#[test]
fn registering_after_the_first_application_was_rejected_is_allowed() {
    let w = world();
    let app = w.application(&[(w.alice, 10_000)]);
    let first = app.submit(&w, &w.platform).unwrap();
    w.dci.by(&w.authority).reject_registration(first, 3);
    let second = Application {
        request_id: w.rid(),
        ..app
    }
    .submit(&w, &w.platform2)
    .unwrap();
    w.dci
        .by(&w.authority)
        .approve_registration(second, &World::code(second), &h("c"));
    assert_eq!(w.work_of(second).status, WorkStatus::Registered);
}

// ---------------------------------------------------------------- co-ownership shares

fn holders_error(holders: Vec<(Addr, u32)>) -> DciError {
    let w = world();
    let before = w.storage();
    let result = w.application(&holders).submit(&w, &w.platform);
    let e = err(result);
    assert_eq!(w.storage(), before, "a refused application leaves no trace");
    e
}

fn accounts(n: usize) -> Vec<Addr> {
    (0..n).map(|i| Addr([i as u8 + 1; 32])).collect()
}

#[test]
fn holders_summing_to_9999_bps_are_rejected() {
    let a = accounts(2);
    assert_eq!(
        holders_error(vec![(a[0], 5_000), (a[1], 4_999)]),
        bad(Field::Holders)
    );
}

#[test]
fn holders_summing_to_10001_bps_are_rejected() {
    let a = accounts(2);
    assert_eq!(
        holders_error(vec![(a[0], 5_000), (a[1], 5_001)]),
        bad(Field::Holders)
    );
}

#[test]
fn holders_containing_a_zero_share_are_rejected() {
    let a = accounts(2);
    assert_eq!(
        holders_error(vec![(a[0], 10_000), (a[1], 0)]),
        bad(Field::Holders)
    );
    assert_eq!(
        holders_error(vec![(Addr::ZERO, 10_000)]),
        bad(Field::Holders),
        "nor the zero address"
    );
}

#[test]
fn a_duplicate_holder_is_rejected() {
    let a = accounts(1);
    assert_eq!(
        holders_error(vec![(a[0], 5_000), (a[0], 5_000)]),
        bad(Field::Holders)
    );
}

#[test]
fn twenty_one_holders_are_rejected() {
    let a = accounts(21);
    let mut holders: Vec<(Addr, u32)> = a.iter().map(|x| (*x, 476)).collect();
    holders[0].1 += 10_000 - 476 * 21;
    assert_eq!(holders.iter().map(|h| h.1).sum::<u32>(), 10_000);
    assert_eq!(
        holders_error(holders.clone()),
        DciError::LimitExceeded(Limit::Holders)
    );
    // Twenty are fine.
    let w = world();
    let mut twenty: Vec<(Addr, u32)> = a[..20].iter().map(|x| (*x, 500)).collect();
    twenty[0].1 = 500;
    let id = w.apply(&twenty);
    assert_eq!(w.work_of(id).holders.len(), 20);
}

#[test]
fn empty_holders_are_rejected() {
    assert_eq!(holders_error(vec![]), bad(Field::Holders));
}

// ---------------------------------------------------------------- DCI codes

fn approve_error(code: &str) -> DciError {
    let w = world();
    let work = w.apply(&[(w.alice, 10_000)]);
    let result = w
        .dci
        .by(&w.authority)
        .try_approve_registration(work, &code.to_string(), &h("c"));
    err(result)
}

#[test]
fn an_empty_dci_code_is_rejected() {
    assert_eq!(approve_error(""), bad(Field::DciCode));
}

#[test]
fn a_dci_code_that_is_too_long_is_rejected() {
    assert_eq!(
        approve_error(&format!("DCI{}", "9".repeat(62))),
        bad(Field::DciCode)
    );
}

#[test]
fn a_non_ascii_dci_code_is_rejected() {
    assert_eq!(approve_error("DCI-数字版权-1"), bad(Field::DciCode));
    assert_eq!(approve_error("DCI 1"), bad(Field::DciCode), "nor spaces");
    assert_eq!(
        approve_error("XYZ-1"),
        bad(Field::DciCode),
        "nor a code without the prefix"
    );
}

#[test]
fn a_dci_code_already_used_is_a_duplicate() {
    let w = world();
    let first = w.register(&[(w.alice, 10_000)]);
    let second = w.apply(&[(w.bob, 10_000)]);
    assert_eq!(
        err(w
            .dci
            .by(&w.authority)
            .try_approve_registration(second, &World::code(first), &h("c"))),
        DciError::Duplicate
    );
    // Also once the first work is revoked: codes are never reused.
    w.dci.by(&w.authority).revoke_work(first, &h("order"));
    assert_eq!(
        err(w
            .dci
            .by(&w.authority)
            .try_approve_registration(second, &World::code(first), &h("c"))),
        DciError::Duplicate
    );
}

#[test]
fn approving_twice_is_refused() {
    let w = world();
    let work = w.register(&[(w.alice, 10_000)]);
    assert_eq!(
        err(w.dci.by(&w.authority).try_approve_registration(
            work,
            &"DCI-OTHER".to_string(),
            &h("c")
        )),
        state(State::Work(WorkStatus::Registered), Action::Approve)
    );
    assert_eq!(w.work_of(work).dci_code, World::code(work));
}

// ---------------------------------------------------------------- licence terms

fn offer_error(change: impl Fn(&World, &mut Terms)) -> DciError {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    change(&w, &mut t);
    let before = w.storage();
    let e = err(w.try_offer(work, &w.alice, &t));
    assert_eq!(w.storage(), before);
    e
}

#[test]
fn a_licence_starting_at_or_after_its_end_is_rejected() {
    assert_eq!(offer_error(|_, t| t.start = t.end), bad(Field::Period));
    assert_eq!(offer_error(|_, t| t.start = t.end + 1), bad(Field::Period));
}

#[test]
fn a_zero_rights_mask_is_rejected() {
    assert_eq!(offer_error(|_, t| t.rights = 0), bad(Field::Rights));
}

#[test]
fn rights_bits_outside_the_defined_rights_are_rejected() {
    assert_eq!(offer_error(|_, t| t.rights = 1 << 13), bad(Field::Rights));
    assert_eq!(offer_error(|_, t| t.rights = u32::MAX), bad(Field::Rights));
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.rights = RIGHTS_ALL;
    assert!(
        w.try_offer(work, &w.alice, &t).is_ok(),
        "all 13 rights are defined"
    );
}

#[test]
fn an_unknown_territory_is_rejected() {
    assert_eq!(offer_error(|_, t| t.territory = 999), bad(Field::Territory));
    assert_eq!(offer_error(|_, t| t.territory = 446), bad(Field::Territory));
}

#[test]
fn a_zero_price_is_rejected() {
    for fee in [
        FeeModel::Lump { amount: 0 },
        FeeModel::PerUse { unit_price: 0 },
        FeeModel::RevenueShare { bps: 0 },
    ] {
        assert_eq!(
            offer_error(move |_, t| t.fee = fee),
            bad(Field::Fee),
            "{fee:?}"
        );
    }
}

// ---------------------------------------------------------------- exclusivity race

#[test]
fn overlapping_exclusive_offers_accepted_in_the_same_block_the_second_fails() {
    let w = world();
    let work = w.alices_work();
    let mut a = w.terms();
    a.exclusive = true;
    let mut b = w.terms();
    b.exclusive = true;
    b.licensee = w.licensee2;
    b.rights = NETWORK | COPY;
    let first = w.offer(work, &w.alice, &a);
    let second = w.offer(work, &w.alice, &b);
    let block = w.chain.block();
    w.dci.by(&w.licensee).accept_license(first);
    let before = w.storage();
    assert_eq!(
        err(w.dci.by(&w.licensee2).try_accept_license(second)),
        DciError::Conflict
    );
    assert_eq!(w.storage(), before);
    assert_eq!(w.chain.block(), block, "both acceptances ran in one block");
    assert_eq!(w.license_of(first).status, LicenseStatus::Active);
    assert_eq!(w.license_of(second).status, LicenseStatus::Offered);
}

// ---------------------------------------------------------------- acceptance

#[test]
fn a_licensee_accepting_after_the_offer_deadline_fails() {
    let w = world();
    let work = w.alices_work();
    let t = w.terms();
    let id = w.offer(work, &w.alice, &t);
    w.chain.set_block(9, t.offer_deadline + 1);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(id)),
        DciError::DeadlineExpired
    );
}

#[test]
fn acceptance_by_a_third_party_fails() {
    let w = world();
    let work = w.alices_work();
    let id = w.offer(work, &w.alice, &w.terms());
    for who in [w.licensee2, w.alice, w.authority, w.stranger] {
        assert_eq!(
            err(w.dci.by(&who).try_accept_license(id)),
            DciError::Unauthorized
        );
    }
}

#[test]
fn accepting_a_cancelled_offer_fails() {
    let w = world();
    let work = w.alices_work();
    let id = w.offer(work, &w.alice, &w.terms());
    w.dci.by(&w.alice).cancel_offer(id);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(id)),
        state(State::License(LicenseStatus::Cancelled), Action::Accept)
    );
}

// ---------------------------------------------------------------- usage reports

fn active_licence(w: &World) -> Id {
    let work = w.alices_work();
    let mut t = w.terms();
    t.end = w.now() + 10 * DAY;
    let id = w.license(work, &w.alice, &t);
    w.chain.advance_time(DAY);
    id
}

fn report(w: &World, licence: Id, from: u64, to: u64, units: u64) -> CallResult<Id> {
    w.dci
        .by(&w.licensee)
        .try_report_usage(&w.rid(), licence, from, to, units, 0, &h("r"))
}

#[test]
fn a_usage_report_outside_the_licence_period_fails() {
    let w = world();
    let licence = active_licence(&w);
    let l = w.license_of(licence);
    assert_eq!(
        err(report(&w, licence, l.start - 10, l.start + 10, 1)),
        bad(Field::Period)
    );
    assert_eq!(
        err(report(&w, licence, w.now() - 10, w.now() + 10, 1)),
        bad(Field::Period),
        "usage that has not happened yet"
    );
}

#[test]
fn a_usage_report_overlapping_the_previous_period_fails() {
    let w = world();
    let licence = active_licence(&w);
    let now = w.now();
    report(&w, licence, now - 100, now - 50, 1).unwrap();
    assert_eq!(
        err(report(&w, licence, now - 51, now, 1)),
        DciError::PeriodOverlap
    );
    assert_eq!(
        err(report(&w, licence, now - 100, now - 50, 1)),
        DciError::PeriodOverlap,
        "the same period again"
    );
    report(&w, licence, now - 50, now, 1).unwrap();
}

#[test]
fn a_usage_report_on_an_expired_licence_fails() {
    let w = world();
    let licence = active_licence(&w);
    let end = w.license_of(licence).end;
    w.chain.set_block(99, end + 1);
    assert_eq!(
        err(report(&w, licence, end - 100, end, 1)),
        state(State::License(LicenseStatus::Expired), Action::Report)
    );
}

#[test]
fn a_usage_report_on_a_terminated_licence_fails() {
    let w = world();
    let licence = active_licence(&w);
    w.dci
        .by(&w.authority)
        .terminate_license(licence, &h("order"));
    let now = w.now();
    assert_eq!(
        err(report(&w, licence, now - 100, now, 1)),
        state(State::License(LicenseStatus::Terminated), Action::Report)
    );
}

#[test]
fn units_times_price_overflowing_is_an_error_not_a_wrap() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.fee = FeeModel::PerUse {
        unit_price: u128::MAX / u64::MAX as u128 + 1,
    };
    let licence = w.license(work, &w.alice, &t);
    w.chain.advance_time(DAY);
    let now = w.now();
    let before = w.storage();
    assert_eq!(
        err(report(&w, licence, now - 10, now, u64::MAX)),
        DciError::Overflow
    );
    assert_eq!(w.storage(), before);
    // One unit fewer fits.
    let fits = u128::MAX / (u128::MAX / u64::MAX as u128 + 1);
    report(&w, licence, now - 10, now, fits as u64).unwrap();
}

// ---------------------------------------------------------------- settlement

fn billed_reports(w: &World, n: usize) -> (Id, Vec<Id>) {
    let licence = active_licence(w);
    let now = w.now();
    let ids = (0..n as u64)
        .map(|i| {
            let r = report(w, licence, now - 100 + i * 10, now - 90 + i * 10, 3).unwrap();
            w.dci.by(&w.alice).accept_usage(r);
            r
        })
        .collect();
    (licence, ids)
}

#[test]
fn settling_the_same_report_twice_fails() {
    let w = world();
    let (licence, reports) = billed_reports(&w, 2);
    w.dci
        .by(&w.agent)
        .create_settlement(&w.rid(), licence, &vec![reports[0]]);
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &reports)),
        DciError::Duplicate
    );
    assert_eq!(
        err(w.dci.by(&w.agent).try_create_settlement(
            &w.rid(),
            licence,
            &vec![reports[1], reports[1]]
        )),
        DciError::Duplicate
    );
}

#[test]
fn a_settlement_with_reports_from_another_licence_fails() {
    let w = world();
    let (licence, _) = billed_reports(&w, 1);
    let (_, others) = billed_reports(&w, 1);
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &others)),
        bad(Field::Reports)
    );
}

#[test]
fn one_fen_split_three_ways_goes_whole_to_the_largest_share() {
    let w = world();
    let work = w.register(&[(w.alice, 3_000), (w.bob, 4_000), (w.carol, 3_000)]);
    let mut t = w.terms();
    t.fee = FeeModel::Lump { amount: 1 };
    let id = w.offer(work, &w.alice, &t);
    w.dci.by(&w.bob).cosign_license(id);
    w.dci.by(&w.carol).cosign_license(id);
    w.dci.by(&w.licensee).accept_license(id);
    let s = w.dci.by(&w.carol).create_settlement(&w.rid(), id, &vec![]);
    let settlement = w.dci.get_settlement(s).unwrap();
    assert_eq!(
        settlement.splits,
        vec![(w.alice, 0), (w.bob, 1), (w.carol, 0)]
    );
    assert_eq!(settlement.splits.iter().map(|s| s.1).sum::<u128>(), 1);
}

// ---------------------------------------------------------------- evidence

#[test]
fn evidence_for_an_unknown_work_fails() {
    let w = world();
    assert_eq!(
        err(w
            .dci
            .by(&w.monitor)
            .try_record_evidence(&w.rid(), 42, &h("u"), w.now(), &h("p"))),
        DciError::NotFound(Record::Work)
    );
}

#[test]
fn evidence_captured_in_the_future_fails() {
    let w = world();
    let work = w.alices_work();
    assert_eq!(
        err(w.dci.by(&w.monitor).try_record_evidence(
            &w.rid(),
            work,
            &h("u"),
            w.now() + 1,
            &h("p")
        )),
        bad(Field::CapturedAt)
    );
}

#[test]
fn a_witness_attesting_twice_fails() {
    let w = world();
    let work = w.alices_work();
    let e = w.evidence(work);
    w.dci.by(&w.witness).attest_evidence(e);
    assert_eq!(
        err(w.dci.by(&w.witness).try_attest_evidence(e)),
        DciError::Duplicate
    );
    assert_eq!(w.dci.get_evidence(e).unwrap().witnesses, vec![w.witness]);
}

#[test]
fn a_collector_attesting_its_own_evidence_fails() {
    let w = world();
    let work = w.alices_work();
    // A notary that also monitors may not witness what it collected.
    w.dci.grant_role(&Role::MonitoringAgency, &w.witness);
    let e = w
        .dci
        .by(&w.witness)
        .record_evidence(&w.rid(), work, &h("u"), w.now(), &h("p"));
    assert_eq!(
        err(w.dci.by(&w.witness).try_attest_evidence(e)),
        DciError::Unauthorized
    );
}

// ---------------------------------------------------------------- replay, pause, suspension

#[test]
fn replay_of_any_call_with_the_same_request_id_is_a_duplicate() {
    // Every call that creates a record carries a request id; see `replay.rs` for the
    // details (no second effect, scope per caller, reuse after a failure).
    for call in crate::replay::REQUEST_CALLS {
        let (w, first) = crate::replay::call_twice(call);
        assert_eq!(first, Err(DciError::Duplicate), "{call:?}");
        drop(w);
    }
}

#[test]
fn calls_while_paused_fail_except_administration_and_suspension() {
    for call in CALLS {
        let f = fixture();
        prepare(&f, call);
        let w = &f.w;
        if call != Call::Unpause {
            w.dci.by(&w.regulator).pause();
        }
        let by = match crate::roles::allowed(call).first() {
            Some(actor) => f.actor(*actor),
            None => {
                w.dci.propose_admin(&w.carol);
                w.carol
            }
        };
        let before = w.storage();
        let result = invoke(&f, call, &by);
        let exempt = matches!(
            call,
            Call::GrantRole
                | Call::RevokeRole
                | Call::ProposeAdmin
                | Call::AcceptAdmin
                | Call::Pause
                | Call::Unpause
                | Call::SetConfig
                | Call::SuspendWork
        );
        if exempt {
            // Pausing again is refused for being paused already, not as a paused call.
            let refused = result
                .as_ref()
                .err()
                .and_then(|e| e.contract_error().cloned());
            assert_ne!(refused, Some(DciError::Paused), "{call:?}");
        } else {
            assert_eq!(err(result), DciError::Paused, "{call:?}");
            assert_eq!(w.storage(), before, "{call:?}");
        }
    }
}

#[test]
fn the_regulator_suspending_during_an_open_licence_offer_blocks_its_acceptance() {
    let w = world();
    let work = w.alices_work();
    let t = w.terms();
    let id = w.offer(work, &w.alice, &t);
    w.dci
        .by(&w.regulator)
        .suspend_work(work, &h("ownership dispute"));
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(id)),
        state(State::Work(WorkStatus::Suspended), Action::Accept)
    );
    assert_eq!(w.license_of(id).status, LicenseStatus::Offered);
    // Resumed before the deadline, the offer can be accepted; after it, it has lapsed.
    w.dci.by(&w.regulator).resume_work(work);
    w.dci.by(&w.licensee).accept_license(id);
    let late = w.offer(work, &w.alice, &w.terms());
    w.dci.by(&w.regulator).suspend_work(work, &h("again"));
    w.chain.set_block(50, t.offer_deadline + 1);
    w.dci.by(&w.regulator).resume_work(work);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(late)),
        DciError::DeadlineExpired
    );
}
