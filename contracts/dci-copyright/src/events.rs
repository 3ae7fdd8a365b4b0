//! Events: one per state transition.
//!
//! Each event carries the record as it is after the change (so an indexer keeps the latest
//! snapshot of every record and has the whole state), the record's previous status where
//! it can differ (`from`), and the document digest behind the change. The actor and the
//! time are the transaction's caller and block time, which the chain records with every
//! event.

use alloc::string::String;
use alloc::vec::Vec;

use kexin::prelude::*;

use crate::types::*;

/// A platform applied to register a work.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkApplied {
    /// The work (`Applied`).
    pub work: Work,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// The authority registered a work and assigned its DCI code.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkRegistered {
    /// The work (`Registered`, with its DCI code and certificate digest).
    pub work: Work,
}

/// The authority rejected an application.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkRejected {
    /// The work (`Rejected`).
    pub work: Work,
    /// The authority's reason code.
    pub reason: u16,
}

/// The applicant or a holder withdrew an application.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkWithdrawn {
    /// The work (`Withdrawn`).
    pub work: Work,
}

/// A work was suspended (dispute, court order).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkSuspended {
    /// The work (`Suspended`).
    pub work: Work,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// A suspended work was registered again.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkResumed {
    /// The work (`Registered`).
    pub work: Work,
}

/// A registration was revoked (terminal).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkRevoked {
    /// The work (`Revoked`).
    pub work: Work,
    /// `Registered` or `Suspended`.
    pub from: WorkStatus,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// A holder asked to replace a work's holders.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRequested {
    /// The request, with the requester's consent.
    pub assignment: Assignment,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// A party consented to an assignment.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentConsented {
    /// The request; the new consent is the last.
    pub assignment: Assignment,
}

/// The authority recorded an assignment: the work's holders were replaced.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnershipTransferred {
    /// The work, with its new holders.
    pub work: Work,
    /// The holders before.
    pub from: Vec<(Addr, Bps)>,
    /// The assignment request (now `Recorded`).
    pub assignment: Id,
}

/// Holders offered a licence (`Offered`), or proposed one below the quorum (`Proposed`).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseOffered {
    /// The licence.
    pub license: License,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// Another holder signed a proposed licence.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseCosigned {
    /// The licence (the new signer is the last approval; `Offered` once at the quorum).
    pub license: License,
}

/// A licence was accepted (`Scheduled` or `Active`), reached its start, or resumed with its
/// work.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseActivated {
    /// The licence.
    pub license: License,
    /// `Offered`, `Scheduled` or `Suspended`.
    pub from: LicenseStatus,
}

/// A licence was suspended with its work.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseSuspended {
    /// The licence (`Suspended`).
    pub license: License,
    /// `Scheduled` or `Active`.
    pub from: LicenseStatus,
}

/// An offer was withdrawn, or cancelled by revocation of its work.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseCancelled {
    /// The licence (`Cancelled`).
    pub license: License,
    /// `Proposed` or `Offered`.
    pub from: LicenseStatus,
}

/// An offer passed its deadline unaccepted.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseLapsed {
    /// The licence (`Lapsed`).
    pub license: License,
    /// `Proposed` or `Offered`.
    pub from: LicenseStatus,
}

/// A licence passed its end.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseExpired {
    /// The licence (`Expired`).
    pub license: License,
    /// `Scheduled`, `Active` or `Suspended`.
    pub from: LicenseStatus,
}

/// One side asked to terminate a licence; the other side must too.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminationRequested {
    /// The licence (`termination_requests` shows the sides that asked).
    pub license: License,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// A licence was terminated early.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseTerminated {
    /// The licence (`Terminated`).
    pub license: License,
    /// `Scheduled`, `Active` or `Suspended`.
    pub from: LicenseStatus,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// A licensee or platform reported usage.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageReported {
    /// The report, with the amount due (its licence is now reported up to `period_end`).
    pub report: UsageReport,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// The holders disputed a usage report.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageDisputed {
    /// The report (`Disputed`).
    pub report: UsageReport,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// The holders accepted a usage report: its amount is billed.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageAccepted {
    /// The report (`Accepted`).
    pub report: UsageReport,
    /// `Reported` or `Disputed`.
    pub from: ReportStatus,
    /// The licence's billed total after.
    pub license_billed: Fen,
}

/// A settlement was created with its splits (its reports, or its licence's lump sum, are
/// now taken by it).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementCreated {
    /// The settlement (`Pending`).
    pub settlement: Settlement,
    /// Who created it (a holder or a settlement agent).
    pub by: Addr,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// The settlement agent confirmed payment.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementPaid {
    /// The settlement (`Paid`).
    pub settlement: Settlement,
    /// The licence's settled total after.
    pub license_settled: Fen,
}

/// The settlement agent reported a failed payment; its reports (or lump sum) are free again.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementFailed {
    /// The settlement (`Failed`).
    pub settlement: Settlement,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// Evidence was recorded.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRecorded {
    /// The record (`Recorded`).
    pub evidence: Evidence,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// A witness attested evidence.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceAttested {
    /// The record (the witness is the last; `Attested` once there are enough).
    pub evidence: Evidence,
}

/// A witness or the authority rejected evidence.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRejected {
    /// The record (`Rejected`).
    pub evidence: Evidence,
    /// SM3 of the reason.
    pub reason_sm3: Hash32,
}

/// A holder or exclusive licensee opened an infringement case.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOpened {
    /// The case (`Open`).
    pub case: Case,
    /// The caller's request id (业务流水号) that created it.
    pub request_id: String,
}

/// A case moved on (to anything but `Closed`).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseUpdated {
    /// The case.
    pub case: Case,
    /// The old status.
    pub from: CaseStatus,
    /// SM3 of the document behind the step.
    pub doc_sm3: Hash32,
}

/// A case was closed.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseClosed {
    /// The case (`Closed`).
    pub case: Case,
    /// `Removed`, `Settled` or `Judged`.
    pub from: CaseStatus,
    /// SM3 of the closing document.
    pub doc_sm3: Hash32,
}

/// The administrator granted a role.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGranted {
    /// The role.
    pub role: Role,
    /// The account.
    pub account: Addr,
}

/// The administrator revoked a role.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRevoked {
    /// The role.
    pub role: Role,
    /// The account.
    pub account: Addr,
}

/// The administrator proposed a successor.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminProposed {
    /// The proposed successor.
    pub to: Addr,
}

/// The proposed successor accepted: it is the administrator now (at deployment: `from` is
/// the zero address and `to` the deployer).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTransferred {
    /// The previous administrator.
    pub from: Addr,
    /// The new one.
    pub to: Addr,
}

/// The contract was paused.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractPaused {
    /// The administrator or regulator.
    pub by: Addr,
}

/// The contract was unpaused.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractUnpaused {
    /// The administrator or regulator.
    pub by: Addr,
}

/// The configuration changed (also emitted at deployment).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigChanged {
    /// The new configuration.
    pub config: Config,
}
