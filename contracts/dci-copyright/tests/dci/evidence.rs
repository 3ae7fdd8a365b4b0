//! Evidence attested by independent witnesses, and infringement cases (§1.5, §1.4 case
//! state machine).

use dci_copyright::*;

use crate::common::*;

#[test]
fn a_monitoring_agency_or_a_holder_records_evidence() {
    let w = world();
    let work = w.alices_work();
    let e = w.evidence(work);
    let record = w.dci.get_evidence(e).unwrap();
    assert_eq!(
        (record.work, record.collector, record.status),
        (work, w.monitor, EvidenceStatus::Recorded)
    );
    assert_eq!(record.required_witnesses, 2);
    assert_eq!(record.recorded_at, w.now());
    assert_eq!(w.last_events::<EvidenceRecorded>()[0].evidence, record);
    let by_holder =
        w.dci
            .by(&w.alice)
            .record_evidence(&w.rid(), work, &h("url"), w.now(), &h("package"));
    assert_eq!(w.dci.get_evidence(by_holder).unwrap().collector, w.alice);
    assert_eq!(
        err(w.dci.by(&w.bob).try_record_evidence(
            &w.rid(),
            work,
            &h("url"),
            w.now(),
            &h("package")
        )),
        DciError::Unauthorized
    );
    assert_eq!(w.dci.evidences_of(work, 0, 10).items, vec![e, by_holder]);
}

#[test]
fn evidence_needs_a_registered_or_suspended_work() {
    let w = world();
    let applied = w.apply(&[(w.alice, 10_000)]);
    let record = |work| {
        w.dci
            .by(&w.monitor)
            .try_record_evidence(&w.rid(), work, &h("u"), w.now(), &h("p"))
    };
    assert_eq!(
        err(record(applied)),
        state(State::Work(WorkStatus::Applied), Action::RecordEvidence)
    );
    let work = w.alices_work();
    w.dci.by(&w.regulator).suspend_work(work, &h("dispute"));
    assert!(record(work).is_ok());
    w.dci.by(&w.authority).revoke_work(work, &h("order"));
    assert_eq!(
        err(record(work)),
        state(State::Work(WorkStatus::Revoked), Action::RecordEvidence)
    );
}

#[test]
fn evidence_is_attested_by_enough_independent_witnesses() {
    let w = world();
    let work = w.alices_work();
    let e = w.evidence(work);
    w.dci.by(&w.witness).attest_evidence(e);
    let once = w.dci.get_evidence(e).unwrap();
    assert_eq!(
        (once.status, once.witnesses.clone()),
        (EvidenceStatus::Recorded, vec![w.witness])
    );
    assert_eq!(
        err(w.dci.by(&w.stranger).try_attest_evidence(e)),
        DciError::Unauthorized
    );
    w.dci.by(&w.witness2).attest_evidence(e);
    let twice = w.dci.get_evidence(e).unwrap();
    assert_eq!(twice.status, EvidenceStatus::Attested);
    assert_eq!(twice.witnesses, vec![w.witness, w.witness2]);
    assert_eq!(
        w.last_events::<EvidenceAttested>(),
        vec![EvidenceAttested {
            evidence: twice.clone()
        }]
    );
    assert_eq!(
        err(w.dci.by(&w.witness3).try_attest_evidence(e)),
        state(State::Evidence(EvidenceStatus::Attested), Action::Attest)
    );
}

#[test]
fn evidence_records_never_change_except_for_added_witnesses() {
    let w = world();
    let work = w.alices_work();
    let e = w.evidence(work);
    let original = w.dci.get_evidence(e).unwrap();
    w.dci.by(&w.witness).attest_evidence(e);
    w.dci.by(&w.witness2).attest_evidence(e);
    let attested = w.dci.get_evidence(e).unwrap();
    assert_eq!(
        Evidence {
            witnesses: original.witnesses.clone(),
            status: original.status,
            ..attested
        },
        original
    );
    // Raising the witness count later does not change what earlier evidence required.
    let mut c = config();
    c.min_witnesses = 3;
    w.dci.set_config(&c);
    assert_eq!(w.dci.get_evidence(e).unwrap().required_witnesses, 2);
    assert_eq!(
        w.dci
            .get_evidence(w.evidence(work))
            .unwrap()
            .required_witnesses,
        3
    );
}

#[test]
fn a_witness_or_the_authority_rejects_unattested_evidence() {
    let w = world();
    let work = w.alices_work();
    let e = w.evidence(work);
    assert_eq!(
        err(w.dci.by(&w.alice).try_reject_evidence(e, &h("fake"))),
        DciError::Unauthorized
    );
    w.dci.by(&w.authority).reject_evidence(e, &h("fabricated"));
    assert_eq!(
        w.dci.get_evidence(e).unwrap().status,
        EvidenceStatus::Rejected
    );
    assert_eq!(
        err(w.dci.by(&w.witness).try_attest_evidence(e)),
        state(State::Evidence(EvidenceStatus::Rejected), Action::Attest)
    );
    let attested = w.attested_evidence(work);
    assert_eq!(
        err(w
            .dci
            .by(&w.witness3)
            .try_reject_evidence(attested, &h("late"))),
        state(State::Evidence(EvidenceStatus::Attested), Action::Attest)
    );
}

#[test]
fn a_holder_opens_a_case_on_attested_evidence_of_the_work() {
    let w = world();
    let work = w.alices_work();
    let other = w.alices_work();
    let e1 = w.attested_evidence(work);
    let e2 = w.attested_evidence(work);
    let unattested = w.evidence(work);
    let foreign = w.attested_evidence(other);
    let open = |by: &kexin::Addr, evidences: Vec<u64>| {
        w.dci
            .by(by)
            .try_open_case(&w.rid(), work, &evidences, &h("salt|respondent"))
    };
    assert_eq!(err(open(&w.alice, vec![])), bad(Field::Evidences));
    assert_eq!(
        err(open(&w.alice, vec![e1, unattested])),
        bad(Field::Evidences)
    );
    assert_eq!(
        err(open(&w.alice, vec![e1, foreign])),
        bad(Field::Evidences)
    );
    assert_eq!(err(open(&w.alice, vec![e1, e1])), DciError::Duplicate);
    assert_eq!(
        err(open(&w.alice, vec![999])),
        DciError::NotFound(Record::Evidence)
    );
    assert_eq!(err(open(&w.stranger, vec![e1])), DciError::Unauthorized);
    assert_eq!(
        err(open(&w.alice, vec![e1; 21])),
        DciError::LimitExceeded(Limit::CaseEvidences)
    );
    let case = open(&w.alice, vec![e1, e2]).unwrap();
    let c = w.dci.get_case(case).unwrap();
    assert_eq!(
        (c.work, c.claimant, c.status, c.evidences.clone()),
        (work, w.alice, CaseStatus::Open, vec![e1, e2])
    );
    assert_eq!(c.respondent_commit, h("salt|respondent"));
    assert_eq!(w.last_events::<CaseOpened>()[0].case, c);
    assert_eq!(w.dci.cases_of(&w.alice, 0, 10).items, vec![case]);
}

#[test]
fn an_exclusive_licensee_may_open_a_case_but_a_non_exclusive_one_may_not() {
    let w = world();
    let work = w.alices_work();
    let e = w.attested_evidence(work);
    let mut t = w.terms();
    t.exclusive = true;
    w.license(work, &w.alice, &t);
    let mut plain = w.terms();
    plain.licensee = w.licensee2;
    plain.territory = HK;
    w.license(work, &w.alice, &plain);
    assert_eq!(
        err(w
            .dci
            .by(&w.licensee2)
            .try_open_case(&w.rid(), work, &vec![e], &h("r"))),
        DciError::Unauthorized
    );
    let case = w
        .dci
        .by(&w.licensee)
        .open_case(&w.rid(), work, &vec![e], &h("r"));
    assert_eq!(w.dci.get_case(case).unwrap().claimant, w.licensee);
}

#[test]
fn notice_and_takedown_then_closing() {
    let w = world();
    let work = w.alices_work();
    let e = w.attested_evidence(work);
    let case = w
        .dci
        .by(&w.alice)
        .open_case(&w.rid(), work, &vec![e], &h("r"));
    w.dci
        .by(&w.alice)
        .advance_case(case, &CaseStatus::NoticeSent, &h("notice letter"));
    let updated = &w.last_events::<CaseUpdated>()[0];
    assert_eq!(
        (updated.from, updated.case.status),
        (CaseStatus::Open, CaseStatus::NoticeSent)
    );
    w.dci
        .by(&w.authority)
        .advance_case(case, &CaseStatus::Removed, &h("takedown receipt"));
    assert_eq!(
        w.dci.get_case(case).unwrap().resolution_sm3,
        Some(h("takedown receipt"))
    );
    w.chain.advance_time(DAY);
    w.dci
        .by(&w.alice)
        .advance_case(case, &CaseStatus::Closed, &h("closing note"));
    let c = w.dci.get_case(case).unwrap();
    assert_eq!((c.status, c.closed_at), (CaseStatus::Closed, Some(w.now())));
    assert_eq!(w.last_events::<CaseClosed>()[0].from, CaseStatus::Removed);
}

#[test]
fn a_court_node_records_the_judgment() {
    let w = world();
    let work = w.alices_work();
    let e = w.attested_evidence(work);
    let case = w
        .dci
        .by(&w.alice)
        .open_case(&w.rid(), work, &vec![e], &h("r"));
    w.dci
        .by(&w.alice)
        .advance_case(case, &CaseStatus::Litigation, &h("complaint"));
    assert_eq!(
        err(w
            .dci
            .by(&w.alice)
            .try_advance_case(case, &CaseStatus::Judged, &h("judgment"))),
        DciError::Unauthorized,
        "the claimant does not judge its own case"
    );
    w.dci
        .by(&w.witness2)
        .advance_case(case, &CaseStatus::Judged, &h("judgment"));
    assert_eq!(
        w.dci.get_case(case).unwrap().resolution_sm3,
        Some(h("judgment"))
    );
    assert_eq!(
        err(w
            .dci
            .by(&w.witness2)
            .try_advance_case(case, &CaseStatus::Closed, &h("x"))),
        DciError::Unauthorized
    );
    w.dci
        .by(&w.authority)
        .advance_case(case, &CaseStatus::Closed, &h("enforced"));
}
