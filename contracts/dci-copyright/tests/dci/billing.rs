//! Usage reports, settlements and royalty splits (§1.5 report_usage … confirm_payment).

use dci_copyright::*;
use kexin::{Addr, Fen, Id};

use crate::common::*;

/// A work held 50/30/20 by alice, bob and carol, licensed per use at `price` fen, and a
/// day of usage later.
fn per_use(price: Fen) -> (World, Id) {
    let w = world();
    let work = w.register(&[(w.alice, 5_000), (w.bob, 3_000), (w.carol, 2_000)]);
    let mut t = w.terms();
    t.fee = FeeModel::PerUse { unit_price: price };
    let id = w.offer(work, &w.alice, &t);
    w.dci.by(&w.bob).cosign_license(id);
    w.dci.by(&w.carol).cosign_license(id);
    w.dci.by(&w.licensee).accept_license(id);
    w.chain.advance_time(DAY);
    (w, id)
}

#[test]
fn per_use_fees_are_units_times_price_billed_on_acceptance_and_split_by_share() {
    let (w, licence) = per_use(7);
    let now = w.now();
    let report = w.report(licence, now - DAY, now, 1_000, 0);
    let r = w.dci.get_report(report).unwrap();
    assert_eq!((r.amount_due, r.status), (7_000, ReportStatus::Reported));
    assert_eq!(w.license_of(licence).billed, 0, "billed only once accepted");
    w.dci.by(&w.bob).accept_usage(report);
    assert_eq!(w.license_of(licence).billed, 7_000);
    assert_eq!(w.last_events::<UsageAccepted>()[0].license_billed, 7_000);

    let s = w
        .dci
        .by(&w.agent)
        .create_settlement(&w.rid(), licence, &vec![report]);
    let settlement = w.dci.get_settlement(s).unwrap();
    assert_eq!(settlement.amount, 7_000);
    assert_eq!(
        settlement.splits,
        vec![(w.alice, 3_500), (w.bob, 2_100), (w.carol, 1_400)]
    );
    assert_eq!(w.dci.get_report(report).unwrap().settlement, s);
    w.dci.by(&w.agent).confirm_payment(s, &h("bank ref 123"));
    let paid = w.dci.get_settlement(s).unwrap();
    assert_eq!(paid.status, SettlementStatus::Paid);
    assert_eq!(paid.paid_at, Some(w.now()));
    assert_eq!(paid.payment_ref_sm3, Some(h("bank ref 123")));
    assert_eq!(w.license_of(licence).settled, 7_000);
    assert_eq!(w.dci.settlements_of(&w.carol, 0, 10).items, vec![s]);
}

#[test]
fn revenue_share_rounds_up_in_the_holders_favour() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.fee = FeeModel::RevenueShare { bps: 333 };
    let licence = w.license(work, &w.alice, &t);
    w.chain.advance_time(DAY);
    let now = w.now();
    // 10 001 × 3.33 % = 333.0333 → 334.
    let r = w.report(licence, now - DAY, now - DAY / 2, 0, 10_001);
    assert_eq!(w.dci.get_report(r).unwrap().amount_due, 334);
    // An exact share is not rounded.
    let r = w.report(licence, now - DAY / 2, now, 0, 30_000);
    assert_eq!(w.dci.get_report(r).unwrap().amount_due, 999);
    assert_eq!(amount_due(&t.fee, 0, 0), Some(0));
    assert_eq!(amount_due(&t.fee, 0, 1), Some(1));
}

#[test]
fn a_lump_sum_is_billed_on_acceptance_and_settled_once() {
    let w = world();
    let work = w.register(&[(w.alice, 5_000), (w.bob, 5_000)]);
    let mut t = w.terms();
    t.fee = FeeModel::Lump { amount: 1_000_001 };
    let id = w.offer(work, &w.alice, &t);
    w.dci.by(&w.bob).cosign_license(id);
    w.dci.by(&w.licensee).accept_license(id);
    assert_eq!(w.license_of(id).billed, 1_000_001);
    let s = w.dci.by(&w.alice).create_settlement(&w.rid(), id, &vec![]);
    assert_eq!(
        w.dci.get_settlement(s).unwrap().splits,
        vec![(w.alice, 500_001), (w.bob, 500_000)],
        "the odd fen goes to the first of the tied largest shares"
    );
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_create_settlement(&w.rid(), id, &vec![])),
        DciError::Duplicate
    );
    // A failed payment frees the lump sum for a new settlement.
    w.dci.by(&w.agent).fail_payment(s, &h("returned"));
    assert_eq!(
        w.dci.get_settlement(s).unwrap().status,
        SettlementStatus::Failed
    );
    let again = w.dci.by(&w.agent).create_settlement(&w.rid(), id, &vec![]);
    w.dci.by(&w.agent).confirm_payment(again, &h("ref"));
    assert_eq!(w.license_of(id).settled, 1_000_001);
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), id, &vec![])),
        DciError::Duplicate
    );
    // Usage reports on a lump-sum licence owe nothing and are not settled.
    w.chain.advance_time(DAY);
    let r = w.report(id, w.now() - DAY, w.now(), 50, 0);
    assert_eq!(w.dci.get_report(r).unwrap().amount_due, 0);
    w.dci.by(&w.alice).accept_usage(r);
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_create_settlement(&w.rid(), id, &vec![r])),
        bad(Field::Reports)
    );
}

#[test]
fn a_free_licence_bills_nothing() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.fee = FeeModel::Free;
    let id = w.license(work, &w.alice, &t);
    w.chain.advance_time(DAY);
    let r = w.report(id, w.now() - DAY, w.now(), 1_000, 5_000);
    w.dci.by(&w.alice).accept_usage(r);
    assert_eq!(w.license_of(id).billed, 0);
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_create_settlement(&w.rid(), id, &vec![r])),
        bad(Field::Amount)
    );
}

#[test]
fn splits_always_sum_to_the_amount() {
    let a = Addr([1; 32]);
    let b = Addr([2; 32]);
    let c = Addr([3; 32]);
    let third = [(a, 3_334), (b, 3_333), (c, 3_333)];
    assert_eq!(split(1, &third), vec![(a, 1), (b, 0), (c, 0)]);
    assert_eq!(split(2, &third), vec![(a, 2), (b, 0), (c, 0)]);
    assert_eq!(
        split(10_000, &third),
        vec![(a, 3_334), (b, 3_333), (c, 3_333)]
    );
    let tied = [(a, 2_500), (b, 3_750), (c, 3_750)];
    assert_eq!(split(1, &tied), vec![(a, 0), (b, 1), (c, 0)]);
    let max = split(u128::MAX, &third);
    assert_eq!(max.iter().map(|(_, p)| p).sum::<u128>(), u128::MAX);
    for amount in [0, 1, 7, 9_999, 10_001, 123_456_789, u128::MAX / 3] {
        for holders in [
            &third[..],
            &tied[..],
            &[(a, 10_000)][..],
            &[(a, 1), (b, 9_999)][..],
        ] {
            let parts = split(amount, holders);
            assert_eq!(parts.iter().map(|(_, p)| p).sum::<u128>(), amount);
            for ((who, part), (holder, bps)) in parts.iter().zip(holders) {
                assert_eq!(who, holder);
                let floor =
                    amount / 10_000 * *bps as u128 + amount % 10_000 * *bps as u128 / 10_000;
                assert!(*part >= floor && *part - floor < holders.len() as u128 + 1);
            }
        }
    }
}

#[test]
fn usage_periods_lie_in_the_term_end_by_now_and_never_overlap() {
    let (w, licence) = per_use(1);
    let l = w.license_of(licence);
    let now = w.now();
    let report = |from, to| {
        w.dci
            .by(&w.licensee)
            .try_report_usage(&w.rid(), licence, from, to, 1, 0, &h("report"))
    };
    assert_eq!(err(report(l.start - 1, now)), bad(Field::Period));
    assert_eq!(err(report(now - 10, now + 1)), bad(Field::Period));
    assert_eq!(err(report(now - 10, now - 10)), bad(Field::Period));
    report(l.start, now - 100).unwrap();
    assert_eq!(err(report(now - 101, now)), DciError::PeriodOverlap);
    report(now - 100, now).unwrap();
    assert_eq!(w.license_of(licence).reported_until, now);
    let ids = w.dci.reports_of(licence, 0, 10).items;
    assert_eq!(ids.len(), 2);
}

#[test]
fn an_access_platform_may_report_for_a_licensee() {
    let (w, licence) = per_use(1);
    let now = w.now();
    let r = w.dci.by(&w.platform).report_usage(
        &w.rid(),
        licence,
        now - 10,
        now,
        5,
        0,
        &h("platform report"),
    );
    assert_eq!(w.dci.get_report(r).unwrap().reporter, w.platform);
    assert_eq!(
        err(w
            .dci
            .by(&w.licensee2)
            .try_report_usage(&w.rid(), licence, now, now, 5, 0, &h("x"))),
        DciError::Unauthorized
    );
}

#[test]
fn holders_dispute_then_accept_a_report() {
    let (w, licence) = per_use(3);
    let r = w.report(licence, w.now() - 10, w.now(), 10, 0);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_dispute_usage(r, &h("why"))),
        DciError::Unauthorized
    );
    w.dci.by(&w.carol).dispute_usage(r, &h("undercounted"));
    assert_eq!(w.dci.get_report(r).unwrap().status, ReportStatus::Disputed);
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &vec![r])),
        state(State::Report(ReportStatus::Disputed), Action::Settle)
    );
    assert_eq!(
        err(w.dci.by(&w.carol).try_dispute_usage(r, &h("again"))),
        state(State::Report(ReportStatus::Disputed), Action::Dispute)
    );
    w.dci.by(&w.alice).accept_usage(r);
    assert_eq!(
        w.last_events::<UsageAccepted>()[0].from,
        ReportStatus::Disputed
    );
    assert_eq!(
        err(w.dci.by(&w.alice).try_accept_usage(r)),
        state(State::Report(ReportStatus::Accepted), Action::AcceptUsage)
    );
}

#[test]
fn a_settlement_covers_only_accepted_unsettled_reports_of_its_licence() {
    let (w, licence) = per_use(2);
    let now = w.now();
    let r1 = w.report(licence, now - 100, now - 50, 10, 0);
    let r2 = w.report(licence, now - 50, now, 10, 0);
    w.dci.by(&w.alice).accept_usage(r1);
    w.dci.by(&w.alice).accept_usage(r2);
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &vec![r1, r1])),
        DciError::Duplicate
    );
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &vec![])),
        bad(Field::Amount),
        "no reports: nothing to bill"
    );
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &vec![99])),
        DciError::NotFound(Record::Report)
    );
    assert_eq!(
        err(w
            .dci
            .by(&w.stranger)
            .try_create_settlement(&w.rid(), licence, &vec![r1])),
        DciError::Unauthorized
    );
    let s = w
        .dci
        .by(&w.alice)
        .create_settlement(&w.rid(), licence, &vec![r1, r2]);
    assert_eq!(w.dci.get_settlement(s).unwrap().amount, 40);
    assert_eq!(
        err(w.dci.by(&w.alice).try_confirm_payment(s, &h("ref"))),
        DciError::Unauthorized,
        "only the settlement agent confirms payment"
    );
    assert_eq!(
        err(w.dci.by(&w.agent).try_confirm_payment(s, &[0; 32])),
        bad(Field::PaymentRef)
    );
    w.dci.by(&w.agent).fail_payment(s, &h("insufficient funds"));
    assert_eq!(w.dci.get_report(r1).unwrap().settlement, 0, "freed");
    assert_eq!(
        err(w.dci.by(&w.agent).try_confirm_payment(s, &h("ref"))),
        state(State::Settlement(SettlementStatus::Failed), Action::Pay)
    );
    assert_eq!(
        err(w
            .dci
            .by(&w.agent)
            .try_create_settlement(&w.rid(), licence, &vec![r2, r1])),
        bad(Field::Reports),
        "reports are listed in id order"
    );
    let again = w
        .dci
        .by(&w.agent)
        .create_settlement(&w.rid(), licence, &vec![r1, r2]);
    w.dci.by(&w.agent).confirm_payment(again, &h("ref"));
    let l = w.license_of(licence);
    assert_eq!((l.billed, l.settled), (40, 40));
}

#[test]
fn settlement_is_possible_after_the_licence_ends() {
    let (w, licence) = per_use(1);
    let r = w.report(licence, w.now() - 10, w.now(), 10, 0);
    w.dci.by(&w.alice).accept_usage(r);
    w.dci
        .by(&w.authority)
        .terminate_license(licence, &h("court"));
    let s = w
        .dci
        .by(&w.agent)
        .create_settlement(&w.rid(), licence, &vec![r]);
    assert_eq!(w.dci.get_settlement(s).unwrap().amount, 10);
}

#[test]
fn an_offer_cannot_be_settled() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.fee = FeeModel::Lump { amount: 5 };
    let id = w.offer(work, &w.alice, &t);
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_create_settlement(&w.rid(), id, &vec![])),
        state(State::License(LicenseStatus::Offered), Action::Settle)
    );
}

#[test]
fn a_statement_sums_a_holders_settlements_by_day_page_by_page() {
    let (w, licence) = per_use(1);
    let day0 = w.now() / DAY * DAY;
    let r1 = w.report(licence, w.now() - 100, w.now() - 50, 1_000, 0);
    let r2 = w.report(licence, w.now() - 50, w.now(), 3_000, 0);
    w.dci.by(&w.alice).accept_usage(r1);
    w.dci.by(&w.alice).accept_usage(r2);
    let s1 = w
        .dci
        .by(&w.agent)
        .create_settlement(&w.rid(), licence, &vec![r1]);
    w.chain.advance_time(DAY);
    let s2 = w
        .dci
        .by(&w.agent)
        .create_settlement(&w.rid(), licence, &vec![r2]);
    w.dci.by(&w.agent).confirm_payment(s1, &h("ref"));
    // alice holds 50 %: 500 billed on day 0 (paid), 1 500 on day 1 (unpaid).
    let st = |from, to| w.statement(&w.alice, from, to);
    assert_eq!(
        st(day0, day0 + 2 * DAY),
        Statement {
            billed: 2_000,
            paid: 500,
            outstanding: 1_500
        }
    );
    assert_eq!(
        st(day0, day0 + DAY - 1),
        Statement {
            billed: 500,
            paid: 500,
            outstanding: 0
        }
    );
    assert_eq!(st(day0 + DAY, day0 + DAY).billed, 1_500);
    assert_eq!(st(day0 + 2 * DAY, day0 + 3 * DAY), Statement::default());
    // One settlement per page: the first page sums s1 and points at the next.
    let (page, next) = w.dci.statement(&w.alice, day0, day0 + 2 * DAY, 0, 1);
    assert_eq!((page.billed, next), (500, Some(s1)));
    let (page, next) = w.dci.statement(&w.alice, day0, day0 + 2 * DAY, s1, 1);
    assert_eq!((page.billed, page.paid, next), (1_500, 0, None));
    // A page ends at the first settlement after the period, with no next page.
    let (page, next) = w.dci.statement(&w.alice, day0, day0 + DAY - 1, 0, 100);
    assert_eq!((page.billed, next), (500, None));
    assert_eq!(
        w.dci.statement(&w.alice, day0, day0 + DAY - 1, 0, 1).1,
        Some(s1),
        "a full page before the end of the period has a next page"
    );
    w.dci.by(&w.agent).fail_payment(s2, &h("bounced"));
    assert_eq!(
        st(day0, day0 + 2 * DAY).billed,
        500,
        "failed settlements count nothing"
    );
    assert_eq!(
        err(w.dci.try_statement(&w.alice, day0 + 1, day0, 0, 10)),
        bad(Field::Period)
    );
    assert_eq!(
        err(w.dci.try_statement(&w.alice, day0, day0, 0, 101)),
        DciError::LimitExceeded(Limit::PageLimit)
    );
    // Statements over any span are paged, not limited.
    assert_eq!(st(0, u64::MAX).billed, 500);
}
