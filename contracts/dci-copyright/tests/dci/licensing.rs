//! Licensing (§1.5 offer/accept/terminate, §1.4 licence state machine): co-signing up to the
//! quorum, the exclusivity rule, lazy time transitions, and the work's suspension.

use dci_copyright::*;

use crate::common::*;

#[test]
fn a_sole_holders_offer_is_offered_and_acceptance_activates_it() {
    let w = world();
    let work = w.alices_work();
    let t = w.terms();
    let id = w.offer(work, &w.alice, &t);
    let l = w.license_of(id);
    assert_eq!(l.status, LicenseStatus::Offered);
    assert_eq!(
        (l.work, l.licensor, l.licensee, l.rights, l.territory),
        (work, w.alice, w.licensee, NETWORK, CN)
    );
    assert_eq!(l.approvals, vec![w.alice]);
    assert_eq!(
        w.last_events::<LicenseOffered>(),
        vec![LicenseOffered {
            license: l,
            request_id: t.request_id.clone()
        }]
    );
    w.dci.by(&w.licensee).accept_license(id);
    assert_eq!(w.license_of(id).status, LicenseStatus::Active);
    let event = &w.last_events::<LicenseActivated>()[0];
    assert_eq!(event.from, LicenseStatus::Offered);
    assert_eq!(event.license.status, LicenseStatus::Active);
    assert_eq!(w.dci.licenses_of(&w.licensee, 0, 10).items, vec![id]);
    assert_eq!(w.dci.licenses_of_work(work, &None, 0, 10).items, vec![id]);
}

#[test]
fn co_owners_cosign_up_to_the_quorum() {
    let w = world();
    let work = w.register(&[(w.alice, 6_000), (w.bob, 3_000), (w.carol, 1_000)]);
    let id = w.offer(work, &w.alice, &w.terms());
    assert_eq!(w.license_of(id).status, LicenseStatus::Proposed);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(id)),
        state(State::License(LicenseStatus::Proposed), Action::Accept)
    );
    w.dci.by(&w.bob).cosign_license(id);
    assert_eq!(w.license_of(id).status, LicenseStatus::Proposed);
    assert_eq!(
        err(w.dci.by(&w.bob).try_cosign_license(id)),
        DciError::Duplicate
    );
    assert_eq!(
        err(w.dci.by(&w.stranger).try_cosign_license(id)),
        DciError::Unauthorized
    );
    w.dci.by(&w.carol).cosign_license(id);
    let l = w.license_of(id);
    assert_eq!(l.status, LicenseStatus::Offered);
    assert_eq!(l.approvals, vec![w.alice, w.bob, w.carol]);
    assert_eq!(
        w.last_events::<LicenseCosigned>(),
        vec![LicenseCosigned { license: l }]
    );
    w.dci.by(&w.licensee).accept_license(id);
    assert_eq!(
        err(w.dci.by(&w.carol).try_cosign_license(id)),
        state(State::License(LicenseStatus::Active), Action::Cosign)
    );
}

#[test]
fn a_lower_quorum_lets_a_majority_holder_offer_alone() {
    let mut c = config();
    c.license_quorum_bps = 5_001;
    let w = world_with(c);
    let work = w.register(&[(w.alice, 5_001), (w.bob, 4_999)]);
    let by_alice = w.offer(work, &w.alice, &w.terms());
    assert_eq!(w.license_of(by_alice).status, LicenseStatus::Offered);
    let by_bob = w.offer(work, &w.bob, &w.terms());
    assert_eq!(w.license_of(by_bob).status, LicenseStatus::Proposed);
}

#[test]
fn a_licence_starting_later_is_scheduled_then_active_at_its_start() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.start = w.now() + 10 * DAY;
    t.end = t.start + 30 * DAY;
    let id = w.license(work, &w.alice, &t);
    assert_eq!(w.license_of(id).status, LicenseStatus::Scheduled);
    w.chain.set_block(100, t.start - 1);
    assert_eq!(w.license_of(id).status, LicenseStatus::Scheduled);
    w.chain.set_block(101, t.start);
    assert_eq!(
        w.license_of(id).status,
        LicenseStatus::Active,
        "views show the status as of the block"
    );
    assert_eq!(w.dci.by(&w.stranger).expire_licenses(&vec![id]), 1);
    let event = &w.last_events::<LicenseActivated>()[0];
    assert_eq!(event.from, LicenseStatus::Scheduled);
    assert_eq!(w.dci.by(&w.stranger).expire_licenses(&vec![id]), 0);
}

#[test]
fn a_licence_expires_after_its_end_and_frees_its_exclusivity() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.exclusive = true;
    t.end = w.now() + 30 * DAY;
    let first = w.license(work, &w.alice, &t);
    w.chain.set_block(10, t.end);
    assert_eq!(w.license_of(first).status, LicenseStatus::Active);
    let mut next = w.terms();
    next.exclusive = true;
    next.licensee = w.licensee2;
    assert_eq!(err(w.try_offer(work, &w.alice, &next)), DciError::Conflict);
    w.chain.set_block(11, t.end + 1);
    assert_eq!(w.license_of(first).status, LicenseStatus::Expired);
    // The stored record still says Active; the next touch applies the expiry.
    let mut next = w.terms();
    next.exclusive = true;
    next.licensee = w.licensee2;
    next.start = t.end + 1;
    let second = w.license(work, &w.alice, &next);
    assert_eq!(w.license_of(second).status, LicenseStatus::Active);
    assert_eq!(w.dci.by(&w.stranger).expire_licenses(&vec![first]), 0);
}

#[test]
fn expire_licenses_lapses_old_offers_and_expires_ended_licences() {
    let w = world();
    let work = w.alices_work();
    let offer = w.offer(work, &w.alice, &w.terms());
    let mut short = w.terms();
    short.end = w.now() + DAY;
    short.offer_deadline = w.now() + DAY;
    let active = w.license(work, &w.alice, &short);
    w.chain.set_block(50, w.now() + 8 * DAY);
    let changed = w.dci.by(&w.stranger).expire_licenses(&vec![offer, active]);
    assert_eq!(changed, 2);
    assert_eq!(w.last_events::<LicenseLapsed>()[0].license.id, offer);
    assert_eq!(w.last_events::<LicenseExpired>()[0].license.id, active);
    assert_eq!(
        err(w.dci.try_expire_licenses(&vec![99])),
        DciError::NotFound(Record::License)
    );
    assert_eq!(
        err(w.dci.try_expire_licenses(&vec![offer; 101])),
        DciError::LimitExceeded(Limit::Batch)
    );
}

#[test]
fn exclusive_licences_may_not_overlap_in_rights_territory_and_time() {
    let w = world();
    let work = w.alices_work();
    let mut base = w.terms();
    base.exclusive = true;
    base.rights = NETWORK | COPY;
    base.territory = CN;
    base.start = w.now() + DAY;
    base.end = w.now() + 100 * DAY;
    w.license(work, &w.alice, &base);

    let check = |change: &dyn Fn(&mut Terms), conflict: bool, what: &str| {
        let mut t = w.terms();
        t.licensee = w.licensee2;
        t.exclusive = true;
        t.rights = base.rights;
        t.territory = base.territory;
        t.start = base.start;
        t.end = base.end;
        change(&mut t);
        t.offer_deadline = t.offer_deadline.min(t.end);
        let result = w.try_offer(work, &w.alice, &t);
        if conflict {
            assert_eq!(err(result), DciError::Conflict, "{what}");
        } else {
            let id = result.unwrap_or_else(|e| panic!("{what}: {e}"));
            w.dci.by(&w.alice).cancel_offer(id);
        }
    };
    check(&|_| {}, true, "identical terms");
    check(&|t| t.rights = COPY, true, "one shared right");
    check(&|t| t.rights = DISTRIBUTE, false, "disjoint rights");
    check(&|t| t.territory = HK, false, "another territory");
    check(
        &|t| t.territory = 0,
        true,
        "worldwide covers mainland China",
    );
    check(
        &|t| t.exclusive = false,
        true,
        "non-exclusive against exclusive",
    );
    check(
        &|t| {
            t.start = base.end;
            t.end = base.end + DAY;
        },
        true,
        "starting on the last second",
    );
    check(
        &|t| {
            t.start = base.end + 1;
            t.end = base.end + DAY;
        },
        false,
        "starting the second after",
    );
    check(
        &|t| {
            t.start = base.start - DAY;
            t.end = base.start - 1;
        },
        false,
        "ending the second before",
    );
    check(
        &|t| {
            t.start = base.start - DAY;
            t.end = base.start;
        },
        true,
        "ending on the first second",
    );
}

#[test]
fn an_exclusive_licence_may_not_overlap_a_non_exclusive_one() {
    let w = world();
    let work = w.alices_work();
    let plain = w.terms();
    w.license(work, &w.alice, &plain);
    let mut second_plain = w.terms();
    second_plain.licensee = w.licensee2;
    assert!(
        w.try_offer(work, &w.alice, &second_plain).is_ok(),
        "non-exclusive licences coexist"
    );
    let mut exclusive = w.terms();
    exclusive.licensee = w.licensee2;
    exclusive.exclusive = true;
    assert_eq!(
        err(w.try_offer(work, &w.alice, &exclusive)),
        DciError::Conflict
    );
    exclusive.territory = HK;
    assert!(w.try_offer(work, &w.alice, &exclusive).is_ok());
}

#[test]
fn competing_offers_may_coexist_and_the_first_acceptance_wins() {
    let w = world();
    let work = w.alices_work();
    let mut a = w.terms();
    a.exclusive = true;
    let mut b = a.clone();
    b.request_id = w.rid();
    b.licensee = w.licensee2;
    let first = w.offer(work, &w.alice, &a);
    let second = w.offer(work, &w.alice, &b);
    w.dci.by(&w.licensee2).accept_license(second);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(first)),
        DciError::Conflict
    );
    assert_eq!(w.license_of(first).status, LicenseStatus::Offered);
}

#[test]
fn the_offer_deadline_bounds_acceptance() {
    let w = world();
    let work = w.alices_work();
    let t = w.terms();
    let id = w.offer(work, &w.alice, &t);
    w.chain.set_block(20, t.offer_deadline + 1);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(id)),
        DciError::DeadlineExpired
    );
    assert_eq!(w.license_of(id).status, LicenseStatus::Lapsed);
    assert_eq!(
        err(w.dci.by(&w.alice).try_cancel_offer(id)),
        state(State::License(LicenseStatus::Lapsed), Action::Cancel)
    );
}

#[test]
fn the_licensor_or_a_signer_cancels_an_offer() {
    let w = world();
    let work = w.register(&[(w.alice, 5_000), (w.bob, 5_000)]);
    let id = w.offer(work, &w.alice, &w.terms());
    assert_eq!(
        err(w.dci.by(&w.bob).try_cancel_offer(id)),
        DciError::Unauthorized,
        "bob has not signed"
    );
    assert_eq!(
        err(w.dci.by(&w.licensee).try_cancel_offer(id)),
        DciError::Unauthorized
    );
    w.dci.by(&w.bob).cosign_license(id);
    w.dci.by(&w.bob).cancel_offer(id);
    let event = &w.last_events::<LicenseCancelled>()[0];
    assert_eq!(event.from, LicenseStatus::Offered);
    assert_eq!(w.license_of(id).status, LicenseStatus::Cancelled);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(id)),
        state(State::License(LicenseStatus::Cancelled), Action::Accept)
    );
}

#[test]
fn termination_needs_both_sides_or_the_authority() {
    let w = world();
    let work = w.alices_work();
    let id = w.license(work, &w.alice, &w.terms());
    w.dci.by(&w.licensee).terminate_license(id, &h("breach"));
    let l = w.license_of(id);
    assert_eq!(
        (l.status, l.termination_requests),
        (LicenseStatus::Active, 2)
    );
    assert_eq!(
        w.last_events::<TerminationRequested>()[0].license,
        l,
        "the request is recorded"
    );
    assert_eq!(
        err(w.dci.by(&w.licensee).try_terminate_license(id, &h("again"))),
        DciError::Duplicate
    );
    assert_eq!(
        err(w.dci.by(&w.stranger).try_terminate_license(id, &h("x"))),
        DciError::Unauthorized
    );
    w.dci.by(&w.alice).terminate_license(id, &h("agreed"));
    let l = w.license_of(id);
    assert_eq!(l.status, LicenseStatus::Terminated);
    assert_eq!(l.ended_at, Some(w.now()));
    assert_eq!(
        w.last_events::<LicenseTerminated>()[0].from,
        LicenseStatus::Active
    );

    let by_court = w.license(work, &w.alice, &w.terms());
    w.dci
        .by(&w.authority)
        .terminate_license(by_court, &h("court order"));
    assert_eq!(w.license_of(by_court).status, LicenseStatus::Terminated);
    assert_eq!(
        err(w
            .dci
            .by(&w.authority)
            .try_terminate_license(by_court, &h("x"))),
        state(State::License(LicenseStatus::Terminated), Action::Terminate)
    );
}

#[test]
fn a_suspended_work_suspends_its_accepted_licences_and_blocks_acceptance() {
    let w = world();
    let work = w.alices_work();
    let active = w.license(work, &w.alice, &w.terms());
    let mut later = w.terms();
    later.start = w.now() + 5 * DAY;
    later.licensee = w.licensee2;
    let scheduled = w.license(work, &w.alice, &later);
    let offered = w.offer(work, &w.alice, &w.terms());

    w.dci.by(&w.regulator).suspend_work(work, &h("dispute"));
    assert_eq!(w.license_of(active).status, LicenseStatus::Suspended);
    assert_eq!(w.license_of(scheduled).status, LicenseStatus::Suspended);
    assert_eq!(w.license_of(offered).status, LicenseStatus::Offered);
    let suspended = w.last_events::<LicenseSuspended>();
    assert_eq!(suspended.len(), 2);
    assert_eq!(
        err(w.dci.by(&w.licensee).try_accept_license(offered)),
        state(State::Work(WorkStatus::Suspended), Action::Accept)
    );
    assert_eq!(
        err(w.try_offer(work, &w.alice, &w.terms())),
        state(State::Work(WorkStatus::Suspended), Action::Offer)
    );
    // Past the scheduled start while suspended: still suspended, not active.
    w.chain.set_block(30, later.start + 1);
    assert_eq!(w.license_of(scheduled).status, LicenseStatus::Suspended);

    w.dci.by(&w.authority).resume_work(work);
    assert_eq!(w.license_of(active).status, LicenseStatus::Active);
    assert_eq!(w.license_of(scheduled).status, LicenseStatus::Active);
    assert_eq!(w.last_events::<LicenseActivated>().len(), 2);
    w.dci.by(&w.licensee).accept_license(offered);
}

#[test]
fn revoking_a_work_cancels_its_offers_and_terminates_its_licences() {
    let w = world();
    let work = w.alices_work();
    let active = w.license(work, &w.alice, &w.terms());
    let offered = w.offer(work, &w.alice, &w.terms());
    w.dci.by(&w.authority).revoke_work(work, &h("court order"));
    let l = w.license_of(active);
    assert_eq!(l.status, LicenseStatus::Terminated);
    assert_eq!(l.ended_at, Some(w.now()));
    assert_eq!(w.license_of(offered).status, LicenseStatus::Cancelled);
    assert_eq!(w.last_events::<LicenseTerminated>().len(), 1);
    assert_eq!(w.last_events::<LicenseCancelled>().len(), 1);
    assert_eq!(
        w.last_events::<WorkRevoked>()[0].from,
        WorkStatus::Registered
    );
}

#[test]
fn a_work_holds_at_most_max_live_licences() {
    let mut c = config();
    c.max_live_licenses = 3;
    let w = world_with(c);
    let work = w.alices_work();
    let ids: Vec<u64> = (0..3)
        .map(|_| w.offer(work, &w.alice, &w.terms()))
        .collect();
    assert_eq!(
        err(w.try_offer(work, &w.alice, &w.terms())),
        DciError::LimitExceeded(Limit::LiveLicenses)
    );
    w.dci.by(&w.alice).cancel_offer(ids[0]);
    w.offer(work, &w.alice, &w.terms());
    // Lapsed offers leave the live set when the next offer touches them.
    w.chain.set_block(9, w.now() + 8 * DAY);
    w.offer(work, &w.alice, &w.terms());
}

#[test]
fn licenses_of_work_in_force_at_answers_who_was_licensed_when() {
    let w = world();
    let work = w.alices_work();
    let t0 = w.now();
    let mut a = w.terms();
    a.end = t0 + 10 * DAY;
    let first = w.license(work, &w.alice, &a);
    let mut b = w.terms();
    b.start = t0 + 20 * DAY;
    b.end = t0 + 40 * DAY;
    b.licensee = w.licensee2;
    let second = w.license(work, &w.alice, &b);
    w.offer(work, &w.alice, &w.terms()); // an offer grants nothing
    let at = |ts| -> Vec<u64> { w.dci.licenses_of_work(work, &Some(ts), 0, 100).items };
    assert_eq!(at(t0), vec![first]);
    assert_eq!(at(t0 + 15 * DAY), Vec::<u64>::new());
    assert_eq!(at(t0 + 20 * DAY), vec![second]);
    w.chain.set_block(40, t0 + 25 * DAY);
    w.dci
        .by(&w.authority)
        .terminate_license(second, &h("court"));
    assert_eq!(
        at(t0 + 24 * DAY),
        vec![second],
        "in force before termination"
    );
    assert_eq!(at(t0 + 26 * DAY), Vec::<u64>::new());
    assert_eq!(
        at(t0 + 5 * DAY),
        vec![first],
        "an expired licence was in force"
    );
}
