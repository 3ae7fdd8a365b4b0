//! The records, statuses, configuration and errors of the DCI registry.

use alloc::string::String;
use alloc::vec::Vec;

use kexin::prelude::*;

/// The economic rights of 著作权法 art. 10 (5)–(17) that can be licensed, one bit each:
/// bit 0 复制 reproduction, 1 发行 distribution, 2 出租 rental, 3 展览 exhibition,
/// 4 表演 performance, 5 放映 projection, 6 广播 broadcasting, 7 信息网络传播 network
/// dissemination, 8 摄制 cinematography, 9 改编 adaptation, 10 翻译 translation,
/// 11 汇编 compilation, 12 其他 other rights.
pub const RIGHTS_ALL: u32 = (1 << 13) - 1;
/// Co-owners of one work (the spec's 1..=20).
pub const MAX_HOLDERS: usize = 20;
/// Longest request id (业务流水号) and, at most, longest DCI code.
pub const MAX_CODE_LEN: usize = 64;
/// Hard cap on a work's live licences (offers, scheduled, active, suspended): the
/// exclusivity check reads them all, so their number bounds its gas.
pub const MAX_LIVE_LICENSES: u32 = 100;
/// Most reports in one settlement, ids in one `expire_licenses` batch, and items in a page.
pub const MAX_BATCH: usize = 100;
/// Most evidence records cited by one case.
pub const MAX_CASE_EVIDENCES: usize = 20;
/// Most territory codes in the configuration.
pub const MAX_TERRITORIES: usize = 32;
/// Most witnesses an evidence record may require.
pub const MAX_WITNESSES: u32 = 10;
/// Seconds in a statement bucket (one UTC day).
pub const DAY: u64 = 86_400;
/// Category codes run 0 (其他) to 8 (计算机软件).
pub const MAX_CATEGORY: u8 = 8;
/// Creation nature codes: 1 原创 original, 2 改编, 3 翻译, 4 汇编, 5 注释, 6 整理.
pub const NATURE_ORIGINAL: u8 = 1;
/// The last creation-nature code.
pub const MAX_NATURE: u8 = 6;
/// The storage layout version.
pub const SCHEMA_VERSION: u32 = 1;

/// The roles an administrator grants. Rights holders and licensees are not roles: they are
/// the parties named in a work's `holders` and a licence's `licensee`.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// 登记机构: approves registrations, assigns DCI codes, records assignments, revokes.
    RegistryAuthority,
    /// 接入平台: applies for registration on behalf of authenticated users, reports usage.
    AccessPlatform,
    /// 监测/取证机构: records infringement evidence.
    MonitoringAgency,
    /// Notary, 司法鉴定 or internet-court node: attests evidence, records judgments.
    EvidenceWitness,
    /// 结算中心 or payment bank: settles licence fees and confirms payment.
    SettlementAgent,
    /// 国家版权局 or a local bureau: suspends works, pauses the contract.
    Regulator,
}

/// Parameters that differ by region or policy; set at deployment, changed by the
/// administrator with a `ConfigChanged` event.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Share of a work (bps) whose holders must sign a licence offer: 10 000 = unanimous.
    pub license_quorum_bps: Bps,
    /// Longest licence term, in seconds.
    pub max_license_term: Ts,
    /// Witnesses needed before evidence counts as attested.
    pub min_witnesses: u32,
    /// How long before its recording evidence may have been captured, in seconds.
    pub max_evidence_lag: Ts,
    /// Most live licences (offers included) per work, up to 100.
    pub max_live_licenses: u32,
    /// The prefix every DCI code starts with (may be empty).
    pub dci_prefix: String,
    /// The longest DCI code, up to 64.
    pub dci_max_len: u32,
    /// The territories licences may name besides 0 (worldwide): ISO-3166 numeric codes,
    /// at most 32.
    pub territories: Vec<u16>,
}

/// Where a work's registration stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkStatus {
    /// Applied for, awaiting the authority.
    Applied,
    /// Registered with a DCI code.
    Registered,
    /// Refused by the authority (terminal).
    Rejected,
    /// Withdrawn by the applicant or a holder (terminal).
    Withdrawn,
    /// Suspended for a dispute or a court order.
    Suspended,
    /// Registration revoked (撤销登记, terminal).
    Revoked,
}

/// A registered or applied-for work.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The DCI code, empty until the authority approves.
    pub dci_code: String,
    /// The platform that applied.
    pub applicant_platform: Addr,
    /// Co-owners and their shares (Σ = 10 000 bps).
    pub holders: Vec<(Addr, Bps)>,
    /// SM3(salt ‖ author names or ids).
    pub author_commit: Hash32,
    /// SM3 of the title (the title itself stays off-chain).
    pub title_commit: Hash32,
    /// Work category, 0..=8.
    pub category: u8,
    /// Creation nature, 1..=6.
    pub nature: u8,
    /// The registered work this one derives from.
    pub parent_work: Option<Id>,
    /// SM3 of the work file: unique among live works.
    pub content_sm3: Hash32,
    /// SM3 of the application's canonical JSON.
    pub metadata_sm3: Hash32,
    /// SM3 of the electronic certificate, set on approval.
    pub certificate_sm3: Option<Hash32>,
    /// When the work was completed.
    pub completed_on: Ts,
    /// When it was first published, if it was.
    pub first_published_on: Option<Ts>,
    /// When the application was recorded.
    pub applied_at: Ts,
    /// When the authority approved it.
    pub registered_at: Option<Ts>,
    /// Registration status.
    pub status: WorkStatus,
    /// Increments on every change.
    pub version: u32,
}

/// Where an assignment (转让) request stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentStatus {
    /// Collecting consents.
    Pending,
    /// Recorded by the authority: the holders were replaced.
    Recorded,
}

/// A request to replace a work's holders, signed by every current and every new holder.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The work.
    pub work: Id,
    /// The work's version when requested; a change to the work voids the request.
    pub work_version: u32,
    /// The holders after the assignment.
    pub new_holders: Vec<(Addr, Bps)>,
    /// SM3 of the assignment contract.
    pub contract_sm3: Hash32,
    /// Parties who consented so far.
    pub consents: Vec<Addr>,
    /// Status.
    pub status: AssignmentStatus,
}

/// How a licensee pays.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeModel {
    /// Royalty-free, stated explicitly.
    Free,
    /// One lump sum, billed on acceptance.
    Lump {
        /// Fen.
        amount: Fen,
    },
    /// A price per reported unit of use.
    PerUse {
        /// Fen per unit.
        unit_price: Fen,
    },
    /// A share of reported gross revenue, rounded up (in the holders' favour).
    RevenueShare {
        /// 1..=10 000.
        bps: Bps,
    },
}

/// Where a licence stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenseStatus {
    /// Signed by holders below the quorum; awaiting co-signatures.
    Proposed,
    /// Offered to the licensee.
    Offered,
    /// Accepted; starts later.
    Scheduled,
    /// In force.
    Active,
    /// The work is suspended.
    Suspended,
    /// Past its end (terminal).
    Expired,
    /// Withdrawn before acceptance (terminal).
    Cancelled,
    /// Not accepted before the offer deadline (terminal).
    Lapsed,
    /// Ended early by both parties, the authority, or revocation of the work (terminal).
    Terminated,
}

/// A licence of a work's economic rights.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The work licensed.
    pub work: Id,
    /// The holder who made the offer.
    pub licensor: Addr,
    /// Who receives the licence.
    pub licensee: Addr,
    /// Bitmask of rights ([`RIGHTS_ALL`]).
    pub rights: u32,
    /// 专有 (exclusive) or 非专有.
    pub exclusive: bool,
    /// Whether the licensee may sub-license.
    pub sublicensable: bool,
    /// ISO-3166 numeric code; 0 = worldwide.
    pub territory: u16,
    /// First second of the term.
    pub start: Ts,
    /// Last second of the term (inclusive).
    pub end: Ts,
    /// How the licensee pays.
    pub fee_model: FeeModel,
    /// SM3 of the licence contract.
    pub contract_sm3: Hash32,
    /// Last second the offer may be accepted.
    pub offer_deadline: Ts,
    /// Status (time-driven changes are applied when the licence is next touched).
    pub status: LicenseStatus,
    /// When it was offered.
    pub created_at: Ts,
    /// Fen billed: Σ accepted reports, or the lump sum.
    pub billed: Fen,
    /// Fen confirmed paid.
    pub settled: Fen,
    /// Holders who signed the offer.
    pub approvals: Vec<Addr>,
    /// End of the last reported usage period.
    pub reported_until: Ts,
    /// The live settlement of a lump sum (0 = none).
    pub lump_settlement: Id,
    /// Sides that asked to terminate: bit 0 the holders, bit 1 the licensee.
    pub termination_requests: u8,
    /// When it was terminated.
    pub ended_at: Option<Ts>,
}

/// Where a usage report stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStatus {
    /// Filed.
    Reported,
    /// Contested by the holders.
    Disputed,
    /// Accepted: billed.
    Accepted,
}

/// Usage of a licence over one period `[period_start, period_end)`.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageReport {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The licence.
    pub license: Id,
    /// Start of the period (inclusive).
    pub period_start: Ts,
    /// End of the period (exclusive).
    pub period_end: Ts,
    /// Units of use.
    pub units: u64,
    /// Gross revenue, fen.
    pub gross_revenue: Fen,
    /// Computed by the contract from the fee model, fen.
    pub amount_due: Fen,
    /// Who filed it.
    pub reporter: Addr,
    /// SM3 of the full report.
    pub report_sm3: Hash32,
    /// Status.
    pub status: ReportStatus,
    /// The live settlement that includes it (0 = none).
    pub settlement: Id,
}

/// Where a settlement stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementStatus {
    /// Awaiting payment.
    Pending,
    /// Paid.
    Paid,
    /// Payment failed; its reports may be settled again.
    Failed,
}

/// A bill to a licensee, split among the holders.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The licence.
    pub license: Id,
    /// The reports billed (empty for a lump sum).
    pub reports: Vec<Id>,
    /// Fen.
    pub amount: Fen,
    /// Each holder's part; Σ = amount.
    pub splits: Vec<(Addr, Fen)>,
    /// SM3 of the payment reference, once paid.
    pub payment_ref_sm3: Option<Hash32>,
    /// Status.
    pub status: SettlementStatus,
    /// When it was created.
    pub created_at: Ts,
    /// When it was paid.
    pub paid_at: Option<Ts>,
}

/// A holder's income for a statement.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Statement {
    /// Fen billed to licensees for this holder (settlements created in the period, failed
    /// ones excluded).
    pub billed: Fen,
    /// Fen of those settlements paid.
    pub paid: Fen,
    /// Billed but not yet paid.
    pub outstanding: Fen,
}

/// Where an evidence record stands. The record itself never changes.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceStatus {
    /// Recorded, awaiting witnesses.
    Recorded,
    /// Attested by enough witnesses.
    Attested,
    /// Rejected by a witness or the authority.
    Rejected,
}

/// Infringement evidence fixed by a monitoring agency or a holder.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The work infringed.
    pub work: Id,
    /// Who recorded it.
    pub collector: Addr,
    /// SM3 of the URL and page.
    pub locator_sm3: Hash32,
    /// When it was captured.
    pub captured_at: Ts,
    /// SM3 of the package (screenshots, video, HTML, TSA token).
    pub package_sm3: Hash32,
    /// Witnesses who attested, in order.
    pub witnesses: Vec<Addr>,
    /// Witnesses needed (the configuration when it was recorded).
    pub required_witnesses: u32,
    /// Status.
    pub status: EvidenceStatus,
    /// When it was recorded.
    pub recorded_at: Ts,
}

/// Where an infringement case stands.
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Opened.
    Open,
    /// 通知删除 notice sent.
    NoticeSent,
    /// Taken down.
    Removed,
    /// In mediation.
    Mediation,
    /// Settled in mediation.
    Settled,
    /// In court.
    Litigation,
    /// Judged.
    Judged,
    /// Closed (terminal).
    Closed,
    /// Withdrawn by the claimant (terminal).
    Withdrawn,
}

/// An infringement case.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Assigned by the contract, from 1.
    pub id: Id,
    /// The work infringed.
    pub work: Id,
    /// Who opened it.
    pub claimant: Addr,
    /// SM3(salt ‖ respondent identity).
    pub respondent_commit: Hash32,
    /// Attested evidence cited.
    pub evidences: Vec<Id>,
    /// Status.
    pub status: CaseStatus,
    /// SM3 of the takedown confirmation, settlement or judgment.
    pub resolution_sm3: Option<Hash32>,
    /// When it was opened.
    pub opened_at: Ts,
    /// When it was closed or withdrawn.
    pub closed_at: Option<Ts>,
}

/// The public check behind a certificate's QR code.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The code exists, the digest matches, and the work is registered (not suspended or
    /// revoked).
    pub registered: bool,
    /// The code exists and its work has this content digest.
    pub content_matches: bool,
    /// The work with this code, whatever its content digest (its status, holders and
    /// certificate digest are what the QR page shows).
    pub work: Option<Work>,
}

/// How many records of each kind exist (the last id of each).
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Works.
    pub works: u64,
    /// Assignment requests.
    pub assignments: u64,
    /// Licences.
    pub licenses: u64,
    /// Usage reports.
    pub reports: u64,
    /// Settlements.
    pub settlements: u64,
    /// Evidence records.
    pub evidences: u64,
    /// Cases.
    pub cases: u64,
}

/// The registry at a glance.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The administrator (SuperAdmin).
    pub admin: Addr,
    /// The proposed administrator, during a handover.
    pub pending_admin: Option<Addr>,
    /// Whether state-changing calls are stopped.
    pub paused: bool,
    /// The storage layout version.
    pub schema_version: u32,
    /// The configuration.
    pub config: Config,
    /// How many records of each kind exist.
    pub counts: Counts,
}

/// A record's state, for [`DciError::InvalidState`].
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A work.
    Work(WorkStatus),
    /// An assignment request.
    Assignment(AssignmentStatus),
    /// A licence.
    License(LicenseStatus),
    /// A usage report.
    Report(ReportStatus),
    /// A settlement.
    Settlement(SettlementStatus),
    /// An evidence record.
    Evidence(EvidenceStatus),
    /// A case.
    Case(CaseStatus),
    /// The contract runs.
    Running,
    /// The contract is paused.
    Paused,
}

/// What the caller tried, for [`DciError::InvalidState`].
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `approve_registration`.
    Approve,
    /// `reject_registration`.
    Reject,
    /// `withdraw_application`.
    Withdraw,
    /// `request_assignment`, `consent_assignment`, `record_assignment`.
    Assign,
    /// `suspend_work`.
    Suspend,
    /// `resume_work`.
    Resume,
    /// `revoke_work`.
    Revoke,
    /// `offer_license`.
    Offer,
    /// `cosign_license`.
    Cosign,
    /// `accept_license`.
    Accept,
    /// `cancel_offer`.
    Cancel,
    /// `terminate_license`.
    Terminate,
    /// `report_usage`.
    Report,
    /// `dispute_usage`.
    Dispute,
    /// `accept_usage`.
    AcceptUsage,
    /// `create_settlement`.
    Settle,
    /// `confirm_payment` or `fail_payment`.
    Pay,
    /// `record_evidence`.
    RecordEvidence,
    /// `attest_evidence` or `reject_evidence`.
    Attest,
    /// `open_case`.
    OpenCase,
    /// `advance_case`.
    AdvanceCase,
    /// `pause`.
    Pause,
    /// `unpause`.
    Unpause,
}

/// A kind of record, for [`DciError::NotFound`].
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// A work.
    Work,
    /// An assignment request.
    Assignment,
    /// A licence.
    License,
    /// A usage report.
    Report,
    /// A settlement.
    Settlement,
    /// An evidence record.
    Evidence,
    /// A case.
    Case,
    /// A role grant.
    RoleGrant,
}

/// An argument, for [`DciError::InvalidInput`] and [`DciError::Insufficient`].
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Holders: empty, a zero share, a duplicate, the zero address, or Σ ≠ 10 000.
    Holders,
    /// Request id: empty, longer than 64, or not printable ASCII.
    RequestId,
    /// Author commitment.
    AuthorCommit,
    /// Title digest.
    Title,
    /// Category outside 0..=8.
    Category,
    /// Nature outside 1..=6.
    Nature,
    /// Parent work: set for an original, or not a registered work.
    Parent,
    /// Content digest.
    ContentSm3,
    /// Metadata digest.
    MetadataSm3,
    /// Completion date in the future.
    CompletedOn,
    /// First publication before completion or in the future.
    FirstPublishedOn,
    /// DCI code: empty, too long, not printable ASCII, or without the prefix.
    DciCode,
    /// Certificate digest.
    CertificateSm3,
    /// Contract digest.
    ContractSm3,
    /// Reason digest.
    ReasonSm3,
    /// Licensee: the zero address.
    Licensee,
    /// Rights mask: zero or undefined bits.
    Rights,
    /// Territory not in the registry's list.
    Territory,
    /// Period or term: start ≥ end, in the past, or outside the licence.
    Period,
    /// Fee: a zero amount or price, or a share outside 1..=10 000 bps.
    Fee,
    /// Offer deadline in the past or after the licence ends.
    OfferDeadline,
    /// Report digest.
    ReportSm3,
    /// Reports: from another licence, out of id order, or given for a lump sum.
    Reports,
    /// A zero amount.
    Amount,
    /// Payment reference digest.
    PaymentRef,
    /// Locator digest.
    LocatorSm3,
    /// Package digest.
    PackageSm3,
    /// Capture time in the future or older than the allowed lag.
    CapturedAt,
    /// Evidences: none, out of id order, of another work, or not attested.
    Evidences,
    /// Respondent commitment.
    RespondentCommit,
    /// Case status: not a legal transition.
    CaseStatus,
    /// Document digest.
    DocSm3,
    /// Page limit of zero.
    Limit,
    /// Configuration out of range.
    Config,
    /// An account: the zero address.
    Account,
    /// Consents to an assignment.
    Consents,
}

/// A bound, for [`DciError::LimitExceeded`].
#[data]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// More than 20 holders.
    Holders,
    /// A licence longer than `max_license_term`.
    LicenseTerm,
    /// More live licences than `max_live_licenses`.
    LiveLicenses,
    /// More than 100 items in one call.
    Batch,
    /// More than 20 evidence records in one case.
    CaseEvidences,
    /// A page limit above 100.
    PageLimit,
}

/// Why a call failed. Codes 1–11 are the shared codes of every reference contract.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DciError {
    /// The caller lacks the role, or is not the record's party.
    #[msg("the caller may not make this call")]
    #[code(1)]
    Unauthorized,
    /// The contract is paused.
    #[msg("the contract is paused")]
    #[code(2)]
    Paused,
    /// No such record.
    #[msg("no such {0}")]
    #[code(3)]
    NotFound(Record),
    /// The request id was used, the key is taken, or the party already signed.
    #[msg("already done: the request id, key or signature exists")]
    #[code(4)]
    Duplicate,
    /// An argument is out of range.
    #[msg("the argument {0} is not valid")]
    #[code(5)]
    InvalidInput(Field),
    /// The record's state does not allow the action.
    #[msg("a record in state {from} does not allow {action}")]
    #[code(6)]
    InvalidState {
        /// The record's state.
        from: State,
        /// What was tried.
        action: Action,
    },
    /// A deadline passed.
    #[msg("the deadline has passed")]
    #[code(7)]
    DeadlineExpired,
    /// Arithmetic would overflow.
    #[msg("the amount overflows")]
    #[code(9)]
    Overflow,
    /// A bound is exceeded.
    #[msg("the limit {0} is exceeded")]
    #[code(10)]
    LimitExceeded(Limit),
    /// Not enough of something (consents).
    #[msg("not enough {0}")]
    #[code(11)]
    Insufficient(Field),
    /// The licence would overlap another exclusive one (or an exclusive one would overlap a
    /// non-exclusive one) in rights, territory and time.
    #[msg("the licence conflicts with an accepted licence of the work")]
    #[code(12)]
    Conflict,
    /// A usage period starts before the end of the last one reported.
    #[msg("the period starts before the end of the last period reported")]
    #[code(13)]
    PeriodOverlap,
    /// The work changed since the assignment was requested; request again.
    #[msg("the work changed since the request; request again")]
    #[code(14)]
    Stale,
}

// `#[error]` formats its message with `Display` on native builds (the testkit's native
// backend, typed clients); `#[data]` does not derive it, so the variant name stands in.
macro_rules! display_as_debug {
    ($($t:ty),*) => {$(
        #[cfg(not(target_arch = "wasm32"))]
        impl core::fmt::Display for $t {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Debug::fmt(self, f)
            }
        }
    )*};
}
display_as_debug!(Record, Field, State, Action, Limit);
