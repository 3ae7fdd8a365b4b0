//! The role matrix (§1.2): every state-changing call made by every kind of actor, on a fresh
//! world where the call's record is in a state that allows it. The allowed actors succeed;
//! every other actor gets exactly `Unauthorized`.

use dci_copyright::*;
use kexin::{Addr, Id};

use crate::common::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Admin,
    Authority,
    Platform,
    Monitor,
    Witness,
    Agent,
    Regulator,
    /// A holder of the records' works (alice).
    Holder,
    /// The licensee of the records' licences.
    Licensee,
    Stranger,
}

pub const ACTORS: [Actor; 10] = [
    Actor::Admin,
    Actor::Authority,
    Actor::Platform,
    Actor::Monitor,
    Actor::Witness,
    Actor::Agent,
    Actor::Regulator,
    Actor::Holder,
    Actor::Licensee,
    Actor::Stranger,
];

/// A world with one record in each state a call needs.
pub struct Fixture {
    pub w: World,
    /// Applied by the platform, held by alice.
    pub applied: Id,
    /// Registered, held by alice.
    pub work: Id,
    /// Registered then suspended, held by alice.
    pub suspended: Id,
    /// Registered, held by alice and bob half and half.
    pub coowned: Id,
    /// On `coowned`, requested by bob (alice has not consented).
    pub assignment: Id,
    /// On `coowned`, consented by all.
    pub ready_assignment: Id,
    /// Offered on `work` to the licensee.
    pub offer: Id,
    /// Proposed by bob on `coowned` (alice has not signed).
    pub proposed: Id,
    /// Active on `work`, per use, to the licensee.
    pub license: Id,
    /// A report on `license`, not yet reviewed.
    pub report: Id,
    /// An accepted, unsettled report on `license`.
    pub accepted_report: Id,
    /// A pending settlement on `license`.
    pub settlement: Id,
    /// Evidence on `work`, recorded by the monitor.
    pub evidence: Id,
    /// Attested evidence on `work`.
    pub attested: Id,
    /// An open case on `work` by alice.
    pub case: Id,
}

pub fn fixture() -> Fixture {
    let w = world();
    let applied = w.apply(&[(w.alice, 10_000)]);
    let work = w.alices_work();
    let suspended = w.alices_work();
    w.dci
        .by(&w.regulator)
        .suspend_work(suspended, &h("dispute"));
    let coowned = w.register(&[(w.alice, 5_000), (w.bob, 5_000)]);
    let assignment =
        w.dci
            .by(&w.bob)
            .request_assignment(&w.rid(), coowned, &vec![(w.carol, 10_000)], &h("a"));
    let ready_assignment =
        w.dci
            .by(&w.bob)
            .request_assignment(&w.rid(), coowned, &vec![(w.carol, 10_000)], &h("b"));
    w.dci.by(&w.alice).consent_assignment(ready_assignment);
    w.dci.by(&w.carol).consent_assignment(ready_assignment);
    let offer = w.offer(work, &w.alice, &w.terms());
    let proposed = w.offer(coowned, &w.bob, &w.terms());
    let license = w.license(work, &w.alice, &w.terms());
    w.chain.advance_time(DAY);
    let now = w.now();
    let settled_report = w.report(license, now - 300, now - 200, 5, 0);
    let accepted_report = w.report(license, now - 200, now - 100, 5, 0);
    let report = w.report(license, now - 100, now, 5, 0);
    w.dci.by(&w.alice).accept_usage(settled_report);
    w.dci.by(&w.alice).accept_usage(accepted_report);
    let settlement = w
        .dci
        .by(&w.agent)
        .create_settlement(&w.rid(), license, &vec![settled_report]);
    let evidence = w.evidence(work);
    let attested = w.attested_evidence(work);
    let case = w
        .dci
        .by(&w.alice)
        .open_case(&w.rid(), work, &vec![attested], &h("r"));
    Fixture {
        w,
        applied,
        work,
        suspended,
        coowned,
        assignment,
        ready_assignment,
        offer,
        proposed,
        license,
        report,
        accepted_report,
        settlement,
        evidence,
        attested,
        case,
    }
}

impl Fixture {
    pub fn actor(&self, actor: Actor) -> Addr {
        let w = &self.w;
        match actor {
            Actor::Admin => w.admin,
            Actor::Authority => w.authority,
            Actor::Platform => w.platform,
            Actor::Monitor => w.monitor,
            Actor::Witness => w.witness3,
            Actor::Agent => w.agent,
            Actor::Regulator => w.regulator,
            Actor::Holder => w.alice,
            Actor::Licensee => w.licensee,
            Actor::Stranger => w.stranger,
        }
    }
}

/// Every state-changing call of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    GrantRole,
    RevokeRole,
    ProposeAdmin,
    AcceptAdmin,
    Pause,
    Unpause,
    SetConfig,
    ApplyRegistration,
    ApproveRegistration,
    RejectRegistration,
    WithdrawApplication,
    SuspendWork,
    ResumeWork,
    RevokeWork,
    RequestAssignment,
    ConsentAssignment,
    RecordAssignment,
    OfferLicense,
    CosignLicense,
    AcceptLicense,
    CancelOffer,
    TerminateLicense,
    ExpireLicenses,
    ReportUsage,
    DisputeUsage,
    AcceptUsage,
    CreateSettlement,
    ConfirmPayment,
    FailPayment,
    RecordEvidence,
    AttestEvidence,
    RejectEvidence,
    OpenCase,
    AdvanceCase,
}

pub const CALLS: [Call; 34] = [
    Call::GrantRole,
    Call::RevokeRole,
    Call::ProposeAdmin,
    Call::AcceptAdmin,
    Call::Pause,
    Call::Unpause,
    Call::SetConfig,
    Call::ApplyRegistration,
    Call::ApproveRegistration,
    Call::RejectRegistration,
    Call::WithdrawApplication,
    Call::SuspendWork,
    Call::ResumeWork,
    Call::RevokeWork,
    Call::RequestAssignment,
    Call::ConsentAssignment,
    Call::RecordAssignment,
    Call::OfferLicense,
    Call::CosignLicense,
    Call::AcceptLicense,
    Call::CancelOffer,
    Call::TerminateLicense,
    Call::ExpireLicenses,
    Call::ReportUsage,
    Call::DisputeUsage,
    Call::AcceptUsage,
    Call::CreateSettlement,
    Call::ConfirmPayment,
    Call::FailPayment,
    Call::RecordEvidence,
    Call::AttestEvidence,
    Call::RejectEvidence,
    Call::OpenCase,
    Call::AdvanceCase,
];

/// Who may make each call (on the fixture's records).
pub fn allowed(call: Call) -> &'static [Actor] {
    use Actor::*;
    match call {
        Call::GrantRole | Call::RevokeRole | Call::ProposeAdmin | Call::SetConfig => &[Admin],
        // Nobody was proposed in the fixture; see `admin.rs` for the handover.
        Call::AcceptAdmin => &[],
        Call::Pause | Call::Unpause => &[Admin, Regulator],
        Call::ApplyRegistration => &[Platform],
        Call::ApproveRegistration | Call::RejectRegistration | Call::RevokeWork => &[Authority],
        Call::RecordAssignment => &[Authority],
        Call::WithdrawApplication => &[Platform, Holder],
        Call::SuspendWork | Call::ResumeWork => &[Authority, Regulator],
        Call::RequestAssignment
        | Call::ConsentAssignment
        | Call::OfferLicense
        | Call::CosignLicense
        | Call::CancelOffer
        | Call::DisputeUsage
        | Call::AcceptUsage
        | Call::OpenCase => &[Holder],
        Call::AcceptLicense => &[Licensee],
        Call::TerminateLicense => &[Authority, Holder, Licensee],
        Call::ExpireLicenses => &ACTORS,
        Call::ReportUsage => &[Platform, Licensee],
        Call::CreateSettlement => &[Holder, Agent],
        Call::ConfirmPayment | Call::FailPayment => &[Agent],
        Call::RecordEvidence => &[Monitor, Holder],
        Call::AttestEvidence => &[Witness],
        Call::RejectEvidence => &[Witness, Authority],
        // Open → NoticeSent.
        Call::AdvanceCase => &[Holder, Authority],
    }
}

/// Prepares the fixture for a call that needs more than the shared records.
pub fn prepare(f: &Fixture, call: Call) {
    match call {
        Call::Unpause => f.w.dci.by(&f.w.admin).pause(),
        // The fixture's reports run up to now; leave room for one more period.
        Call::ReportUsage => f.w.chain.advance_time(10),
        _ => {}
    }
}

/// Makes `call` as `by` on the fixture's records.
pub fn invoke(f: &Fixture, call: Call, by: &Addr) -> CallResult<()> {
    let w = &f.w;
    let d = w.dci.by(by);
    let now = w.now();
    match call {
        Call::GrantRole => d.try_grant_role(&Role::MonitoringAgency, &w.carol),
        Call::RevokeRole => d.try_revoke_role(&Role::Regulator, &w.regulator),
        Call::ProposeAdmin => d.try_propose_admin(&w.carol),
        Call::AcceptAdmin => d.try_accept_admin(),
        Call::Pause => d.try_pause(),
        Call::Unpause => d.try_unpause(),
        Call::SetConfig => d.try_set_config(&config()),
        Call::ApplyRegistration => w.application(&[(w.alice, 10_000)]).submit(w, by).map(drop),
        Call::ApproveRegistration => {
            d.try_approve_registration(f.applied, &World::code(f.applied), &h("cert"))
        }
        Call::RejectRegistration => d.try_reject_registration(f.applied, 1),
        Call::WithdrawApplication => d.try_withdraw_application(f.applied),
        Call::SuspendWork => d.try_suspend_work(f.work, &h("dispute")),
        Call::ResumeWork => d.try_resume_work(f.suspended),
        Call::RevokeWork => d.try_revoke_work(f.work, &h("order")),
        Call::RequestAssignment => d
            .try_request_assignment(&w.rid(), f.work, &vec![(w.carol, 10_000)], &h("c"))
            .map(drop),
        Call::ConsentAssignment => d.try_consent_assignment(f.assignment),
        Call::RecordAssignment => d.try_record_assignment(f.coowned, f.ready_assignment),
        Call::OfferLicense => w.try_offer(f.work, by, &w.terms()).map(drop),
        Call::CosignLicense => d.try_cosign_license(f.proposed),
        Call::AcceptLicense => d.try_accept_license(f.offer),
        Call::CancelOffer => d.try_cancel_offer(f.offer),
        Call::TerminateLicense => d.try_terminate_license(f.license, &h("end")),
        Call::ExpireLicenses => d.try_expire_licenses(&vec![f.license, f.offer]).map(drop),
        Call::ReportUsage => d
            .try_report_usage(&w.rid(), f.license, now - 10, now, 1, 0, &h("r"))
            .map(drop),
        Call::DisputeUsage => d.try_dispute_usage(f.report, &h("why")),
        Call::AcceptUsage => d.try_accept_usage(f.report),
        Call::CreateSettlement => d
            .try_create_settlement(&w.rid(), f.license, &vec![f.accepted_report])
            .map(drop),
        Call::ConfirmPayment => d.try_confirm_payment(f.settlement, &h("ref")),
        Call::FailPayment => d.try_fail_payment(f.settlement, &h("bounced")),
        Call::RecordEvidence => d
            .try_record_evidence(&w.rid(), f.work, &h("u"), now, &h("p"))
            .map(drop),
        Call::AttestEvidence => d.try_attest_evidence(f.evidence),
        Call::RejectEvidence => d.try_reject_evidence(f.evidence, &h("fake")),
        Call::OpenCase => d
            .try_open_case(&w.rid(), f.work, &vec![f.attested], &h("r"))
            .map(drop),
        Call::AdvanceCase => d.try_advance_case(f.case, &CaseStatus::NoticeSent, &h("notice")),
    }
}

#[test]
fn every_call_by_every_actor_is_allowed_or_unauthorized() {
    let mut failures = Vec::new();
    for call in CALLS {
        for actor in ACTORS {
            let f = fixture();
            prepare(&f, call);
            let by = f.actor(actor);
            let result = invoke(&f, call, &by);
            let expected_ok = allowed(call).contains(&actor);
            let fine = match &result {
                Ok(()) => expected_ok,
                Err(kexin::client::CallError::Contract(DciError::Unauthorized)) => !expected_ok,
                Err(_) => false,
            };
            if !fine {
                failures.push(format!("{call:?} by {actor:?}: {result:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_fixture_has_each_record_in_the_state_the_matrix_needs() {
    let f = fixture();
    let w = &f.w;
    assert_eq!(w.work_of(f.applied).status, WorkStatus::Applied);
    assert_eq!(w.work_of(f.suspended).status, WorkStatus::Suspended);
    assert_eq!(w.license_of(f.offer).status, LicenseStatus::Offered);
    assert_eq!(w.license_of(f.proposed).status, LicenseStatus::Proposed);
    assert_eq!(w.license_of(f.license).status, LicenseStatus::Active);
    assert_eq!(
        w.dci.get_report(f.report).unwrap().status,
        ReportStatus::Reported
    );
    assert_eq!(
        w.dci.get_settlement(f.settlement).unwrap().status,
        SettlementStatus::Pending
    );
    assert_eq!(
        w.dci.get_evidence(f.attested).unwrap().status,
        EvidenceStatus::Attested
    );
    assert_eq!(w.dci.get_case(f.case).unwrap().status, CaseStatus::Open);
}
