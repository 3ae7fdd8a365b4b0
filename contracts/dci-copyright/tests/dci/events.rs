//! Events (§1.6, CHECKLIST): every transition emits one event, and the whole state can be
//! rebuilt from the event stream alone.

use std::collections::BTreeSet;

use dci_copyright::*;

use crate::common::rebuild::Rebuilt;
use crate::common::*;

/// A day in the registry's life that emits every event type at least once.
fn busy_day(w: &World) {
    let d = |by: &kexin::Addr| w.dci.by(by);
    // Administration.
    let mut c = config();
    c.max_live_licenses = 40;
    c.territories = vec![CN, HK, 446];
    w.dci.set_config(&c);
    w.dci.grant_role(&Role::MonitoringAgency, &w.carol);
    w.dci.revoke_role(&Role::MonitoringAgency, &w.carol);
    d(&w.regulator).pause();
    d(&w.regulator).unpause();

    // Registration.
    let work = w.register(&[(w.alice, 6_000), (w.bob, 4_000)]);
    let solo = w.alices_work();
    let rejected = w.apply(&[(w.carol, 10_000)]);
    d(&w.authority).reject_registration(rejected, 9);
    let withdrawn = w.apply(&[(w.carol, 10_000)]);
    d(&w.carol).withdraw_application(withdrawn);
    let revoked = w.alices_work();
    let _ = w.try_offer(revoked, &w.bob, &w.terms()); // fails: leaves no event

    // Licensing on the co-owned work.
    let mut t = w.terms();
    t.fee = FeeModel::PerUse { unit_price: 3 };
    t.end = w.now() + 60 * DAY;
    let active = w.offer(work, &w.alice, &t);
    d(&w.bob).cosign_license(active);
    d(&w.licensee).accept_license(active);
    let mut later = w.terms();
    later.start = w.now() + 3 * DAY;
    later.licensee = w.licensee2;
    later.fee = FeeModel::Lump { amount: 1_001 };
    let lump = w.offer(work, &w.alice, &later);
    d(&w.bob).cosign_license(lump);
    d(&w.licensee2).accept_license(lump);
    let cancelled = w.offer(work, &w.alice, &w.terms());
    d(&w.alice).cancel_offer(cancelled);
    let lapsing = w.offer(solo, &w.alice, &w.terms());
    let mut short = w.terms();
    short.end = w.now() + DAY;
    short.offer_deadline = short.end;
    let expiring = w.license(solo, &w.alice, &short);
    let on_revoked = w.license(revoked, &w.alice, &w.terms());
    let offer_on_revoked = w.offer(revoked, &w.alice, &w.terms());
    let _ = offer_on_revoked;
    d(&w.authority).revoke_work(revoked, &h("court order"));
    let _ = on_revoked;

    // Suspension cascades and resumption.
    d(&w.regulator).suspend_work(work, &h("dispute"));
    d(&w.authority).resume_work(work);

    // Usage and settlement.
    w.chain.advance_time(2 * DAY);
    let now = w.now();
    let r1 = w.report(active, now - DAY, now - DAY / 2, 100, 0);
    let r2 = w.report(active, now - DAY / 2, now, 50, 0);
    let _ = d(&w.platform).try_report_usage(&w.rid(), active, now, now, 0, 0, &h("x"));
    d(&w.bob).dispute_usage(r2, &h("too low"));
    d(&w.alice).accept_usage(r1);
    d(&w.alice).accept_usage(r2);
    let s1 = d(&w.agent).create_settlement(&w.rid(), active, &vec![r1]);
    d(&w.agent).confirm_payment(s1, &h("bank ref 1"));
    let s2 = d(&w.alice).create_settlement(&w.rid(), active, &vec![r2]);
    d(&w.agent).fail_payment(s2, &h("bounced"));
    w.chain.advance_time(DAY);
    let s3 = d(&w.agent).create_settlement(&w.rid(), lump, &vec![]);
    d(&w.agent).confirm_payment(s3, &h("bank ref 2"));

    // Time passes: the offer lapses, a licence expires and the scheduled one starts.
    d(&w.stranger).expire_licenses(&vec![lapsing, expiring, lump]);
    w.chain.advance_time(7 * DAY);
    d(&w.stranger).expire_licenses(&vec![lapsing, expiring, lump]);

    // Termination in two steps.
    d(&w.licensee).terminate_license(active, &h("agreed"));
    d(&w.bob).terminate_license(active, &h("agreed"));

    // Assignment.
    let a = d(&w.alice).request_assignment(
        &w.rid(),
        work,
        &vec![(w.bob, 5_000), (w.carol, 5_000)],
        &h("assignment"),
    );
    d(&w.bob).consent_assignment(a);
    d(&w.carol).consent_assignment(a);
    d(&w.authority).record_assignment(work, a);
    d(&w.carol).request_assignment(&w.rid(), work, &vec![(w.carol, 10_000)], &h("b"));

    // Evidence and a case.
    let e = w.attested_evidence(work);
    let rejected_evidence = w.evidence(work);
    d(&w.witness).reject_evidence(rejected_evidence, &h("fabricated"));
    let case = d(&w.carol).open_case(&w.rid(), work, &vec![e], &h("salt|respondent"));
    d(&w.carol).advance_case(case, &CaseStatus::NoticeSent, &h("notice"));
    d(&w.authority).advance_case(case, &CaseStatus::Removed, &h("takedown"));
    d(&w.carol).advance_case(case, &CaseStatus::Closed, &h("closed"));

    // A new administrator, and one proposed.
    w.dci.propose_admin(&w.bob);
    d(&w.bob).accept_admin();
    d(&w.bob).propose_admin(&w.carol);
}

#[test]
fn the_state_can_be_rebuilt_from_the_event_stream_alone() {
    let w = world();
    busy_day(&w);
    let events = w.chain.events();
    let rebuilt = Rebuilt::from_events(&events);
    rebuilt.matches(&w).unwrap();
    // Later, with only time passing, the lazily applied statuses still agree.
    w.chain.advance_time(400 * DAY);
    rebuilt.matches(&w).unwrap();
}

#[test]
fn the_busy_day_emits_every_event_type() {
    let w = world();
    busy_day(&w);
    let topics: BTreeSet<String> = w.chain.events().iter().map(|e| e.topic.clone()).collect();
    let abi = w.chain.abi(&w.dci.address()).unwrap();
    let declared: BTreeSet<String> = abi.events.iter().map(|e| e.name.clone()).collect();
    let missing: Vec<_> = declared.difference(&topics).collect();
    assert!(missing.is_empty(), "never emitted: {missing:?}");
    assert_eq!(declared.len(), 38);
}

#[test]
fn a_failed_call_emits_nothing() {
    let w = world();
    let work = w.alices_work();
    let before = w.chain.events().len();
    let _ = w.try_offer(work, &w.bob, &w.terms());
    let _ = w.dci.by(&w.stranger).try_pause();
    assert_eq!(w.chain.events().len(), before);
}

#[test]
fn each_transition_emits_exactly_one_event_for_its_record() {
    let w = world();
    let work = w.alices_work();
    let id = w.offer(work, &w.alice, &w.terms());
    assert_eq!(w.chain.last_receipt().unwrap().events.len(), 1);
    w.dci.by(&w.licensee).accept_license(id);
    assert_eq!(w.chain.last_receipt().unwrap().events.len(), 1);
    // A cascade emits one event for the work and one per licence it changes.
    let second = w.license(work, &w.alice, &{
        let mut t = w.terms();
        t.licensee = w.licensee2;
        t
    });
    let _ = second;
    w.dci.by(&w.regulator).suspend_work(work, &h("s"));
    let topics: Vec<String> = w
        .chain
        .last_receipt()
        .unwrap()
        .events
        .iter()
        .map(|e| e.topic.clone())
        .collect();
    assert_eq!(
        topics,
        vec!["WorkSuspended", "LicenseSuspended", "LicenseSuspended"]
    );
}
