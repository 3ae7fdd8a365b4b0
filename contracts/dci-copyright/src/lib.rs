//! DCI copyright registry (数字版权唯一标识符): registration of works keyed by the SM3 digest
//! of their content, DCI codes assigned by the registry authority, co-ownership, licensing
//! with an exclusivity check, usage billing and royalty splits, evidence attested by
//! independent witnesses, and infringement cases.
//!
//! The specification is `shared/specs/01-dci-copyright.md`; where this contract differs
//! from it, `README.md` says how and why. Money is in fen (`u128`), shares in basis points,
//! time in seconds of block time; every sum is checked.
//!
//! Time-driven licence changes (an offer lapsing, a licence starting or expiring) are
//! applied when the licence is next touched by a call, or by `expire_licenses`; views show
//! the status as of the current block.
//!
//! Every failure reverts at once through [`fail`]: helpers return plain values, which keeps
//! the module small (no `Result` is threaded through the helpers).

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

mod events;
mod types;

use alloc::string::String;
use alloc::vec::Vec;

use kexin::prelude::*;

pub use events::*;
pub use types::*;

use DciError::*;

/// Index kinds: every secondary index is an entry `((kind, owner), id) → ()` of one map, so
/// that one paging routine serves them all. Owners that are ids are written as [`id_key`].
mod index {
    /// Holder → works (applications included).
    pub const WORKS_OF_HOLDER: u8 = 0;
    /// Work → licences.
    pub const LICENSES_OF_WORK: u8 = 1;
    /// Licensee → licences.
    pub const LICENSES_OF_LICENSEE: u8 = 2;
    /// Work → licences that are proposed, offered, scheduled, active or suspended.
    pub const LIVE_LICENSES: u8 = 3;
    /// Licence → usage reports.
    pub const REPORTS_OF_LICENSE: u8 = 4;
    /// Holder → settlements with a split for it.
    pub const SETTLEMENTS_OF_HOLDER: u8 = 5;
    /// Work → evidence records.
    pub const EVIDENCES_OF_WORK: u8 = 6;
    /// Claimant → cases.
    pub const CASES_OF_CLAIMANT: u8 = 7;
}

/// The registry's state. Every record has its own id sequence.
#[contract]
pub struct DciRegistry {
    admin: Owner,
    roles: Roles<Role>,
    pause: Pause,
    config: Item<Config>,
    schema_version: Item<u32>,
    /// `(caller, request_id) → id` of the record the request created.
    seen: Map<(Addr, String), Id>,
    /// The last id handed out for each kind of record (ids start at 1).
    last_ids: Map<Record, Id>,
    /// Secondary indexes, see [`index`].
    index: Map<((u8, Addr), Id), ()>,
    works: Map<Id, Work>,
    /// Content digest → work, for works not rejected, withdrawn or revoked.
    by_content: Map<Hash32, Id>,
    /// DCI code → work; codes are never reused.
    by_dci: Map<String, Id>,
    assignments: Map<Id, Assignment>,
    licenses: Map<Id, License>,
    reports: Map<Id, UsageReport>,
    settlements: Map<Id, Settlement>,
    evidences: Map<Id, Evidence>,
    cases: Map<Id, Case>,
}

/// Ends the call with `error`, undoing all its effects.
#[cold]
#[inline(never)]
pub fn fail(error: DciError) -> ! {
    kexin::error::revert(&error)
}

/// Fails with the error unless the condition holds.
macro_rules! check {
    ($condition:expr, $error:expr) => {
        if !$condition {
            fail($error)
        }
    };
}

fn check_hash(hash: &Hash32, field: Field) {
    check!(*hash != [0; 32], InvalidInput(field));
}

/// `a + b`, failing with `Overflow`.
fn add(a: Fen, b: Fen) -> Fen {
    a.checked_add(b).unwrap_or_else(|| fail(Overflow))
}

/// A business code: 1..=`max` printable ASCII characters, no spaces.
fn code_ok(code: &str, max: usize) -> bool {
    !code.is_empty() && code.len() <= max && code.bytes().all(|b| b.is_ascii_graphic())
}

fn share_of(holders: &[(Addr, Bps)], who: &Addr) -> Option<Bps> {
    holders.iter().find(|(h, _)| h == who).map(|(_, bps)| *bps)
}

fn is_holder(w: &Work, who: &Addr) -> bool {
    share_of(&w.holders, who).is_some()
}

/// Checks that a list of record ids is in increasing id order: a repeated id is a
/// `Duplicate`, an id out of order (or 0) is invalid.
fn check_increasing(ids: &[Id], field: Field) {
    let mut last = 0;
    for id in ids {
        if *id <= last {
            fail(if *id == last && last != 0 {
                Duplicate
            } else {
                InvalidInput(field)
            })
        }
        last = *id;
    }
}

fn check_holders(holders: &[(Addr, Bps)]) {
    check!(holders.len() <= MAX_HOLDERS, LimitExceeded(Limit::Holders));
    let mut sum: u64 = 0;
    let mut rest = holders;
    while let Some(((who, bps), tail)) = rest.split_first() {
        let repeated = share_of(tail, who).is_some();
        check!(
            *bps > 0 && !who.is_zero() && !repeated,
            InvalidInput(Field::Holders)
        );
        // At most 20 shares below 2³²: no overflow.
        sum = sum.wrapping_add(*bps as u64);
        rest = tail;
    }
    check!(sum == BPS_WHOLE as u64, InvalidInput(Field::Holders));
}

fn check_config(c: &Config) {
    let ok = c.license_quorum_bps > 0
        && c.license_quorum_bps <= BPS_WHOLE
        && c.max_license_term > 0
        && c.min_witnesses > 0
        && c.min_witnesses <= MAX_WITNESSES
        && c.max_evidence_lag > 0
        && c.max_live_licenses > 0
        && c.max_live_licenses <= MAX_LIVE_LICENSES
        && c.dci_max_len as usize <= MAX_CODE_LEN
        && c.dci_prefix.len() < c.dci_max_len as usize
        && c.dci_prefix.bytes().all(|b| b.is_ascii_graphic())
        && c.territories.len() <= MAX_TERRITORIES
        && c.territories.iter().all(|t| *t != 0);
    check!(ok, InvalidInput(Field::Config));
}

/// Whether a territory code is in a list. `any` rather than `contains`: the generic slice
/// search `contains` calls is 160 bytes bigger in the module.
#[allow(clippy::manual_contains)]
fn listed(codes: &[u16], code: u16) -> bool {
    codes.iter().any(|c| *c == code)
}

/// An id as an index owner: eight big-endian bytes at the end of 32.
fn id_key(id: Id) -> Addr {
    let mut bytes = [0; 32];
    bytes[24..].copy_from_slice(&id.to_be_bytes());
    Addr(bytes)
}

fn is_live(status: LicenseStatus) -> bool {
    use LicenseStatus::*;
    matches!(status, Proposed | Offered | Scheduled | Active | Suspended)
}

/// Accepted and not over: the licences the exclusivity rule protects.
fn is_committed(status: LicenseStatus) -> bool {
    use LicenseStatus::*;
    matches!(status, Scheduled | Active | Suspended)
}

/// A licence's status at `now`, with the time-driven transitions applied.
pub fn effective_status(license: &License, now: Ts) -> LicenseStatus {
    use LicenseStatus::*;
    match license.status {
        Proposed | Offered if now > license.offer_deadline => Lapsed,
        Scheduled | Active | Suspended if now > license.end => Expired,
        Scheduled if now >= license.start => Active,
        status => status,
    }
}

/// Whether two licences of one work may not coexist: one of them is exclusive, and they
/// share a right, a territory (0 = worldwide shares every territory) and a second of their
/// terms (terms are closed intervals `[start, end]`).
pub fn conflicts(a: &License, b: &License) -> bool {
    (a.exclusive || b.exclusive)
        && a.rights & b.rights != 0
        && (a.territory == 0 || b.territory == 0 || a.territory == b.territory)
        && a.start <= b.end
        && b.start <= a.end
}

/// `(n / 10 000, n % 10 000)` with 64-bit divisions only: 128-bit division would pull a
/// kilobyte of compiler-builtins code into the module.
fn div_whole(n: Fen) -> (Fen, Fen) {
    let whole = BPS_WHOLE as u64;
    let mut quotient: Fen = 0;
    let mut rest: u64 = 0;
    for shift in [96u32, 64, 32, 0] {
        // `rest` < 10 000, so `rest << 32 | limb` fits in 64 bits.
        let part = rest << 32 | (n >> shift) as u32 as u64;
        quotient |= ((part / whole) as Fen) << shift;
        rest = part % whole;
    }
    (quotient, rest as Fen)
}

/// The amount due for a usage report: units × unit price (`None` on overflow), or
/// ⌈gross × bps / 10 000⌉ (rounded up, in the holders' favour; cannot overflow).
pub fn amount_due(fee: &FeeModel, units: u64, gross_revenue: Fen) -> Option<Fen> {
    match *fee {
        FeeModel::Free | FeeModel::Lump { .. } => Some(0),
        FeeModel::PerUse { unit_price } => unit_price.checked_mul(units as Fen),
        FeeModel::RevenueShare { bps } => {
            let (quotient, rest) = div_whole(gross_revenue);
            // rest × bps < 10⁸: the rounding-up division fits in 64 bits.
            let rounded = (rest as u64)
                .wrapping_mul(bps as u64)
                .div_ceil(BPS_WHOLE as u64);
            // quotient × bps ≤ gross and rounded ≤ rest: the sum is at most `gross`.
            Some((quotient.wrapping_mul(bps as Fen)).wrapping_add(rounded as Fen))
        }
    }
}

/// Splits `amount` among holders: each gets ⌊amount × bps / 10 000⌋, and what is left goes
/// to the holder with the largest share (the first of them on a tie). The parts sum to
/// `amount` exactly, and no step can overflow.
pub fn split(amount: Fen, holders: &[(Addr, Bps)]) -> Vec<(Addr, Fen)> {
    let (quotient, rest) = div_whole(amount);
    let mut splits: Vec<(Addr, Fen)> = Vec::new();
    let mut given: Fen = 0;
    let (mut largest, mut top) = (0, 0);
    for (who, bps) in holders {
        // rest × bps < 10⁸.
        let floor = ((rest as u64).wrapping_mul(*bps as u64) / BPS_WHOLE as u64) as Fen;
        // Each part is at most amount × bps / 10 000, and the parts at most `amount`.
        let part = quotient.wrapping_mul(*bps as Fen).wrapping_add(floor);
        if *bps > top {
            (largest, top) = (splits.len(), *bps);
        }
        given = given.wrapping_add(part);
        splits.push((*who, part));
    }
    if let Some((_, part)) = splits.get_mut(largest) {
        *part = part.wrapping_add(amount.wrapping_sub(given));
    }
    splits
}

fn fee_ok(fee: &FeeModel) -> bool {
    match *fee {
        FeeModel::Free => true,
        FeeModel::Lump { amount } => amount > 0,
        FeeModel::PerUse { unit_price } => unit_price > 0,
        FeeModel::RevenueShare { bps } => bps > 0 && bps <= BPS_WHOLE,
    }
}

/// A licence as of the current block.
fn current(mut license: License) -> License {
    license.status = effective_status(&license, env::block_time());
    license
}

/// Whether a licence granted rights at `ts`: accepted, `ts` within its term, and not
/// terminated before `ts`. Its current status (e.g. `Suspended`) is in the record.
fn in_force(license: &License, ts: Ts) -> bool {
    use LicenseStatus::*;
    let accepted = match license.status {
        Scheduled | Active | Suspended | Expired => true,
        Terminated => license.ended_at.is_some_and(|end| ts <= end),
        _ => false,
    };
    accepted && license.start <= ts && ts <= license.end
}

/// Who may move a case from one status to another: bit 0 the claimant, bit 1 the
/// registry authority, bit 2 a witness (an internet-court node); 0 if the step is illegal.
fn case_transition(from: CaseStatus, to: CaseStatus) -> u8 {
    use CaseStatus::*;
    const CLAIMANT: u8 = 1;
    const AUTHORITY: u8 = 2;
    const WITNESS: u8 = 4;
    match (from, to) {
        (Open | NoticeSent, Mediation)
        | (Open, NoticeSent)
        | (NoticeSent, Removed)
        | (Mediation, Settled)
        | (Removed | Settled | Judged, Closed) => CLAIMANT | AUTHORITY,
        (Open | NoticeSent | Mediation, Litigation) | (Open, Withdrawn) => CLAIMANT,
        (Litigation, Judged) => AUTHORITY | WITNESS,
        _ => 0,
    }
}

fn bad_state(from: State, action: Action) -> DciError {
    InvalidState { from, action }
}

fn expect_work(w: &Work, status: WorkStatus, action: Action) {
    check!(w.status == status, bad_state(State::Work(w.status), action));
}

fn expect_license(l: &License, status: LicenseStatus, action: Action) {
    check!(
        l.status == status,
        bad_state(State::License(l.status), action)
    );
}

#[contract]
impl DciRegistry {
    /// Makes the deployer the administrator, with the configuration (which also lists the
    /// territory codes licences may name).
    #[init]
    pub fn new(&mut self, config: Config) -> Result<(), DciError> {
        check_config(&config);
        let admin = env::caller();
        self.admin.set(&admin);
        env::emit(&AdminTransferred {
            from: Addr::ZERO,
            to: admin,
        });
        self.schema_version.set(&SCHEMA_VERSION);
        self.config.set(&config);
        env::emit(&ConfigChanged { config });
        Ok(())
    }

    // ---------------------------------------------------------------- administration

    /// Grants a role. Administrator only; works while paused.
    pub fn grant_role(&mut self, role: Role, account: Addr) -> Result<(), DciError> {
        self.admin_only();
        check!(!account.is_zero(), InvalidInput(Field::Account));
        check!(self.roles.grant(&role, &account), Duplicate);
        env::emit(&RoleGranted { role, account });
        Ok(())
    }

    /// Revokes a role. Administrator only; works while paused.
    pub fn revoke_role(&mut self, role: Role, account: Addr) -> Result<(), DciError> {
        self.admin_only();
        check!(
            self.roles.revoke(&role, &account),
            NotFound(Record::RoleGrant)
        );
        env::emit(&RoleRevoked { role, account });
        Ok(())
    }

    /// Proposes a new administrator, who takes over with `accept_admin`.
    pub fn propose_admin(&mut self, to: Addr) -> Result<(), DciError> {
        self.admin_only();
        check!(!to.is_zero(), InvalidInput(Field::Account));
        self.admin.propose(&to);
        env::emit(&AdminProposed { to });
        Ok(())
    }

    /// Completes an administrator handover; only the proposed account may call it.
    pub fn accept_admin(&mut self) -> Result<(), DciError> {
        let from = self.admin.get().or_abort("the constructor sets the admin");
        let to = env::caller();
        check!(self.admin.accept(&to), Unauthorized);
        env::emit(&AdminTransferred { from, to });
        Ok(())
    }

    /// Stops every state-changing call except administration and `suspend_work`.
    /// Administrator or regulator.
    pub fn pause(&mut self) -> Result<(), DciError> {
        let by = self.admin_or_regulator();
        check!(self.pause.pause(), bad_state(State::Paused, Action::Pause));
        env::emit(&ContractPaused { by });
        Ok(())
    }

    /// Lets calls run again. Administrator or regulator.
    pub fn unpause(&mut self) -> Result<(), DciError> {
        let by = self.admin_or_regulator();
        check!(
            self.pause.unpause(),
            bad_state(State::Running, Action::Unpause)
        );
        env::emit(&ContractUnpaused { by });
        Ok(())
    }

    /// Replaces the configuration. Administrator only; works while paused.
    pub fn set_config(&mut self, config: Config) -> Result<(), DciError> {
        self.admin_only();
        check_config(&config);
        self.config.set(&config);
        env::emit(&ConfigChanged { config });
        Ok(())
    }

    // ---------------------------------------------------------------- registration

    /// Records an application to register a work; returns its id. Access platforms only.
    ///
    /// `holders` are 1..=20 distinct accounts with non-zero shares summing to 10 000 bps; a
    /// derivative work (`nature` ≠ 1) names its `parent` if that work is registered here
    /// (`None` declares that it is not). The content digest must not belong to a work that
    /// is applied for, registered or suspended.
    #[allow(clippy::too_many_arguments)] // the specification's signature
    pub fn apply_registration(
        &mut self,
        request_id: String,
        holders: Vec<(Addr, Bps)>,
        author_commit: Hash32,
        title_commit: Hash32,
        category: u8,
        nature: u8,
        parent: Option<Id>,
        content_sm3: Hash32,
        metadata_sm3: Hash32,
        completed_on: Ts,
        first_published_on: Option<Ts>,
    ) -> Result<Id, DciError> {
        let platform = self.with_role(Role::AccessPlatform);
        let id = self.claim(Record::Work, &platform, &request_id);
        check_holders(&holders);
        check_hash(&author_commit, Field::AuthorCommit);
        check_hash(&title_commit, Field::Title);
        check!(category <= MAX_CATEGORY, InvalidInput(Field::Category));
        check!(
            (NATURE_ORIGINAL..=MAX_NATURE).contains(&nature),
            InvalidInput(Field::Nature)
        );
        if let Some(parent) = parent {
            let registered = self.works.get(&parent).is_some_and(|w| {
                matches!(w.status, WorkStatus::Registered | WorkStatus::Suspended)
            });
            check!(
                nature != NATURE_ORIGINAL && registered,
                InvalidInput(Field::Parent)
            );
        }
        check_hash(&content_sm3, Field::ContentSm3);
        check_hash(&metadata_sm3, Field::MetadataSm3);
        let now = env::block_time();
        check!(completed_on <= now, InvalidInput(Field::CompletedOn));
        if let Some(published) = first_published_on {
            check!(
                published >= completed_on && published <= now,
                InvalidInput(Field::FirstPublishedOn)
            );
        }
        check!(!self.by_content.contains(&content_sm3), Duplicate);

        for (holder, _) in &holders {
            self.link(index::WORKS_OF_HOLDER, holder, id);
        }
        let work = Work {
            id,
            dci_code: String::new(),
            applicant_platform: platform,
            holders,
            author_commit,
            title_commit,
            category,
            nature,
            parent_work: parent,
            content_sm3,
            metadata_sm3,
            certificate_sm3: None,
            completed_on,
            first_published_on,
            applied_at: now,
            registered_at: None,
            status: WorkStatus::Applied,
            version: 1,
        };
        self.works.set(&id, &work);
        self.by_content.set(&content_sm3, &id);
        env::emit(&WorkApplied { work, request_id });
        Ok(id)
    }

    /// Registers an applied-for work under a new DCI code. Registry authority only.
    ///
    /// The code is 1..=`dci_max_len` printable ASCII characters starting with `dci_prefix`,
    /// and has never been assigned.
    pub fn approve_registration(
        &mut self,
        work: Id,
        dci_code: String,
        certificate_sm3: Hash32,
    ) -> Result<(), DciError> {
        self.with_role(Role::RegistryAuthority);
        let mut w = self.work(work);
        expect_work(&w, WorkStatus::Applied, Action::Approve);
        let config = self.config();
        let ok = code_ok(&dci_code, config.dci_max_len as usize)
            && dci_code.len() > config.dci_prefix.len()
            && dci_code.starts_with(config.dci_prefix.as_str());
        check!(ok, InvalidInput(Field::DciCode));
        check_hash(&certificate_sm3, Field::CertificateSm3);
        check!(!self.by_dci.contains(&dci_code), Duplicate);
        self.by_dci.set(&dci_code, &work);
        w.status = WorkStatus::Registered;
        w.dci_code = dci_code;
        w.certificate_sm3 = Some(certificate_sm3);
        w.registered_at = Some(env::block_time());
        self.save_work(&mut w);
        env::emit(&WorkRegistered { work: w });
        Ok(())
    }

    /// Refuses an application with a reason code. Registry authority only.
    pub fn reject_registration(&mut self, work: Id, reason: u16) -> Result<(), DciError> {
        self.with_role(Role::RegistryAuthority);
        let mut w = self.work(work);
        expect_work(&w, WorkStatus::Applied, Action::Reject);
        self.close_work(&mut w, WorkStatus::Rejected);
        env::emit(&WorkRejected { work: w, reason });
        Ok(())
    }

    /// Withdraws an application. The applying platform or a holder.
    pub fn withdraw_application(&mut self, work: Id) -> Result<(), DciError> {
        let by = self.running();
        let mut w = self.work(work);
        check!(
            w.applicant_platform == by || is_holder(&w, &by),
            Unauthorized
        );
        expect_work(&w, WorkStatus::Applied, Action::Withdraw);
        self.close_work(&mut w, WorkStatus::Withdrawn);
        env::emit(&WorkWithdrawn { work: w });
        Ok(())
    }

    /// Suspends a registered work (dispute, court order): its accepted licences are
    /// suspended with it and pending offers cannot be accepted. Regulator or registry
    /// authority; works while paused (an emergency call).
    pub fn suspend_work(&mut self, work: Id, reason_sm3: Hash32) -> Result<(), DciError> {
        self.regulator_or_authority();
        let mut w = self.work(work);
        expect_work(&w, WorkStatus::Registered, Action::Suspend);
        check_hash(&reason_sm3, Field::ReasonSm3);
        w.status = WorkStatus::Suspended;
        self.save_work(&mut w);
        env::emit(&WorkSuspended {
            work: w,
            reason_sm3,
        });
        self.cascade(work, WorkStatus::Suspended, &reason_sm3);
        Ok(())
    }

    /// Registers a suspended work again; its suspended licences resume (or expire).
    /// Regulator or registry authority.
    pub fn resume_work(&mut self, work: Id) -> Result<(), DciError> {
        self.running();
        self.regulator_or_authority();
        let mut w = self.work(work);
        expect_work(&w, WorkStatus::Suspended, Action::Resume);
        w.status = WorkStatus::Registered;
        self.save_work(&mut w);
        env::emit(&WorkResumed { work: w });
        self.cascade(work, WorkStatus::Registered, &[0; 32]);
        Ok(())
    }

    /// Revokes a registration (撤销登记, terminal): pending offers are cancelled and
    /// accepted licences terminated. The content digest may be registered again; the DCI
    /// code is never reused. Registry authority only.
    pub fn revoke_work(&mut self, work: Id, reason_sm3: Hash32) -> Result<(), DciError> {
        self.with_role(Role::RegistryAuthority);
        let mut w = self.work(work);
        let from = w.status;
        check!(
            matches!(from, WorkStatus::Registered | WorkStatus::Suspended),
            bad_state(State::Work(from), Action::Revoke)
        );
        check_hash(&reason_sm3, Field::ReasonSm3);
        self.close_work(&mut w, WorkStatus::Revoked);
        env::emit(&WorkRevoked {
            work: w,
            from,
            reason_sm3,
        });
        self.cascade(work, WorkStatus::Revoked, &reason_sm3);
        Ok(())
    }

    // ---------------------------------------------------------------- assignment

    /// Asks to replace a registered work's holders with `new_holders`; returns the request's
    /// id. The caller, a current holder, consents. Every current and every new holder must
    /// consent before the authority records it; any change to the work voids the request.
    pub fn request_assignment(
        &mut self,
        request_id: String,
        work: Id,
        new_holders: Vec<(Addr, Bps)>,
        contract_sm3: Hash32,
    ) -> Result<Id, DciError> {
        let by = self.running();
        let w = self.work(work);
        check!(is_holder(&w, &by), Unauthorized);
        let id = self.claim(Record::Assignment, &by, &request_id);
        expect_work(&w, WorkStatus::Registered, Action::Assign);
        check_holders(&new_holders);
        check_hash(&contract_sm3, Field::ContractSm3);
        let assignment = Assignment {
            id,
            work,
            work_version: w.version,
            new_holders,
            contract_sm3,
            consents: alloc::vec![by],
            status: AssignmentStatus::Pending,
        };
        self.assignments.set(&id, &assignment);
        env::emit(&AssignmentRequested {
            assignment,
            request_id,
        });
        Ok(id)
    }

    /// Adds the caller's consent to an assignment: a current or a new holder.
    pub fn consent_assignment(&mut self, assignment: Id) -> Result<(), DciError> {
        let by = self.running();
        let (mut a, w) = self.pending_assignment(assignment);
        check!(
            is_holder(&w, &by) || share_of(&a.new_holders, &by).is_some(),
            Unauthorized
        );
        check!(!a.consents.contains(&by), Duplicate);
        a.consents.push(by);
        self.assignments.set(&assignment, &a);
        env::emit(&AssignmentConsented { assignment: a });
        Ok(())
    }

    /// Records a fully consented assignment: the work's holders are replaced. Licences
    /// survive: the assignee takes the work subject to them. Registry authority only.
    pub fn record_assignment(&mut self, work: Id, assignment: Id) -> Result<(), DciError> {
        self.with_role(Role::RegistryAuthority);
        let (mut a, mut w) = self.pending_assignment(assignment);
        check!(a.work == work, NotFound(Record::Assignment));
        for (who, _) in w.holders.iter().chain(&a.new_holders) {
            check!(a.consents.contains(who), Insufficient(Field::Consents));
        }
        for (holder, _) in &w.holders {
            self.index
                .remove(&((index::WORKS_OF_HOLDER, *holder), work));
        }
        for (holder, _) in &a.new_holders {
            self.link(index::WORKS_OF_HOLDER, holder, work);
        }
        a.status = AssignmentStatus::Recorded;
        self.assignments.set(&assignment, &a);
        let from = core::mem::replace(&mut w.holders, a.new_holders);
        self.save_work(&mut w);
        env::emit(&OwnershipTransferred {
            work: w,
            from,
            assignment,
        });
        Ok(())
    }

    // ---------------------------------------------------------------- licensing

    /// Offers a licence of a registered work; returns its id. A holder calls it: if the
    /// caller's share reaches `license_quorum_bps` the licence is `Offered`, otherwise
    /// `Proposed` until co-holders `cosign_license` up to the quorum.
    ///
    /// The term `[start, end]` is at most `max_license_term` long and not over; the offer
    /// may be accepted until `offer_deadline` (≤ `end`). Fees are non-zero unless the model
    /// is `Free`. The licence may not conflict with an accepted licence of the work (see
    /// [`conflicts`]); competing offers may coexist, and the first accepted wins.
    #[allow(clippy::too_many_arguments)] // the specification's signature
    pub fn offer_license(
        &mut self,
        request_id: String,
        work: Id,
        licensee: Addr,
        rights: u32,
        exclusive: bool,
        sublicensable: bool,
        territory: u16,
        start: Ts,
        end: Ts,
        fee_model: FeeModel,
        contract_sm3: Hash32,
        offer_deadline: Ts,
    ) -> Result<Id, DciError> {
        let licensor = self.running();
        let w = self.work(work);
        let share = share_of(&w.holders, &licensor).unwrap_or_else(|| fail(Unauthorized));
        let id = self.claim(Record::License, &licensor, &request_id);
        expect_work(&w, WorkStatus::Registered, Action::Offer);
        check!(!licensee.is_zero(), InvalidInput(Field::Licensee));
        check!(
            rights != 0 && rights & !RIGHTS_ALL == 0,
            InvalidInput(Field::Rights)
        );
        let now = env::block_time();
        let config = self.config();
        check!(
            territory == 0 || listed(&config.territories, territory),
            InvalidInput(Field::Territory)
        );
        check!(start < end && end >= now, InvalidInput(Field::Period));
        check!(
            end - start <= config.max_license_term,
            LimitExceeded(Limit::LicenseTerm)
        );
        check!(fee_ok(&fee_model), InvalidInput(Field::Fee));
        check_hash(&contract_sm3, Field::ContractSm3);
        check!(
            offer_deadline >= now && offer_deadline <= end,
            InvalidInput(Field::OfferDeadline)
        );
        let status = if share >= config.license_quorum_bps {
            LicenseStatus::Offered
        } else {
            LicenseStatus::Proposed
        };
        let license = License {
            id,
            work,
            licensor,
            licensee,
            rights,
            exclusive,
            sublicensable,
            territory,
            start,
            end,
            fee_model,
            contract_sm3,
            offer_deadline,
            status,
            created_at: now,
            billed: 0,
            settled: 0,
            approvals: alloc::vec![licensor],
            reported_until: 0,
            lump_settlement: 0,
            termination_requests: 0,
            ended_at: None,
        };
        let live = self.check_conflicts(&license, now);
        check!(
            live < config.max_live_licenses,
            LimitExceeded(Limit::LiveLicenses)
        );
        self.licenses.set(&id, &license);
        self.link(index::LICENSES_OF_WORK, &id_key(work), id);
        self.link(index::LICENSES_OF_LICENSEE, &licensee, id);
        self.link(index::LIVE_LICENSES, &id_key(work), id);
        env::emit(&LicenseOffered {
            license,
            request_id,
        });
        Ok(id)
    }

    /// Adds a co-holder's signature to a proposed licence; once the signers' current shares
    /// reach the quorum it is `Offered`.
    pub fn cosign_license(&mut self, license: Id) -> Result<(), DciError> {
        let by = self.running();
        let mut l = self.touched(license, env::block_time());
        let w = self.work(l.work);
        check!(is_holder(&w, &by), Unauthorized);
        expect_license(&l, LicenseStatus::Proposed, Action::Cosign);
        expect_work(&w, WorkStatus::Registered, Action::Cosign);
        check!(!l.approvals.contains(&by), Duplicate);
        l.approvals.push(by);
        let mut signed: Bps = 0;
        for (holder, bps) in &w.holders {
            if l.approvals.contains(holder) {
                signed = signed.wrapping_add(*bps); // Σ shares = 10 000
            }
        }
        if signed >= self.config().license_quorum_bps {
            l.status = LicenseStatus::Offered;
        }
        self.licenses.set(&license, &l);
        env::emit(&LicenseCosigned { license: l });
        Ok(())
    }

    /// Accepts an offer: the licence is `Active`, or `Scheduled` if it starts later. The
    /// licensee only, by the offer deadline, while the work is registered and no accepted
    /// licence conflicts (checked again now: of two conflicting offers, the second
    /// acceptance fails).
    pub fn accept_license(&mut self, license: Id) -> Result<(), DciError> {
        let by = self.running();
        let now = env::block_time();
        let mut l = self.touched(license, now);
        check!(l.licensee == by, Unauthorized);
        check!(l.status != LicenseStatus::Lapsed, DeadlineExpired);
        expect_license(&l, LicenseStatus::Offered, Action::Accept);
        expect_work(&self.work(l.work), WorkStatus::Registered, Action::Accept);
        self.check_conflicts(&l, now);
        l.status = if now < l.start {
            LicenseStatus::Scheduled
        } else {
            LicenseStatus::Active
        };
        if let FeeModel::Lump { amount } = l.fee_model {
            l.billed = amount;
        }
        self.licenses.set(&license, &l);
        env::emit(&LicenseActivated {
            license: l,
            from: LicenseStatus::Offered,
        });
        Ok(())
    }

    /// Withdraws a proposed or offered licence: its licensor or a holder who signed it.
    pub fn cancel_offer(&mut self, license: Id) -> Result<(), DciError> {
        let by = self.running();
        let mut l = self.touched(license, env::block_time());
        check!(l.approvals.contains(&by), Unauthorized);
        let from = l.status;
        check!(
            matches!(from, LicenseStatus::Proposed | LicenseStatus::Offered),
            bad_state(State::License(from), Action::Cancel)
        );
        l.status = LicenseStatus::Cancelled;
        self.end_license(&l);
        env::emit(&LicenseCancelled { license: l, from });
        Ok(())
    }

    /// Terminates an accepted licence early: at once by the registry authority (a court
    /// order), or when both a current holder and the licensee have asked.
    pub fn terminate_license(&mut self, license: Id, reason_sm3: Hash32) -> Result<(), DciError> {
        let by = self.running();
        let now = env::block_time();
        let mut l = self.touched(license, now);
        let side = if self.roles.has(&Role::RegistryAuthority, &by) {
            3
        } else if l.licensee == by {
            2
        } else if is_holder(&self.work(l.work), &by) {
            1
        } else {
            fail(Unauthorized)
        };
        let from = l.status;
        check!(
            is_committed(from),
            bad_state(State::License(from), Action::Terminate)
        );
        check_hash(&reason_sm3, Field::ReasonSm3);
        check!(l.termination_requests & side != side, Duplicate);
        l.termination_requests |= side;
        if l.termination_requests == 3 {
            l.status = LicenseStatus::Terminated;
            l.ended_at = Some(now);
            self.end_license(&l);
            env::emit(&LicenseTerminated {
                license: l,
                from,
                reason_sm3,
            });
        } else {
            self.licenses.set(&license, &l);
            env::emit(&TerminationRequested {
                license: l,
                reason_sm3,
            });
        }
        Ok(())
    }

    /// Applies the time-driven transitions (lapse, start, expiry) to up to 100 licences;
    /// returns how many changed. Anyone may call it.
    pub fn expire_licenses(&mut self, licenses: Vec<Id>) -> Result<u32, DciError> {
        self.running();
        check!(licenses.len() <= MAX_BATCH, LimitExceeded(Limit::Batch));
        let now = env::block_time();
        let mut changed: u32 = 0;
        for id in licenses {
            let before = self.license(id).status;
            if self.touched(id, now).status != before {
                changed = changed.wrapping_add(1); // at most 100
            }
        }
        Ok(changed)
    }

    // ---------------------------------------------------------------- usage and settlement

    /// Reports usage of an active licence over `[period_start, period_end)`; returns the
    /// report's id. The licensee or an access platform. Periods lie within the term, end
    /// by now, and follow the previous report's period without overlap. The amount due is
    /// computed here (see [`amount_due`]).
    #[allow(clippy::too_many_arguments)] // the specification's signature
    pub fn report_usage(
        &mut self,
        request_id: String,
        license: Id,
        period_start: Ts,
        period_end: Ts,
        units: u64,
        gross_revenue: Fen,
        report_sm3: Hash32,
    ) -> Result<Id, DciError> {
        let reporter = self.running();
        let now = env::block_time();
        let mut l = self.touched(license, now);
        check!(
            l.licensee == reporter || self.roles.has(&Role::AccessPlatform, &reporter),
            Unauthorized
        );
        let id = self.claim(Record::Report, &reporter, &request_id);
        expect_license(&l, LicenseStatus::Active, Action::Report);
        check!(
            period_start < period_end && period_start >= l.start && period_end <= now,
            InvalidInput(Field::Period)
        );
        check!(period_start >= l.reported_until, PeriodOverlap);
        check_hash(&report_sm3, Field::ReportSm3);
        let amount_due =
            amount_due(&l.fee_model, units, gross_revenue).unwrap_or_else(|| fail(Overflow));
        let report = UsageReport {
            id,
            license,
            period_start,
            period_end,
            units,
            gross_revenue,
            amount_due,
            reporter,
            report_sm3,
            status: ReportStatus::Reported,
            settlement: 0,
        };
        l.reported_until = period_end;
        self.licenses.set(&license, &l);
        self.reports.set(&id, &report);
        self.link(index::REPORTS_OF_LICENSE, &id_key(license), id);
        env::emit(&UsageReported { report, request_id });
        Ok(id)
    }

    /// Disputes a usage report. A current holder of the work.
    pub fn dispute_usage(&mut self, report: Id, reason_sm3: Hash32) -> Result<(), DciError> {
        let mut r = self.report_for_holder(report).0;
        check!(
            r.status == ReportStatus::Reported,
            bad_state(State::Report(r.status), Action::Dispute)
        );
        check_hash(&reason_sm3, Field::ReasonSm3);
        r.status = ReportStatus::Disputed;
        self.reports.set(&report, &r);
        env::emit(&UsageDisputed {
            report: r,
            reason_sm3,
        });
        Ok(())
    }

    /// Accepts a usage report (also a disputed one, once resolved off-chain): its amount is
    /// billed. A current holder of the work.
    pub fn accept_usage(&mut self, report: Id) -> Result<(), DciError> {
        let (mut r, mut l) = self.report_for_holder(report);
        let from = r.status;
        check!(
            from != ReportStatus::Accepted,
            bad_state(State::Report(from), Action::AcceptUsage)
        );
        l.billed = add(l.billed, r.amount_due);
        r.status = ReportStatus::Accepted;
        self.reports.set(&report, &r);
        self.licenses.set(&l.id, &l);
        env::emit(&UsageAccepted {
            report: r,
            from,
            license_billed: l.billed,
        });
        Ok(())
    }

    /// Bills accepted, unsettled reports of one licence (or, for a lump-sum licence, the
    /// lump sum once, with no reports) and splits the amount among the work's current
    /// holders (see [`split`]); returns the settlement's id. A current holder or a
    /// settlement agent.
    pub fn create_settlement(
        &mut self,
        request_id: String,
        license: Id,
        reports: Vec<Id>,
    ) -> Result<Id, DciError> {
        let by = self.running();
        let mut l = self.license(license);
        let w = self.work(l.work);
        check!(
            is_holder(&w, &by) || self.roles.has(&Role::SettlementAgent, &by),
            Unauthorized
        );
        let id = self.claim(Record::Settlement, &by, &request_id);
        let accepted = is_committed(l.status)
            || matches!(l.status, LicenseStatus::Expired | LicenseStatus::Terminated);
        check!(
            accepted,
            bad_state(State::License(l.status), Action::Settle)
        );
        check!(reports.len() <= MAX_BATCH, LimitExceeded(Limit::Batch));
        check_increasing(&reports, Field::Reports);
        let mut amount: Fen = 0;
        if let FeeModel::Lump { amount: lump } = l.fee_model {
            check!(reports.is_empty(), InvalidInput(Field::Reports));
            check!(l.lump_settlement == 0, Duplicate);
            amount = lump;
            l.lump_settlement = id;
            self.licenses.set(&license, &l);
        }
        for report in &reports {
            let mut r = self.report(*report);
            check!(r.license == license, InvalidInput(Field::Reports));
            check!(
                r.status == ReportStatus::Accepted,
                bad_state(State::Report(r.status), Action::Settle)
            );
            check!(r.settlement == 0, Duplicate);
            amount = add(amount, r.amount_due);
            r.settlement = id;
            self.reports.set(report, &r);
        }
        check!(amount > 0, InvalidInput(Field::Amount));
        let now = env::block_time();
        let splits = split(amount, &w.holders);
        for (holder, _) in &splits {
            self.link(index::SETTLEMENTS_OF_HOLDER, holder, id);
        }
        let settlement = Settlement {
            id,
            license,
            reports,
            amount,
            splits,
            payment_ref_sm3: None,
            status: SettlementStatus::Pending,
            created_at: now,
            paid_at: None,
        };
        self.settlements.set(&id, &settlement);
        env::emit(&SettlementCreated {
            settlement,
            by,
            request_id,
        });
        Ok(id)
    }

    /// Confirms that a settlement was paid; the licence's settled total grows by its amount.
    /// Settlement agents only.
    pub fn confirm_payment(
        &mut self,
        settlement: Id,
        payment_ref_sm3: Hash32,
    ) -> Result<(), DciError> {
        let (mut s, mut l) =
            self.pending_settlement(settlement, &payment_ref_sm3, Field::PaymentRef);
        l.settled = add(l.settled, s.amount);
        self.licenses.set(&l.id, &l);
        s.status = SettlementStatus::Paid;
        s.payment_ref_sm3 = Some(payment_ref_sm3);
        s.paid_at = Some(env::block_time());
        self.settlements.set(&settlement, &s);
        env::emit(&SettlementPaid {
            settlement: s,
            license_settled: l.settled,
        });
        Ok(())
    }

    /// Records that a settlement's payment failed; its reports (or lump sum) may be settled
    /// again. Settlement agents only.
    pub fn fail_payment(&mut self, settlement: Id, reason_sm3: Hash32) -> Result<(), DciError> {
        let (mut s, mut l) = self.pending_settlement(settlement, &reason_sm3, Field::ReasonSm3);
        if l.lump_settlement == settlement {
            l.lump_settlement = 0;
            self.licenses.set(&l.id, &l);
        }
        for report in &s.reports {
            let mut r = self.report(*report);
            r.settlement = 0;
            self.reports.set(report, &r);
        }
        s.status = SettlementStatus::Failed;
        self.settlements.set(&settlement, &s);
        env::emit(&SettlementFailed {
            settlement: s,
            reason_sm3,
        });
        Ok(())
    }

    // ---------------------------------------------------------------- evidence and cases

    /// Records infringement evidence for a registered or suspended work; returns its id.
    /// A monitoring agency or a holder. The capture time is at most `max_evidence_lag`
    /// seconds before now, and not in the future. The record never changes afterwards;
    /// only witnesses are added.
    pub fn record_evidence(
        &mut self,
        request_id: String,
        work: Id,
        locator_sm3: Hash32,
        captured_at: Ts,
        package_sm3: Hash32,
    ) -> Result<Id, DciError> {
        let collector = self.running();
        let w = self.work(work);
        check!(
            self.roles.has(&Role::MonitoringAgency, &collector) || is_holder(&w, &collector),
            Unauthorized
        );
        let id = self.claim(Record::Evidence, &collector, &request_id);
        check!(
            matches!(w.status, WorkStatus::Registered | WorkStatus::Suspended),
            bad_state(State::Work(w.status), Action::RecordEvidence)
        );
        check_hash(&locator_sm3, Field::LocatorSm3);
        check_hash(&package_sm3, Field::PackageSm3);
        let now = env::block_time();
        let config = self.config();
        check!(
            captured_at <= now && captured_at >= now.saturating_sub(config.max_evidence_lag),
            InvalidInput(Field::CapturedAt)
        );
        let evidence = Evidence {
            id,
            work,
            collector,
            locator_sm3,
            captured_at,
            package_sm3,
            witnesses: Vec::new(),
            required_witnesses: config.min_witnesses,
            status: EvidenceStatus::Recorded,
            recorded_at: now,
        };
        self.evidences.set(&id, &evidence);
        self.link(index::EVIDENCES_OF_WORK, &id_key(work), id);
        env::emit(&EvidenceRecorded {
            evidence,
            request_id,
        });
        Ok(id)
    }

    /// Co-signs evidence as an independent witness (not its collector); it is `Attested`
    /// once it has the witnesses it requires. Evidence witnesses only.
    pub fn attest_evidence(&mut self, evidence: Id) -> Result<(), DciError> {
        let witness = self.with_role(Role::EvidenceWitness);
        let mut e = self.recorded_evidence(evidence);
        check!(e.collector != witness, Unauthorized);
        check!(!e.witnesses.contains(&witness), Duplicate);
        e.witnesses.push(witness);
        if e.witnesses.len() as u32 >= e.required_witnesses {
            e.status = EvidenceStatus::Attested;
        }
        self.evidences.set(&evidence, &e);
        env::emit(&EvidenceAttested { evidence: e });
        Ok(())
    }

    /// Rejects evidence that is not yet attested. An evidence witness or the registry
    /// authority.
    pub fn reject_evidence(&mut self, evidence: Id, reason_sm3: Hash32) -> Result<(), DciError> {
        let by = self.running();
        check!(
            self.roles.has(&Role::EvidenceWitness, &by)
                || self.roles.has(&Role::RegistryAuthority, &by),
            Unauthorized
        );
        let mut e = self.recorded_evidence(evidence);
        check_hash(&reason_sm3, Field::ReasonSm3);
        e.status = EvidenceStatus::Rejected;
        self.evidences.set(&evidence, &e);
        env::emit(&EvidenceRejected {
            evidence: e,
            reason_sm3,
        });
        Ok(())
    }

    /// Opens an infringement case on 1..=20 attested evidence records of the work; returns
    /// its id. A holder, or the licensee of an active exclusive licence of the work.
    pub fn open_case(
        &mut self,
        request_id: String,
        work: Id,
        evidences: Vec<Id>,
        respondent_commit: Hash32,
    ) -> Result<Id, DciError> {
        let claimant = self.running();
        let w = self.work(work);
        let mut party = is_holder(&w, &claimant);
        for id in self.live_ids(work) {
            let l = current(self.license(id));
            party |= l.licensee == claimant && l.exclusive && l.status == LicenseStatus::Active;
        }
        check!(party, Unauthorized);
        let id = self.claim(Record::Case, &claimant, &request_id);
        check!(
            matches!(w.status, WorkStatus::Registered | WorkStatus::Suspended),
            bad_state(State::Work(w.status), Action::OpenCase)
        );
        check!(!evidences.is_empty(), InvalidInput(Field::Evidences));
        check!(
            evidences.len() <= MAX_CASE_EVIDENCES,
            LimitExceeded(Limit::CaseEvidences)
        );
        check_increasing(&evidences, Field::Evidences);
        for evidence in &evidences {
            let e = self.evidence(*evidence);
            check!(
                e.work == work && e.status == EvidenceStatus::Attested,
                InvalidInput(Field::Evidences)
            );
        }
        check_hash(&respondent_commit, Field::RespondentCommit);
        let case = Case {
            id,
            work,
            claimant,
            respondent_commit,
            evidences,
            status: CaseStatus::Open,
            resolution_sm3: None,
            opened_at: env::block_time(),
            closed_at: None,
        };
        self.cases.set(&id, &case);
        self.link(index::CASES_OF_CLAIMANT, &claimant, id);
        env::emit(&CaseOpened { case, request_id });
        Ok(id)
    }

    /// Moves a case on. Legal steps and who may take them:
    ///
    /// | from | to | by |
    /// |---|---|---|
    /// | Open | NoticeSent | claimant, authority |
    /// | NoticeSent | Removed | claimant, authority |
    /// | Open, NoticeSent | Mediation | claimant, authority |
    /// | Mediation | Settled | claimant, authority |
    /// | Open, NoticeSent, Mediation | Litigation | claimant |
    /// | Litigation | Judged | authority, witness (court node) |
    /// | Removed, Settled, Judged | Closed | claimant, authority |
    /// | Open | Withdrawn | claimant |
    pub fn advance_case(
        &mut self,
        case: Id,
        new_status: CaseStatus,
        doc_sm3: Hash32,
    ) -> Result<(), DciError> {
        let by = self.running();
        let mut c = self
            .cases
            .get(&case)
            .unwrap_or_else(|| fail(NotFound(Record::Case)));
        let who = (c.claimant == by) as u8
            | (self.roles.has(&Role::RegistryAuthority, &by) as u8) << 1
            | (self.roles.has(&Role::EvidenceWitness, &by) as u8) << 2;
        check!(who != 0, Unauthorized);
        let from = c.status;
        let allowed = case_transition(from, new_status);
        check!(
            allowed != 0,
            bad_state(State::Case(from), Action::AdvanceCase)
        );
        check!(who & allowed != 0, Unauthorized);
        check_hash(&doc_sm3, Field::DocSm3);
        c.status = new_status;
        match new_status {
            CaseStatus::Removed | CaseStatus::Settled | CaseStatus::Judged => {
                c.resolution_sm3 = Some(doc_sm3)
            }
            CaseStatus::Closed | CaseStatus::Withdrawn => c.closed_at = Some(env::block_time()),
            _ => {}
        }
        self.cases.set(&case, &c);
        if new_status == CaseStatus::Closed {
            env::emit(&CaseClosed {
                case: c,
                from,
                doc_sm3,
            });
        } else {
            env::emit(&CaseUpdated {
                case: c,
                from,
                doc_sm3,
            });
        }
        Ok(())
    }

    // ---------------------------------------------------------------- views

    /// The administrator, pause switch, configuration and record counts.
    pub fn info(&self) -> Info {
        Info {
            admin: self.admin.get().or_abort("the constructor sets the admin"),
            pending_admin: self.admin.pending(),
            paused: self.pause.is_paused(),
            schema_version: self.schema_version.get_or_default(),
            config: self.config(),
            counts: Counts {
                works: self.last_ids.get_or_default(&Record::Work),
                assignments: self.last_ids.get_or_default(&Record::Assignment),
                licenses: self.last_ids.get_or_default(&Record::License),
                reports: self.last_ids.get_or_default(&Record::Report),
                settlements: self.last_ids.get_or_default(&Record::Settlement),
                evidences: self.last_ids.get_or_default(&Record::Evidence),
                cases: self.last_ids.get_or_default(&Record::Case),
            },
        }
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: Role, account: Addr) -> bool {
        self.roles.has(&role, &account)
    }

    /// The record a caller's request id created, if any (to recover an id after a
    /// timeout, without repeating the call).
    pub fn request(&self, caller: Addr, request_id: String) -> Option<Id> {
        self.seen.get(&(caller, request_id))
    }

    /// A work.
    pub fn get_work(&self, id: Id) -> Option<Work> {
        self.works.get(&id)
    }

    /// The live (applied, registered or suspended) work with this content digest.
    pub fn get_work_by_content(&self, content_sm3: Hash32) -> Option<Work> {
        self.by_content
            .get(&content_sm3)
            .and_then(|id| self.works.get(&id))
    }

    /// The public check behind a certificate's QR code: does this DCI code belong to a
    /// registered work with this content digest, and who holds it.
    pub fn verify(&self, dci_code: String, content_sm3: Hash32) -> Verification {
        let work = self
            .by_dci
            .get(&dci_code)
            .and_then(|id| self.works.get(&id));
        let content_matches = work.as_ref().is_some_and(|w| w.content_sm3 == content_sm3);
        Verification {
            registered: content_matches
                && work
                    .as_ref()
                    .is_some_and(|w| w.status == WorkStatus::Registered),
            content_matches,
            work,
        }
    }

    /// Ids of the works a holder holds (applications included; an assignment moves them),
    /// after `after` (0 = from the start); `limit` is 1..=100. Read each with `get_work`.
    pub fn works_of(&self, holder: Addr, after: Id, limit: u32) -> Result<Page<Id, Id>, DciError> {
        let (items, next) = self.ids(index::WORKS_OF_HOLDER, &holder, after, limit);
        Ok(Page { items, next })
    }

    /// An assignment request.
    pub fn get_assignment(&self, id: Id) -> Option<Assignment> {
        self.assignments.get(&id)
    }

    /// A licence, as of the current block.
    pub fn get_license(&self, id: Id) -> Option<License> {
        self.licenses.get(&id).map(current)
    }

    /// Ids of a work's licences (read each with `get_license`). With `in_force_at`, only
    /// those that granted rights at that time (accepted, the time within the term, not
    /// terminated before it) — the spec's `active_licenses_at` — among one page of the
    /// work's licences: such a page may hold fewer items than `limit` and still have a
    /// `next`.
    pub fn licenses_of_work(
        &self,
        work: Id,
        in_force_at: Option<Ts>,
        after: Id,
        limit: u32,
    ) -> Result<Page<Id, Id>, DciError> {
        let (mut items, next) = self.ids(index::LICENSES_OF_WORK, &id_key(work), after, limit);
        if let Some(ts) = in_force_at {
            items.retain(|id| in_force(&self.license(*id), ts));
        }
        Ok(Page { items, next })
    }

    /// Ids of a licensee's licences (read each with `get_license`).
    pub fn licenses_of(
        &self,
        licensee: Addr,
        after: Id,
        limit: u32,
    ) -> Result<Page<Id, Id>, DciError> {
        let (items, next) = self.ids(index::LICENSES_OF_LICENSEE, &licensee, after, limit);
        Ok(Page { items, next })
    }

    /// A usage report.
    pub fn get_report(&self, id: Id) -> Option<UsageReport> {
        self.reports.get(&id)
    }

    /// Ids of a licence's usage reports (read each with `get_report`).
    pub fn reports_of(&self, license: Id, after: Id, limit: u32) -> Result<Page<Id, Id>, DciError> {
        let (items, next) = self.ids(index::REPORTS_OF_LICENSE, &id_key(license), after, limit);
        Ok(Page { items, next })
    }

    /// A settlement.
    pub fn get_settlement(&self, id: Id) -> Option<Settlement> {
        self.settlements.get(&id)
    }

    /// Ids of the settlements in which a holder has a split (read each with
    /// `get_settlement`).
    pub fn settlements_of(
        &self,
        holder: Addr,
        after: Id,
        limit: u32,
    ) -> Result<Page<Id, Id>, DciError> {
        let (items, next) = self.ids(index::SETTLEMENTS_OF_HOLDER, &holder, after, limit);
        Ok(Page { items, next })
    }

    /// A holder's income from settlements created between `from` and `to` (UTC days, both
    /// included): billed, paid, outstanding; failed settlements count nothing. The sums
    /// cover one page of the holder's settlements (`settlements_of`, after `after`, at most
    /// `limit`); the statement is the sum of the pages. The page ends early, with no next
    /// cursor, at the first settlement created after `to` (ids follow creation time).
    pub fn statement(
        &self,
        holder: Addr,
        from: Ts,
        to: Ts,
        after: Id,
        limit: u32,
    ) -> Result<(Statement, Option<Id>), DciError> {
        check!(from <= to, InvalidInput(Field::Period));
        let (first, last) = (from / DAY, to / DAY);
        let (ids, mut next) = self.ids(index::SETTLEMENTS_OF_HOLDER, &holder, after, limit);
        let mut statement = Statement::default();
        for id in ids {
            let s = self.settlement(id);
            let day = s.created_at / DAY;
            if day > last {
                next = None;
                break;
            }
            if day < first || s.status == SettlementStatus::Failed {
                continue;
            }
            let mut part = 0;
            for (who, fen) in &s.splits {
                if *who == holder {
                    part = *fen;
                }
            }
            statement.billed = add(statement.billed, part);
            if s.status == SettlementStatus::Paid {
                statement.paid = add(statement.paid, part);
            }
        }
        statement.outstanding = statement.billed.wrapping_sub(statement.paid); // paid ≤ billed
        Ok((statement, next))
    }

    /// An evidence record.
    pub fn get_evidence(&self, id: Id) -> Option<Evidence> {
        self.evidences.get(&id)
    }

    /// Ids of a work's evidence records (read each with `get_evidence`).
    pub fn evidences_of(&self, work: Id, after: Id, limit: u32) -> Result<Page<Id, Id>, DciError> {
        let (items, next) = self.ids(index::EVIDENCES_OF_WORK, &id_key(work), after, limit);
        Ok(Page { items, next })
    }

    /// A case.
    pub fn get_case(&self, id: Id) -> Option<Case> {
        self.cases.get(&id)
    }

    /// Ids of the cases a claimant opened (read each with `get_case`).
    pub fn cases_of(
        &self,
        claimant: Addr,
        after: Id,
        limit: u32,
    ) -> Result<Page<Id, Id>, DciError> {
        let (items, next) = self.ids(index::CASES_OF_CLAIMANT, &claimant, after, limit);
        Ok(Page { items, next })
    }

    // ---------------------------------------------------------------- helpers

    /// The caller, if the contract is not paused.
    fn running(&self) -> Addr {
        check!(!self.pause.is_paused(), Paused);
        env::caller()
    }

    /// The caller, if the contract is not paused and the caller holds `role`.
    fn with_role(&self, role: Role) -> Addr {
        let caller = self.running();
        check!(self.roles.has(&role, &caller), Unauthorized);
        caller
    }

    fn admin_only(&self) {
        check!(self.admin.is(&env::caller()), Unauthorized);
    }

    fn admin_or_regulator(&self) -> Addr {
        let caller = env::caller();
        check!(
            self.admin.is(&caller) || self.roles.has(&Role::Regulator, &caller),
            Unauthorized
        );
        caller
    }

    fn regulator_or_authority(&self) {
        let caller = env::caller();
        check!(
            self.roles.has(&Role::Regulator, &caller)
                || self.roles.has(&Role::RegistryAuthority, &caller),
            Unauthorized
        );
    }

    fn config(&self) -> Config {
        self.config
            .get()
            .or_abort("the constructor sets the config")
    }

    /// Checks a request id's syntax and that the caller has not used it, and records it
    /// against the next id of `kind`, which it returns (a failing call undoes both).
    fn claim(&mut self, kind: Record, caller: &Addr, request_id: &str) -> Id {
        check!(
            code_ok(request_id, MAX_CODE_LEN),
            InvalidInput(Field::RequestId)
        );
        let key = (*caller, String::from(request_id));
        check!(!self.seen.contains(&key), Duplicate);
        let id = self.next_id(kind);
        self.seen.set(&key, &id);
        id
    }

    fn next_id(&mut self, kind: Record) -> Id {
        let id = self
            .last_ids
            .get_or_default(&kind)
            .checked_add(1)
            .unwrap_or_else(|| fail(Overflow));
        self.last_ids.set(&kind, &id);
        id
    }

    fn link(&mut self, kind: u8, owner: &Addr, id: Id) {
        self.index.set(&((kind, *owner), id), &());
    }

    /// One page of an index: ids after `after` (0 = from the start), and the next cursor.
    fn ids(&self, kind: u8, owner: &Addr, after: Id, limit: u32) -> (Vec<Id>, Option<Id>) {
        check!(limit > 0, InvalidInput(Field::Limit));
        check!(limit <= MAX_PAGE_LIMIT, LimitExceeded(Limit::PageLimit));
        let after = (after != 0).then_some(after);
        let page = self
            .index
            .page_prefix(&(kind, *owner), after.as_ref(), limit);
        let mut ids = Vec::new();
        for (id, ()) in page.items {
            ids.push(id);
        }
        (ids, page.next)
    }

    fn work(&self, id: Id) -> Work {
        self.works
            .get(&id)
            .unwrap_or_else(|| fail(NotFound(Record::Work)))
    }

    fn save_work(&mut self, w: &mut Work) {
        w.version = w.version.checked_add(1).unwrap_or_else(|| fail(Overflow));
        self.works.set(&w.id, w);
    }

    /// Ends an application or registration: the content digest is free again.
    fn close_work(&mut self, w: &mut Work, status: WorkStatus) {
        w.status = status;
        self.by_content.remove(&w.content_sm3);
        self.save_work(w);
    }

    fn pending_assignment(&self, id: Id) -> (Assignment, Work) {
        let a = self
            .assignments
            .get(&id)
            .unwrap_or_else(|| fail(NotFound(Record::Assignment)));
        check!(
            a.status == AssignmentStatus::Pending,
            bad_state(State::Assignment(a.status), Action::Assign)
        );
        let w = self.work(a.work);
        expect_work(&w, WorkStatus::Registered, Action::Assign);
        check!(w.version == a.work_version, Stale);
        (a, w)
    }

    fn license(&self, id: Id) -> License {
        self.licenses
            .get(&id)
            .unwrap_or_else(|| fail(NotFound(Record::License)))
    }

    /// The licence with its time-driven transitions applied and stored (with their
    /// events).
    fn touched(&mut self, id: Id, now: Ts) -> License {
        let mut license = self.license(id);
        let from = license.status;
        let to = effective_status(&license, now);
        if to == from {
            return license;
        }
        license.status = to;
        if is_live(to) {
            self.licenses.set(&id, &license);
        } else {
            self.end_license(&license);
        }
        match to {
            LicenseStatus::Lapsed => {
                let event = LicenseLapsed { license, from };
                env::emit(&event);
                event.license
            }
            LicenseStatus::Expired => {
                let event = LicenseExpired { license, from };
                env::emit(&event);
                event.license
            }
            _ => {
                let event = LicenseActivated { license, from };
                env::emit(&event);
                event.license
            }
        }
    }

    /// Stores a licence that is no longer live and drops it from its work's live index.
    fn end_license(&mut self, l: &License) {
        self.licenses.set(&l.id, l);
        self.index
            .remove(&((index::LIVE_LICENSES, id_key(l.work)), l.id));
    }

    /// The live licences of a work (at most 100, the hard cap).
    fn live_ids(&self, work: Id) -> Vec<Id> {
        self.ids(index::LIVE_LICENSES, &id_key(work), 0, MAX_LIVE_LICENSES)
            .0
    }

    /// Carries a work's change to its live licences: `Suspended` suspends the accepted
    /// ones, `Registered` (a resumption) resumes them, `Revoked` cancels offers and
    /// terminates accepted ones.
    fn cascade(&mut self, work: Id, to: WorkStatus, reason_sm3: &Hash32) {
        let now = env::block_time();
        for id in self.live_ids(work) {
            let mut license = self.touched(id, now);
            let from = license.status;
            if !is_live(from) {
                continue;
            }
            match to {
                WorkStatus::Suspended
                    if matches!(from, LicenseStatus::Scheduled | LicenseStatus::Active) =>
                {
                    license.status = LicenseStatus::Suspended;
                    self.licenses.set(&id, &license);
                    env::emit(&LicenseSuspended { license, from });
                }
                WorkStatus::Registered if from == LicenseStatus::Suspended => {
                    license.status = if now < license.start {
                        LicenseStatus::Scheduled
                    } else {
                        LicenseStatus::Active
                    };
                    self.licenses.set(&id, &license);
                    env::emit(&LicenseActivated { license, from });
                }
                WorkStatus::Revoked if is_committed(from) => {
                    license.status = LicenseStatus::Terminated;
                    license.ended_at = Some(now);
                    self.end_license(&license);
                    env::emit(&LicenseTerminated {
                        license,
                        from,
                        reason_sm3: *reason_sm3,
                    });
                }
                WorkStatus::Revoked => {
                    license.status = LicenseStatus::Cancelled;
                    self.end_license(&license);
                    env::emit(&LicenseCancelled { license, from });
                }
                _ => {}
            }
        }
    }

    /// Fails if an accepted licence of the same work conflicts with `candidate`. Touches
    /// every live licence of the work on the way, so lapsed and expired ones leave the
    /// live index; returns how many other licences of the work are still live.
    fn check_conflicts(&mut self, candidate: &License, now: Ts) -> u32 {
        let mut live: u32 = 0;
        for id in self.live_ids(candidate.work) {
            if id != candidate.id {
                let other = self.touched(id, now);
                check!(
                    !(is_committed(other.status) && conflicts(&other, candidate)),
                    Conflict
                );
                live = live.wrapping_add(is_live(other.status) as u32); // at most 100
            }
        }
        live
    }

    fn report(&self, id: Id) -> UsageReport {
        self.reports
            .get(&id)
            .unwrap_or_else(|| fail(NotFound(Record::Report)))
    }

    /// A report and its licence, if the contract runs and the caller is a current holder
    /// of the licensed work.
    fn report_for_holder(&self, report: Id) -> (UsageReport, License) {
        let by = self.running();
        let r = self.report(report);
        let l = self.license(r.license);
        check!(is_holder(&self.work(l.work), &by), Unauthorized);
        (r, l)
    }

    /// A pending settlement and its licence, for a settlement agent with a document digest.
    fn pending_settlement(&self, id: Id, digest: &Hash32, field: Field) -> (Settlement, License) {
        self.with_role(Role::SettlementAgent);
        let s = self.settlement(id);
        check!(
            s.status == SettlementStatus::Pending,
            bad_state(State::Settlement(s.status), Action::Pay)
        );
        check_hash(digest, field);
        let l = self.license(s.license);
        (s, l)
    }

    fn settlement(&self, id: Id) -> Settlement {
        self.settlements
            .get(&id)
            .unwrap_or_else(|| fail(NotFound(Record::Settlement)))
    }

    fn evidence(&self, id: Id) -> Evidence {
        self.evidences
            .get(&id)
            .unwrap_or_else(|| fail(NotFound(Record::Evidence)))
    }

    fn recorded_evidence(&self, id: Id) -> Evidence {
        let e = self.evidence(id);
        check!(
            e.status == EvidenceStatus::Recorded,
            bad_state(State::Evidence(e.status), Action::Attest)
        );
        e
    }
}
