//! State machines (§1.4): every record in every state, every action on it — the allowed
//! transitions succeed, every other one is `InvalidState` naming the state and the action.

use dci_copyright::*;
use kexin::Id;

use crate::common::*;

const WORK_STATES: [WorkStatus; 6] = [
    WorkStatus::Applied,
    WorkStatus::Registered,
    WorkStatus::Rejected,
    WorkStatus::Withdrawn,
    WorkStatus::Suspended,
    WorkStatus::Revoked,
];

/// A work of alice's in `status`, with attested evidence recorded while it was registered
/// (0 if it never was).
fn work_in(w: &World, status: WorkStatus) -> (Id, Id) {
    let holders = [(w.alice, 10_000)];
    let authority = w.dci.by(&w.authority);
    match status {
        WorkStatus::Applied => (w.apply(&holders), 0),
        WorkStatus::Rejected => {
            let id = w.apply(&holders);
            authority.reject_registration(id, 1);
            (id, 0)
        }
        WorkStatus::Withdrawn => {
            let id = w.apply(&holders);
            w.dci.by(&w.alice).withdraw_application(id);
            (id, 0)
        }
        WorkStatus::Registered | WorkStatus::Suspended | WorkStatus::Revoked => {
            let id = w.register(&holders);
            let evidence = w.attested_evidence(id);
            match status {
                WorkStatus::Suspended => w.dci.by(&w.regulator).suspend_work(id, &h("s")),
                WorkStatus::Revoked => authority.revoke_work(id, &h("r")),
                _ => {}
            }
            (id, evidence)
        }
    }
}

#[test]
fn work_transitions() {
    use WorkStatus::*;
    type Act = fn(&World, Id, Id) -> CallResult<()>;
    let actions: [(Action, &[WorkStatus], Act); 10] = [
        (Action::Approve, &[Applied], |w, id, _| {
            w.dci
                .by(&w.authority)
                .try_approve_registration(id, &World::code(id), &h("c"))
        }),
        (Action::Reject, &[Applied], |w, id, _| {
            w.dci.by(&w.authority).try_reject_registration(id, 2)
        }),
        (Action::Withdraw, &[Applied], |w, id, _| {
            w.dci.by(&w.alice).try_withdraw_application(id)
        }),
        (Action::Suspend, &[Registered], |w, id, _| {
            w.dci.by(&w.regulator).try_suspend_work(id, &h("s"))
        }),
        (Action::Resume, &[Suspended], |w, id, _| {
            w.dci.by(&w.regulator).try_resume_work(id)
        }),
        (Action::Revoke, &[Registered, Suspended], |w, id, _| {
            w.dci.by(&w.authority).try_revoke_work(id, &h("r"))
        }),
        (Action::Assign, &[Registered], |w, id, _| {
            w.dci
                .by(&w.alice)
                .try_request_assignment(&w.rid(), id, &vec![(w.bob, 10_000)], &h("c"))
                .map(drop)
        }),
        (Action::Offer, &[Registered], |w, id, _| {
            w.try_offer(id, &w.alice, &w.terms()).map(drop)
        }),
        (
            Action::RecordEvidence,
            &[Registered, Suspended],
            |w, id, _| {
                w.dci
                    .by(&w.monitor)
                    .try_record_evidence(&w.rid(), id, &h("u"), w.now(), &h("p"))
                    .map(drop)
            },
        ),
        (
            Action::OpenCase,
            &[Registered, Suspended],
            |w, id, evidence| {
                w.dci
                    .by(&w.alice)
                    .try_open_case(&w.rid(), id, &vec![evidence], &h("r"))
                    .map(drop)
            },
        ),
    ];
    for (action, allowed, act) in actions {
        for status in WORK_STATES {
            let w = world();
            let (id, evidence) = work_in(&w, status);
            let result = act(&w, id, evidence);
            if allowed.contains(&status) {
                assert!(result.is_ok(), "{action:?} from {status:?}: {result:?}");
            } else {
                assert_eq!(
                    err(result),
                    state(State::Work(status), action),
                    "{action:?} from {status:?}"
                );
            }
        }
    }
}

const LICENSE_STATES: [LicenseStatus; 9] = [
    LicenseStatus::Proposed,
    LicenseStatus::Offered,
    LicenseStatus::Scheduled,
    LicenseStatus::Active,
    LicenseStatus::Suspended,
    LicenseStatus::Expired,
    LicenseStatus::Cancelled,
    LicenseStatus::Lapsed,
    LicenseStatus::Terminated,
];

/// A licence in `status` on a work alice and bob hold half and half.
fn license_in(w: &World, status: LicenseStatus) -> Id {
    use LicenseStatus::*;
    let work = w.register(&[(w.alice, 5_000), (w.bob, 5_000)]);
    let mut t = w.terms();
    t.end = w.now() + 30 * DAY;
    if status == Scheduled {
        t.start = w.now() + 10 * DAY;
    }
    let id = w.offer(work, &w.alice, &t);
    if status == Proposed {
        return id;
    }
    w.dci.by(&w.bob).cosign_license(id);
    match status {
        Offered => {}
        Cancelled => w.dci.by(&w.alice).cancel_offer(id),
        Lapsed => {
            w.chain.set_block(2, t.offer_deadline + 1);
            w.dci.expire_licenses(&vec![id]);
        }
        _ => {
            w.dci.by(&w.licensee).accept_license(id);
            match status {
                Suspended => w.dci.by(&w.regulator).suspend_work(work, &h("s")),
                Expired => {
                    w.chain.set_block(2, t.end + 1);
                    w.dci.expire_licenses(&vec![id]);
                }
                Terminated => w.dci.by(&w.authority).terminate_license(id, &h("t")),
                _ => {}
            }
        }
    }
    // Reports need a period of past usage.
    w.chain.advance_time(10);
    id
}

#[test]
fn license_transitions() {
    use LicenseStatus::*;
    type Act = fn(&World, Id) -> CallResult<()>;
    let actions: [(Action, &[LicenseStatus], Act); 5] = [
        (Action::Cosign, &[Proposed], |w, id| {
            w.dci.by(&w.bob).try_cosign_license(id)
        }),
        (Action::Accept, &[Offered], |w, id| {
            w.dci.by(&w.licensee).try_accept_license(id)
        }),
        (Action::Cancel, &[Proposed, Offered], |w, id| {
            w.dci.by(&w.alice).try_cancel_offer(id)
        }),
        (
            Action::Terminate,
            &[Scheduled, Active, Suspended],
            |w, id| w.dci.by(&w.authority).try_terminate_license(id, &h("t")),
        ),
        (Action::Report, &[Active], |w, id| {
            let now = w.now();
            w.dci
                .by(&w.licensee)
                .try_report_usage(&w.rid(), id, now - 5, now, 1, 0, &h("r"))
                .map(drop)
        }),
    ];
    for (action, allowed, act) in actions {
        for status in LICENSE_STATES {
            let w = world();
            let id = license_in(&w, status);
            assert_eq!(w.license_of(id).status, status);
            let result = act(&w, id);
            if allowed.contains(&status) {
                assert!(result.is_ok(), "{action:?} from {status:?}: {result:?}");
            } else if action == Action::Accept && status == Lapsed {
                assert_eq!(err(result), DciError::DeadlineExpired);
            } else {
                assert_eq!(
                    err(result),
                    state(State::License(status), action),
                    "{action:?} from {status:?}"
                );
            }
        }
    }
}

#[test]
fn report_and_settlement_transitions() {
    for status in [
        ReportStatus::Reported,
        ReportStatus::Disputed,
        ReportStatus::Accepted,
    ] {
        for action in [Action::Dispute, Action::AcceptUsage, Action::Settle] {
            let w = world();
            let work = w.alices_work();
            let licence = w.license(work, &w.alice, &w.terms());
            w.chain.advance_time(100);
            let r = w.report(licence, w.now() - 50, w.now(), 4, 0);
            match status {
                ReportStatus::Disputed => w.dci.by(&w.alice).dispute_usage(r, &h("d")),
                ReportStatus::Accepted => w.dci.by(&w.alice).accept_usage(r),
                ReportStatus::Reported => {}
            }
            let result = match action {
                Action::Dispute => w.dci.by(&w.alice).try_dispute_usage(r, &h("d")),
                Action::AcceptUsage => w.dci.by(&w.alice).try_accept_usage(r),
                _ => w
                    .dci
                    .by(&w.agent)
                    .try_create_settlement(&w.rid(), licence, &vec![r])
                    .map(drop),
            };
            let allowed = match action {
                Action::Dispute => status == ReportStatus::Reported,
                Action::AcceptUsage => status != ReportStatus::Accepted,
                _ => status == ReportStatus::Accepted,
            };
            if allowed {
                assert!(result.is_ok(), "{action:?} from {status:?}");
            } else {
                assert_eq!(err(result), state(State::Report(status), action));
            }
        }
    }
    for status in [
        SettlementStatus::Pending,
        SettlementStatus::Paid,
        SettlementStatus::Failed,
    ] {
        for confirm in [true, false] {
            let w = world();
            let work = w.alices_work();
            let mut t = w.terms();
            t.fee = FeeModel::Lump { amount: 9 };
            let licence = w.license(work, &w.alice, &t);
            let s = w
                .dci
                .by(&w.agent)
                .create_settlement(&w.rid(), licence, &vec![]);
            match status {
                SettlementStatus::Paid => w.dci.by(&w.agent).confirm_payment(s, &h("p")),
                SettlementStatus::Failed => w.dci.by(&w.agent).fail_payment(s, &h("f")),
                SettlementStatus::Pending => {}
            }
            let result = if confirm {
                w.dci.by(&w.agent).try_confirm_payment(s, &h("p"))
            } else {
                w.dci.by(&w.agent).try_fail_payment(s, &h("f"))
            };
            if status == SettlementStatus::Pending {
                assert!(result.is_ok());
            } else {
                assert_eq!(err(result), state(State::Settlement(status), Action::Pay));
            }
        }
    }
}

#[test]
fn evidence_and_assignment_transitions() {
    for status in [
        EvidenceStatus::Recorded,
        EvidenceStatus::Attested,
        EvidenceStatus::Rejected,
    ] {
        for attest in [true, false] {
            let w = world();
            let work = w.alices_work();
            let e = w.evidence(work);
            match status {
                EvidenceStatus::Attested => {
                    w.dci.by(&w.witness).attest_evidence(e);
                    w.dci.by(&w.witness2).attest_evidence(e);
                }
                EvidenceStatus::Rejected => w.dci.by(&w.witness).reject_evidence(e, &h("x")),
                EvidenceStatus::Recorded => {}
            }
            let result = if attest {
                w.dci.by(&w.witness3).try_attest_evidence(e)
            } else {
                w.dci.by(&w.witness3).try_reject_evidence(e, &h("x"))
            };
            if status == EvidenceStatus::Recorded {
                assert!(result.is_ok());
            } else {
                assert_eq!(err(result), state(State::Evidence(status), Action::Attest));
            }
            // Only attested evidence can back a case.
            let case = w
                .dci
                .by(&w.alice)
                .try_open_case(&w.rid(), work, &vec![e], &h("r"));
            let attested = w.dci.get_evidence(e).unwrap().status == EvidenceStatus::Attested;
            assert_eq!(case.is_ok(), attested, "{status:?}");
        }
    }
    let w = world();
    let work = w.alices_work();
    let a = w
        .dci
        .by(&w.alice)
        .request_assignment(&w.rid(), work, &vec![(w.bob, 10_000)], &h("c"));
    w.dci.by(&w.bob).consent_assignment(a);
    w.dci.by(&w.authority).record_assignment(work, a);
    let recorded = state(
        State::Assignment(AssignmentStatus::Recorded),
        Action::Assign,
    );
    assert_eq!(err(w.dci.by(&w.bob).try_consent_assignment(a)), recorded);
    assert_eq!(
        err(w.dci.by(&w.authority).try_record_assignment(work, a)),
        recorded
    );
}

const CASE_STATES: [CaseStatus; 9] = [
    CaseStatus::Open,
    CaseStatus::NoticeSent,
    CaseStatus::Removed,
    CaseStatus::Mediation,
    CaseStatus::Settled,
    CaseStatus::Litigation,
    CaseStatus::Judged,
    CaseStatus::Closed,
    CaseStatus::Withdrawn,
];

/// The path from `Open` to each case status.
fn path_to(status: CaseStatus) -> Vec<CaseStatus> {
    use CaseStatus::*;
    match status {
        Open => vec![],
        NoticeSent => vec![NoticeSent],
        Removed => vec![NoticeSent, Removed],
        Mediation => vec![Mediation],
        Settled => vec![Mediation, Settled],
        Litigation => vec![Litigation],
        Judged => vec![Litigation, Judged],
        Closed => vec![NoticeSent, Removed, Closed],
        Withdrawn => vec![Withdrawn],
    }
}

/// The specification's case transitions (§1.4) and who takes them.
fn legal(from: CaseStatus, to: CaseStatus) -> &'static [&'static str] {
    use CaseStatus::*;
    match (from, to) {
        (Open, NoticeSent)
        | (NoticeSent, Removed)
        | (Open | NoticeSent, Mediation)
        | (Mediation, Settled)
        | (Removed | Settled | Judged, Closed) => &["claimant", "authority"],
        (Open | NoticeSent | Mediation, Litigation) | (Open, Withdrawn) => &["claimant"],
        (Litigation, Judged) => &["authority", "witness"],
        _ => &[],
    }
}

#[test]
fn case_transitions_for_every_pair_of_states_and_every_party() {
    for from in CASE_STATES {
        for to in CASE_STATES {
            for party in ["claimant", "authority", "witness"] {
                let w = world();
                let work = w.alices_work();
                let e = w.attested_evidence(work);
                let case = w
                    .dci
                    .by(&w.alice)
                    .open_case(&w.rid(), work, &vec![e], &h("r"));
                for step in path_to(from) {
                    let by = if step == CaseStatus::Judged {
                        w.witness
                    } else {
                        w.alice
                    };
                    w.dci.by(&by).advance_case(case, &step, &h("step"));
                }
                let by = match party {
                    "claimant" => w.alice,
                    "authority" => w.authority,
                    _ => w.witness2,
                };
                let result = w.dci.by(&by).try_advance_case(case, &to, &h("doc"));
                let who = legal(from, to);
                if who.contains(&party) {
                    assert!(result.is_ok(), "{from:?} → {to:?} by {party}: {result:?}");
                    assert_eq!(w.dci.get_case(case).unwrap().status, to);
                } else if who.is_empty() {
                    assert_eq!(
                        err(result),
                        state(State::Case(from), Action::AdvanceCase),
                        "{from:?} → {to:?} by {party}"
                    );
                } else {
                    assert_eq!(
                        err(result),
                        DciError::Unauthorized,
                        "{from:?} → {to:?} by {party}"
                    );
                }
            }
        }
    }
}
