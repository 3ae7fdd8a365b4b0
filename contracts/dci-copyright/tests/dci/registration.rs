//! Registration (§1.5 apply/approve/reject/withdraw), the public verification, and
//! assignment of ownership.

use dci_copyright::*;

use crate::common::*;

#[test]
fn test_digests_match_the_sm3_vectors_of_the_conventions() {
    assert_eq!(
        hex(&sm3(b"abc")),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    assert_eq!(
        hex(&sm3(b"hello world")),
        "44f0061e69fa6fdfc290c494654a05dc0c053da7e5c52b84ef93a9d67d3fff88"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn an_application_records_an_applied_work_keyed_by_its_content_digest() {
    let w = world();
    let app = w.application(&[(w.alice, 6_000), (w.bob, 4_000)]);
    let id = app.submit(&w, &w.platform).unwrap();
    assert_eq!(id, 1);
    let work = w.work_of(id);
    assert_eq!(work.status, WorkStatus::Applied);
    assert_eq!(work.content_sm3, sm3(&app.content));
    assert_eq!(work.holders, vec![(w.alice, 6_000), (w.bob, 4_000)]);
    assert_eq!(work.applicant_platform, w.platform);
    assert_eq!(work.dci_code, "");
    assert_eq!(work.certificate_sm3, None);
    assert_eq!(work.applied_at, w.now());
    assert_eq!(work.version, 1);
    assert_eq!(
        w.dci.get_work_by_content(&sm3(&app.content)).map(|w| w.id),
        Some(id)
    );
    assert_eq!(
        w.last_events::<WorkApplied>(),
        vec![WorkApplied {
            work: work.clone(),
            request_id: app.request_id.clone()
        }]
    );
}

#[test]
fn the_authority_assigns_the_dci_code_and_certificate() {
    let w = world();
    let id = w.apply(&[(w.alice, 10_000)]);
    w.chain.advance_time(3_600);
    w.dci
        .by(&w.authority)
        .approve_registration(id, &"DCI-2024-00000001".to_string(), &h("cert"));
    let work = w.work_of(id);
    assert_eq!(work.status, WorkStatus::Registered);
    assert_eq!(work.dci_code, "DCI-2024-00000001");
    assert_eq!(work.certificate_sm3, Some(h("cert")));
    assert_eq!(work.registered_at, Some(w.now()));
    assert_eq!(work.version, 2);
    let found = w
        .dci
        .verify(&"DCI-2024-00000001".to_string(), &work.content_sm3);
    assert_eq!(found.work.map(|w| w.id), Some(id));
    assert_eq!(
        w.last_events::<WorkRegistered>(),
        vec![WorkRegistered { work }]
    );
}

#[test]
fn verify_is_the_public_qr_code_check() {
    let w = world();
    let app = w.application(&[(w.alice, 7_000), (w.bob, 3_000)]);
    let id = app.submit(&w, &w.platform).unwrap();
    let code = World::code(id);
    w.dci
        .by(&w.authority)
        .approve_registration(id, &code, &h("cert"));

    let ok = w.dci.verify(&code, &sm3(&app.content));
    assert!(ok.registered && ok.content_matches);
    assert_eq!(ok.work, Some(w.work_of(id)));
    let work = ok.work.unwrap();
    assert_eq!(work.status, WorkStatus::Registered);
    assert_eq!(work.holders, vec![(w.alice, 7_000), (w.bob, 3_000)]);
    assert_eq!(work.certificate_sm3, Some(h("cert")));

    // Another file under the same code: the code exists but the digest does not match.
    let forged = w.dci.verify(&code, &sm3(b"a different file"));
    assert!(!forged.registered && !forged.content_matches);
    assert_eq!(forged.work.map(|w| w.status), Some(WorkStatus::Registered));

    let unknown = w.dci.verify(&"DCI-NOPE".to_string(), &sm3(&app.content));
    assert_eq!(
        unknown,
        Verification {
            registered: false,
            content_matches: false,
            work: None,
        }
    );

    w.dci.by(&w.regulator).suspend_work(id, &h("dispute"));
    let suspended = w.dci.verify(&code, &sm3(&app.content));
    assert!(!suspended.registered && suspended.content_matches);
    assert_eq!(
        suspended.work.map(|w| w.status),
        Some(WorkStatus::Suspended)
    );

    w.dci.by(&w.authority).revoke_work(id, &h("court order"));
    let revoked = w.dci.verify(&code, &sm3(&app.content));
    assert!(!revoked.registered);
    assert_eq!(revoked.work.map(|w| w.status), Some(WorkStatus::Revoked));
}

#[test]
fn a_rejected_or_withdrawn_application_frees_the_content_digest() {
    let w = world();
    let app = w.application(&[(w.alice, 10_000)]);
    let first = app.submit(&w, &w.platform).unwrap();
    w.dci.by(&w.authority).reject_registration(first, 17);
    assert_eq!(
        w.last_events::<WorkRejected>()[0].reason,
        17,
        "the reason code is in the event"
    );
    assert_eq!(w.dci.get_work_by_content(&sm3(&app.content)), None);

    let again = Application {
        request_id: w.rid(),
        ..app.clone()
    };
    let second = again.submit(&w, &w.platform).unwrap();
    w.dci.by(&w.alice).withdraw_application(second);
    assert_eq!(w.work_of(second).status, WorkStatus::Withdrawn);

    let third = Application {
        request_id: w.rid(),
        ..app
    }
    .submit(&w, &w.platform2)
    .unwrap();
    assert_eq!(w.work_of(third).status, WorkStatus::Applied);
    assert_eq!(w.work_of(first).status, WorkStatus::Rejected);
}

#[test]
fn the_applicant_platform_or_a_holder_may_withdraw_but_nobody_else() {
    let w = world();
    let a = w.apply(&[(w.alice, 5_000), (w.bob, 5_000)]);
    assert_eq!(
        err(w.dci.by(&w.stranger).try_withdraw_application(a)),
        DciError::Unauthorized
    );
    assert_eq!(
        err(w.dci.by(&w.platform2).try_withdraw_application(a)),
        DciError::Unauthorized
    );
    w.dci.by(&w.bob).withdraw_application(a);
    let b = w.apply(&[(w.alice, 10_000)]);
    w.dci.by(&w.platform).withdraw_application(b);
    assert_eq!(w.work_of(b).status, WorkStatus::Withdrawn);
}

#[test]
fn a_derivative_names_its_registered_parent_or_declares_it_unregistered() {
    let w = world();
    let parent = w.alices_work();
    let applied = w.apply(&[(w.alice, 10_000)]);

    let mut translation = w.application(&[(w.bob, 10_000)]);
    translation.nature = 3;
    translation.parent = Some(parent);
    let id = translation.submit(&w, &w.platform).unwrap();
    assert_eq!(w.work_of(id).parent_work, Some(parent));

    let mut unregistered_source = w.application(&[(w.bob, 10_000)]);
    unregistered_source.nature = 2;
    unregistered_source.parent = None;
    assert!(unregistered_source.submit(&w, &w.platform).is_ok());

    for parent in [applied, 999, 0] {
        let mut app = w.application(&[(w.bob, 10_000)]);
        app.nature = 4;
        app.parent = Some(parent);
        assert_eq!(
            err(app.submit(&w, &w.platform)),
            bad(Field::Parent),
            "parent {parent}"
        );
    }
    let mut original = w.application(&[(w.bob, 10_000)]);
    original.parent = Some(parent);
    assert_eq!(err(original.submit(&w, &w.platform)), bad(Field::Parent));
}

#[test]
fn category_and_nature_are_in_range() {
    let w = world();
    for (category, ok) in [(0, true), (8, true), (9, false), (255, false)] {
        let mut app = w.application(&[(w.alice, 10_000)]);
        app.category = category;
        assert_eq!(
            app.submit(&w, &w.platform).is_ok(),
            ok,
            "category {category}"
        );
    }
    for (nature, ok) in [(0, false), (1, true), (6, true), (7, false)] {
        let mut app = w.application(&[(w.alice, 10_000)]);
        app.nature = nature;
        let result = app.submit(&w, &w.platform);
        assert_eq!(result.is_ok(), ok, "nature {nature}");
        if !ok {
            assert_eq!(err(result), bad(Field::Nature));
        }
    }
}

#[test]
fn completion_and_publication_dates_are_consistent() {
    let w = world();
    let now = w.now();
    let cases = [
        (now, None, None),
        (now + 1, None, Some(Field::CompletedOn)),
        (now - 10, Some(now - 10), None),
        (now - 10, Some(now - 11), Some(Field::FirstPublishedOn)),
        (now - 10, Some(now + 1), Some(Field::FirstPublishedOn)),
        (now - 10, Some(now), None),
    ];
    for (completed_on, published, expected) in cases {
        let mut app = w.application(&[(w.alice, 10_000)]);
        app.completed_on = completed_on;
        app.first_published_on = published;
        let result = app.submit(&w, &w.platform);
        match expected {
            None => assert!(result.is_ok(), "{completed_on} {published:?}"),
            Some(field) => assert_eq!(err(result), bad(field)),
        }
    }
}

#[test]
fn zero_digests_are_rejected() {
    let w = world();
    let mut app = w.application(&[(w.alice, 10_000)]);
    app.author_commit = [0; 32];
    assert_eq!(err(app.submit(&w, &w.platform)), bad(Field::AuthorCommit));
    let mut app = w.application(&[(w.alice, 10_000)]);
    app.title_commit = [0; 32];
    assert_eq!(err(app.submit(&w, &w.platform)), bad(Field::Title));
    let mut app = w.application(&[(w.alice, 10_000)]);
    app.metadata_sm3 = [0; 32];
    assert_eq!(err(app.submit(&w, &w.platform)), bad(Field::MetadataSm3));
    let app = w.application(&[(w.alice, 10_000)]);
    let result = w.dci.by(&w.platform).try_apply_registration(
        &app.request_id,
        &app.holders,
        &app.author_commit,
        &app.title_commit,
        1,
        1,
        &None,
        &[0; 32],
        &app.metadata_sm3,
        app.completed_on,
        &None,
    );
    assert_eq!(err(result), bad(Field::ContentSm3));
    let a = w.apply(&[(w.alice, 10_000)]);
    let result = w
        .dci
        .by(&w.authority)
        .try_approve_registration(a, &World::code(a), &[0; 32]);
    assert_eq!(err(result), bad(Field::CertificateSm3));
}

#[test]
fn every_change_to_a_work_increments_its_version() {
    let w = world();
    let id = w.apply(&[(w.alice, 10_000)]);
    let version = |w: &World| w.work_of(id).version;
    assert_eq!(version(&w), 1);
    w.dci
        .by(&w.authority)
        .approve_registration(id, &World::code(id), &h("c"));
    assert_eq!(version(&w), 2);
    w.dci.by(&w.regulator).suspend_work(id, &h("r"));
    assert_eq!(version(&w), 3);
    w.dci.by(&w.authority).resume_work(id);
    assert_eq!(version(&w), 4);
    w.dci.by(&w.authority).revoke_work(id, &h("r"));
    assert_eq!(version(&w), 5);
}

#[test]
fn works_of_pages_a_holders_works_by_id() {
    let w = world();
    let ids: Vec<u64> = (0..7)
        .map(|i| {
            if i % 2 == 0 {
                w.apply(&[(w.alice, 10_000)])
            } else {
                w.apply(&[(w.alice, 5_000), (w.bob, 5_000)])
            }
        })
        .collect();
    let page = w.dci.works_of(&w.alice, 0, 3);
    assert_eq!(page.items, ids[..3]);
    assert_eq!(page.next, Some(ids[2]));
    let page = w.dci.works_of(&w.alice, ids[2], 3);
    assert_eq!(page.items, ids[3..6]);
    let page = w.dci.works_of(&w.alice, ids[5], 3);
    assert_eq!(page.items, ids[6..]);
    assert_eq!(page.next, None);
    assert_eq!(
        w.all_ids(|after| w.dci.works_of(&w.bob, after, 2)),
        vec![ids[1], ids[3], ids[5]]
    );
    assert_eq!(err(w.dci.try_works_of(&w.alice, 0, 0)), bad(Field::Limit));
    assert_eq!(
        err(w.dci.try_works_of(&w.alice, 0, 101)),
        DciError::LimitExceeded(Limit::PageLimit)
    );
    assert_eq!(w.dci.works_of(&w.alice, 0, 100).items.len(), 7);
}

// ------------------------------------------------------------------ assignment

#[test]
fn an_assignment_needs_every_old_and_new_holder_then_the_authority() {
    let w = world();
    let work = w.register(&[(w.alice, 6_000), (w.bob, 4_000)]);
    let new = vec![(w.bob, 5_000), (w.carol, 5_000)];
    let req =
        w.dci
            .by(&w.alice)
            .request_assignment(&w.rid(), work, &new, &h("assignment contract"));
    let a = w.dci.get_assignment(req).unwrap();
    assert_eq!(a.consents, vec![w.alice]);
    assert_eq!(a.work_version, w.work_of(work).version);

    assert_eq!(
        err(w.dci.by(&w.authority).try_record_assignment(work, req)),
        DciError::Insufficient(Field::Consents)
    );
    w.dci.by(&w.bob).consent_assignment(req);
    assert_eq!(
        err(w.dci.by(&w.bob).try_consent_assignment(req)),
        DciError::Duplicate
    );
    assert_eq!(
        err(w.dci.by(&w.stranger).try_consent_assignment(req)),
        DciError::Unauthorized
    );
    assert_eq!(
        err(w.dci.by(&w.authority).try_record_assignment(work, req)),
        DciError::Insufficient(Field::Consents),
        "carol, the assignee, has not consented"
    );
    w.dci.by(&w.carol).consent_assignment(req);
    assert_eq!(
        err(w.dci.by(&w.alice).try_record_assignment(work, req)),
        DciError::Unauthorized
    );
    w.dci.by(&w.authority).record_assignment(work, req);

    let after = w.work_of(work);
    assert_eq!(after.holders, new);
    let event = &w.last_events::<OwnershipTransferred>()[0];
    assert_eq!(event.from, vec![(w.alice, 6_000), (w.bob, 4_000)]);
    assert_eq!(event.work, after);
    assert_eq!(
        w.dci.get_assignment(req).unwrap().status,
        AssignmentStatus::Recorded
    );
    assert!(w.dci.works_of(&w.alice, 0, 10).items.is_empty());
    assert_eq!(w.dci.works_of(&w.carol, 0, 10).items, vec![work]);
    assert_eq!(w.dci.works_of(&w.bob, 0, 10).items, vec![work]);
    assert_eq!(
        err(w.dci.by(&w.authority).try_record_assignment(work, req)),
        state(
            State::Assignment(AssignmentStatus::Recorded),
            Action::Assign
        )
    );
}

#[test]
fn a_change_to_the_work_voids_pending_assignment_requests() {
    let w = world();
    let work = w.alices_work();
    let one =
        w.dci
            .by(&w.alice)
            .request_assignment(&w.rid(), work, &vec![(w.bob, 10_000)], &h("to bob"));
    let two = w.dci.by(&w.alice).request_assignment(
        &w.rid(),
        work,
        &vec![(w.carol, 10_000)],
        &h("to carol"),
    );
    w.dci.by(&w.bob).consent_assignment(one);
    w.dci.by(&w.carol).consent_assignment(two);
    w.dci.by(&w.authority).record_assignment(work, one);
    assert_eq!(
        err(w.dci.by(&w.authority).try_record_assignment(work, two)),
        DciError::Stale
    );
    assert_eq!(w.work_of(work).holders, vec![(w.bob, 10_000)]);
}

#[test]
fn only_a_current_holder_requests_an_assignment_of_a_registered_work() {
    let w = world();
    let work = w.alices_work();
    let to_bob = vec![(w.bob, 10_000)];
    assert_eq!(
        err(w
            .dci
            .by(&w.bob)
            .try_request_assignment(&w.rid(), work, &to_bob, &h("c"))),
        DciError::Unauthorized
    );
    assert_eq!(
        err(w.dci.by(&w.alice).try_request_assignment(
            &w.rid(),
            work,
            &vec![(w.bob, 9_999)],
            &h("c")
        )),
        bad(Field::Holders)
    );
    w.dci.by(&w.regulator).suspend_work(work, &h("dispute"));
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_request_assignment(&w.rid(), work, &to_bob, &h("c"))),
        state(State::Work(WorkStatus::Suspended), Action::Assign)
    );
    let applied = w.apply(&[(w.alice, 10_000)]);
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_request_assignment(&w.rid(), applied, &to_bob, &h("c"))),
        state(State::Work(WorkStatus::Applied), Action::Assign)
    );
}

#[test]
fn a_request_recorded_against_another_work_is_not_found() {
    let w = world();
    let work = w.alices_work();
    let other = w.alices_work();
    let req =
        w.dci
            .by(&w.alice)
            .request_assignment(&w.rid(), work, &vec![(w.bob, 10_000)], &h("c"));
    w.dci.by(&w.bob).consent_assignment(req);
    assert_eq!(
        err(w.dci.by(&w.authority).try_record_assignment(other, req)),
        DciError::NotFound(Record::Assignment)
    );
}

#[test]
fn licences_survive_an_assignment() {
    let w = world();
    let work = w.alices_work();
    let licence = w.license(work, &w.alice, &w.terms());
    let req =
        w.dci
            .by(&w.alice)
            .request_assignment(&w.rid(), work, &vec![(w.bob, 10_000)], &h("c"));
    w.dci.by(&w.bob).consent_assignment(req);
    w.dci.by(&w.authority).record_assignment(work, req);
    assert_eq!(w.license_of(licence).status, LicenseStatus::Active);
    // The assignee now bills the licence.
    w.chain.advance_time(DAY);
    let report = w.report(licence, w.now() - DAY, w.now(), 10, 0);
    w.dci.by(&w.bob).accept_usage(report);
    let s = w
        .dci
        .by(&w.bob)
        .create_settlement(&w.rid(), licence, &vec![report]);
    assert_eq!(w.dci.get_settlement(s).unwrap().splits, vec![(w.bob, 10)]);
}
