//! Random operations on the registry from several accounts, and the invariants of §1.7
//! checked against the contract's views after every step.
//!
//! The shape is the property-test driver's (`kexin_testkit::check_invariants!`): `setup`
//! builds a world, `apply` performs one operation (refusals are part of the game; a panic,
//! trap or out-of-gas is recorded as a bug), `invariants` returns the first broken rule, and
//! `ops` generates operations.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use dci_copyright::*;
use kexin::client::CallError;
use kexin::{Addr, Fen, Id};
use proptest::prelude::*;

use crate::common::rebuild::Rebuilt;
use crate::common::*;

/// One operation. Small numbers pick accounts and records (modulo how many exist), so that
/// most operations hit real records and some hit the wrong ones.
#[derive(Clone, Debug)]
pub enum Op {
    Apply {
        platform: u8,
        holders: Vec<(u8, u16)>,
        valid: bool,
        content: u8,
        parent: u8,
    },
    Approve {
        work: u8,
        code: u8,
    },
    Reject {
        work: u8,
    },
    Withdraw {
        work: u8,
        by: u8,
    },
    Suspend {
        work: u8,
    },
    Resume {
        work: u8,
    },
    Revoke {
        work: u8,
    },
    RequestAssignment {
        work: u8,
        by: u8,
        holders: Vec<(u8, u16)>,
    },
    ConsentAssignment {
        assignment: u8,
        by: u8,
    },
    RecordAssignment {
        assignment: u8,
    },
    Offer {
        work: u8,
        by: u8,
        licensee: u8,
        terms: Terms7,
    },
    Cosign {
        license: u8,
        by: u8,
    },
    Accept {
        license: u8,
        by: u8,
    },
    Cancel {
        license: u8,
        by: u8,
    },
    Terminate {
        license: u8,
        by: u8,
    },
    Expire {
        licenses: Vec<u8>,
    },
    Report {
        license: u8,
        by: u8,
        units: u16,
        gross: u32,
        length: u8,
    },
    Dispute {
        report: u8,
        by: u8,
    },
    AcceptUsage {
        report: u8,
        by: u8,
    },
    Settle {
        license: u8,
        by: u8,
        exact: bool,
        reports: Vec<u8>,
    },
    Confirm {
        settlement: u8,
    },
    Fail {
        settlement: u8,
    },
    Evidence {
        work: u8,
        by: u8,
        age: u8,
    },
    Attest {
        evidence: u8,
        by: u8,
    },
    RejectEvidence {
        evidence: u8,
    },
    OpenCase {
        work: u8,
        by: u8,
        evidences: Vec<u8>,
    },
    AdvanceCase {
        case: u8,
        to: u8,
        by: u8,
    },
    Wait {
        step: u8,
    },
    Pause,
    Unpause,
    /// Composite: a holder offers, the co-holders co-sign, the licensee accepts.
    Deal {
        work: u8,
        licensee: u8,
        terms: Terms7,
    },
    /// Composite: two offers on one work, then both acceptances in one block.
    Race {
        work: u8,
        a: Terms7,
        b: Terms7,
    },
    /// Composite: time passes, the licensee reports, a holder accepts, the agent settles.
    Usage {
        license: u8,
        units: u16,
        gross: u32,
        wait: u8,
    },
    /// A new settlement of an existing settlement's reports (a replay attempt).
    Resettle {
        settlement: u8,
        by: u8,
    },
    /// Composite: two witnesses attest a piece of evidence.
    Witnesses {
        evidence: u8,
    },
}

/// Licence terms as small numbers: rights, exclusive, territory, start, length, fee, deadline.
pub type Terms7 = (u8, bool, u8, u8, u8, u8, u8);

/// The world and what the invariants compare against: the state before the last step.
pub struct Model {
    pub w: World,
    pub bugs: Vec<String>,
    /// How often each operation kind ended in each outcome (for the coverage test).
    pub outcomes: BTreeMap<String, usize>,
    pub steps: usize,
    /// The records before the last step.
    before: Snapshot,
    /// The records as the invariants last read them, if nothing happened since (a cell: the
    /// driver hands invariants a shared reference).
    state: RefCell<Option<Snapshot>>,
}

/// Every record, read through the contract's views (licences as of the block).
#[derive(Default, Clone)]
struct Snapshot {
    works: BTreeMap<Id, Work>,
    licenses: BTreeMap<Id, License>,
    evidences: BTreeMap<Id, Evidence>,
    reports: BTreeMap<Id, UsageReport>,
    settlements: BTreeMap<Id, Settlement>,
    cases: BTreeMap<Id, Case>,
    counts: Option<Counts>,
}

pub fn config_for_properties() -> Config {
    Config {
        license_quorum_bps: 6_000,
        max_live_licenses: 6,
        ..config()
    }
}

pub fn setup() -> Model {
    let w = world_with(config_for_properties());
    w.register(&[(w.alice, 10_000)]);
    w.register(&[(w.alice, 6_000), (w.bob, 4_000)]);
    w.register(&[(w.alice, 3_334), (w.bob, 3_333), (w.carol, 3_333)]);
    // A forensics witness that also monitors: it may record evidence but never attest it.
    w.dci.grant_role(&Role::MonitoringAgency, &w.witness3);
    let before = Snapshot::of(&w);
    Model {
        w,
        bugs: Vec::new(),
        outcomes: BTreeMap::new(),
        steps: 0,
        before,
        state: RefCell::new(None),
    }
}

/// One of `candidates` (records in the state an operation needs) most of the time, else any
/// record, so that most operations are plausible and some are not.
fn aim(n: u8, candidates: &[Id], count: u64) -> Id {
    if n < 9 && !candidates.is_empty() {
        candidates[n as usize % candidates.len()]
    } else {
        pick(n, count)
    }
}

fn pick(n: u8, count: u64) -> Id {
    if count == 0 {
        1
    } else {
        1 + n as u64 % count
    }
}

impl Model {
    fn person(&self, n: u8) -> Addr {
        let w = &self.w;
        [w.alice, w.bob, w.carol, w.licensee, w.licensee2, w.stranger][n as usize % 6]
    }

    /// The right party for a call on a licence most of the time (`by` < 9), else anyone.
    fn licensee_of(&self, id: Id, by: u8) -> Addr {
        match self.w.dci.get_license(id) {
            Some(l) if by < 9 => l.licensee,
            _ => self.person(by),
        }
    }

    /// A holder of the licence's (or work's) work most of the time, else anyone.
    fn holder_of_work(&self, work: Id, by: u8) -> Addr {
        match self.w.dci.get_work(work) {
            Some(w) if by < 9 => w.holders[by as usize % w.holders.len()].0,
            _ => self.person(by),
        }
    }

    fn holder_of_license(&self, id: Id, by: u8) -> Addr {
        let work = self.w.dci.get_license(id).map_or(1, |l| l.work);
        self.holder_of_work(work, by)
    }

    /// Licence terms from small numbers, starting from now.
    fn terms(&self, n: Terms7, licensee: u8) -> Terms {
        let (rights, exclusive, territory, start, length, fee, deadline) = n;
        let w = &self.w;
        let now = w.now();
        let mut t = w.terms();
        t.licensee = self.person(licensee % 3 + 3);
        t.rights = [NETWORK, COPY, NETWORK | COPY, DISTRIBUTE][rights as usize % 4];
        t.exclusive = exclusive;
        t.territory = [0, CN, HK][territory as usize % 3];
        t.start = now + [0, DAY, 5 * DAY, 20 * DAY][start as usize % 4];
        t.end = t.start + [DAY, 10 * DAY, 30 * DAY, 400 * DAY][length as usize % 4];
        t.fee = [
            FeeModel::Free,
            FeeModel::Lump { amount: 1_000 },
            FeeModel::PerUse { unit_price: 3 },
            FeeModel::RevenueShare { bps: 2_500 },
        ][fee as usize % 4];
        t.offer_deadline = (now + [0, DAY, 7 * DAY, 7 * DAY][deadline as usize % 4]).min(t.end);
        t
    }

    /// Offers `t` from the work's first holder and has every other holder co-sign.
    fn offer_signed(&self, work: Id, t: &Terms) -> CallResult<Id> {
        let holders = self.w.dci.get_work(work).map_or(vec![], |x| x.holders);
        let first = holders.first().map_or(self.w.alice, |h| h.0);
        let id = self.w.try_offer(work, &first, t)?;
        for (holder, _) in holders.iter().skip(1) {
            if self.w.license_of(id).status == LicenseStatus::Proposed {
                self.w.dci.by(holder).try_cosign_license(id)?;
            }
        }
        Ok(id)
    }

    fn shares(&self, holders: &[(u8, u16)], valid: bool) -> Vec<(Addr, u32)> {
        let mut seen = BTreeSet::new();
        let people: Vec<(Addr, u32)> = holders
            .iter()
            .map(|(who, weight)| (self.person(*who % 3), *weight as u32 + 1))
            .filter(|(who, _)| seen.insert(*who))
            .collect();
        let total: u32 = people.iter().map(|(_, w)| w).sum();
        let mut shares: Vec<(Addr, u32)> = people
            .iter()
            .map(|(who, weight)| (*who, (weight * 10_000 / total).max(1)))
            .collect();
        let sum: u32 = shares.iter().map(|(_, s)| s).sum();
        if let Some(first) = shares.first_mut() {
            first.1 = first.1 + 10_000 - sum;
        }
        if !valid {
            if let Some(first) = shares.first_mut() {
                first.1 -= 1;
            }
        }
        shares
    }
}

/// Performs one operation. Contract errors are expected; anything else is a bug.
pub fn apply(m: &mut Model, op: &Op) {
    // The state the invariants read after the previous step is the state before this one.
    m.before = match m.state.get_mut().take() {
        Some(state) => state,
        None => Snapshot::of(&m.w),
    };
    m.steps += 1;
    let c = m.before.counts.unwrap();
    let w = &m.w;
    let now = w.now();
    let d = |by: &Addr| w.dci.by(by);
    let work = |n| pick(n, c.works);
    // A registered work most of the time, for business on works.
    let registered: Vec<Id> = m
        .before
        .works
        .values()
        .filter(|x| x.status == WorkStatus::Registered)
        .map(|x| x.id)
        .collect();
    let applied: Vec<Id> = m
        .before
        .works
        .values()
        .filter(|x| x.status == WorkStatus::Applied)
        .map(|x| x.id)
        .collect();
    let busy = |n: u8| {
        if n < 9 && !registered.is_empty() {
            registered[n as usize % registered.len()]
        } else {
            pick(n, c.works)
        }
    };
    let licences_in = |statuses: &[LicenseStatus]| -> Vec<Id> {
        m.before
            .licenses
            .values()
            .filter(|l| statuses.contains(&l.status))
            .map(|l| l.id)
            .collect()
    };
    let offered = licences_in(&[LicenseStatus::Offered]);
    let proposed = licences_in(&[LicenseStatus::Proposed, LicenseStatus::Offered]);
    let active = licences_in(&[LicenseStatus::Active]);
    let accepted = licences_in(&[
        LicenseStatus::Active,
        LicenseStatus::Scheduled,
        LicenseStatus::Suspended,
        LicenseStatus::Expired,
    ]);
    let reports: Vec<&UsageReport> = m.before.reports.values().collect();
    let unreviewed: Vec<Id> = reports
        .iter()
        .filter(|r| r.status != ReportStatus::Accepted)
        .map(|r| r.id)
        .collect();
    let pending: Vec<Id> = m
        .before
        .settlements
        .values()
        .filter(|s| s.status == SettlementStatus::Pending)
        .map(|s| s.id)
        .collect();
    let recorded: Vec<Id> = m
        .before
        .evidences
        .values()
        .filter(|e| e.status == EvidenceStatus::Recorded)
        .map(|e| e.id)
        .collect();
    let open_cases: Vec<Id> = m
        .before
        .cases
        .values()
        .filter(|c| !matches!(c.status, CaseStatus::Closed | CaseStatus::Withdrawn))
        .map(|c| c.id)
        .collect();
    // Mostly the latest licences, where the action is.
    let licence = |n: u8| {
        if n < 6 {
            c.licenses.saturating_sub(n as u64 % 3).max(1)
        } else {
            pick(n, c.licenses)
        }
    };
    let result: CallResult<()> =
        match op.clone() {
            Op::Apply {
                platform,
                holders,
                valid,
                content,
                parent,
            } => {
                let mut app = w.application(&m.shares(&holders, valid));
                app.content = format!("file {}", content % 6).into_bytes();
                if parent % 3 == 0 {
                    app.nature = 2;
                    app.parent = Some(work(parent));
                }
                let by = if platform % 4 == 3 {
                    w.alice
                } else if platform % 2 == 0 {
                    w.platform
                } else {
                    w.platform2
                };
                app.submit(w, &by).map(drop)
            }
            Op::Approve { work: n, code } => d(&w.authority).try_approve_registration(
                aim(n, &applied, c.works),
                &format!("DCI-{}", code % 8),
                &h("certificate"),
            ),
            Op::Reject { work: n } => {
                d(&w.authority).try_reject_registration(aim(n, &applied, c.works), 7)
            }
            Op::Withdraw { work: n, by } => {
                let by = if by % 2 == 0 {
                    w.platform
                } else {
                    m.holder_of_work(aim(n, &applied, c.works), by)
                };
                d(&by).try_withdraw_application(aim(n, &applied, c.works))
            }
            Op::Suspend { work: n } => d(&w.regulator).try_suspend_work(work(n), &h("dispute")),
            Op::Resume { work: n } => d(&w.authority).try_resume_work(work(n)),
            Op::Revoke { work: n } => d(&w.authority).try_revoke_work(work(n), &h("order")),
            Op::RequestAssignment {
                work: n,
                by,
                holders,
            } => d(&m.holder_of_work(busy(n), by))
                .try_request_assignment(&w.rid(), busy(n), &m.shares(&holders, true), &h("deed"))
                .map(drop),
            Op::ConsentAssignment { assignment, by } => {
                let id = pick(assignment, c.assignments);
                // Someone who has not consented yet, most of the time.
                let missing = w.dci.get_assignment(id).and_then(|a| {
                    let on = w.dci.get_work(a.work)?;
                    on.holders
                        .iter()
                        .chain(&a.new_holders)
                        .map(|(h, _)| *h)
                        .find(|h| !a.consents.contains(h))
                });
                let by = match missing {
                    Some(who) if by < 9 => who,
                    _ => m.person(by),
                };
                d(&by).try_consent_assignment(id)
            }
            Op::RecordAssignment { assignment } => {
                let id = pick(assignment, c.assignments);
                let on = w.dci.get_assignment(id).map_or(1, |a| a.work);
                d(&w.authority).try_record_assignment(on, id)
            }
            Op::Offer {
                work: n,
                by,
                licensee,
                terms,
            } => {
                let t = m.terms(terms, licensee);
                w.try_offer(busy(n), &m.holder_of_work(busy(n), by), &t)
                    .map(drop)
            }
            Op::Cosign { license: n, by } => {
                let id = aim(n, &proposed, c.licenses);
                d(&m.holder_of_license(id, by)).try_cosign_license(id)
            }
            Op::Accept { license: n, by } => {
                let id = aim(n, &offered, c.licenses);
                d(&m.licensee_of(id, by)).try_accept_license(id)
            }
            Op::Cancel { license: n, by } => {
                let id = aim(n, &proposed, c.licenses);
                d(&m.holder_of_license(id, by)).try_cancel_offer(id)
            }
            Op::Terminate { license: n, by } => {
                let id = aim(n, &accepted, c.licenses);
                let by = match by % 3 {
                    0 => w.authority,
                    1 => m.licensee_of(id, by),
                    _ => m.holder_of_license(id, by),
                };
                d(&by).try_terminate_license(id, &h("end"))
            }
            Op::Expire { licenses } => {
                let ids = licenses.iter().map(|n| licence(*n)).collect();
                d(&w.stranger).try_expire_licenses(&ids).map(drop)
            }
            Op::Report {
                license: n,
                by,
                units,
                gross,
                length,
            } => {
                let id = aim(n, &active, c.licenses);
                let from = w
                    .dci
                    .get_license(id)
                    .map_or(now, |l| l.reported_until.max(l.start));
                let to = (from + [1, 60, 3_600, DAY][length as usize % 4]).min(now);
                let by = if by % 4 == 0 {
                    w.platform
                } else {
                    m.licensee_of(id, by)
                };
                d(&by)
                    .try_report_usage(
                        &w.rid(),
                        id,
                        from,
                        to,
                        units as u64,
                        gross as Fen,
                        &h("report"),
                    )
                    .map(drop)
            }
            Op::Dispute { report, by } => {
                let id = aim(report, &unreviewed, c.reports);
                let on = w.dci.get_report(id).map_or(1, |r| r.license);
                d(&m.holder_of_license(on, by)).try_dispute_usage(id, &h("why"))
            }
            Op::AcceptUsage { report, by } => {
                let id = aim(report, &unreviewed, c.reports);
                let on = w.dci.get_report(id).map_or(1, |r| r.license);
                d(&m.holder_of_license(on, by)).try_accept_usage(id)
            }
            Op::Settle {
                license: n,
                by,
                exact,
                reports,
            } => {
                let id = aim(n, &accepted, c.licenses);
                let ids: Vec<Id> = if exact {
                    let all = w.all_ids(|a| w.dci.reports_of(id, a, 100));
                    all.into_iter()
                        .filter(|r| {
                            w.dci.get_report(*r).is_some_and(|r| {
                                r.status == ReportStatus::Accepted && r.settlement == 0
                            })
                        })
                        .take(3)
                        .collect()
                } else {
                    reports.iter().map(|r| pick(*r, c.reports)).collect()
                };
                let by = if by % 2 == 0 {
                    w.agent
                } else {
                    m.holder_of_license(id, by)
                };
                d(&by).try_create_settlement(&w.rid(), id, &ids).map(drop)
            }
            Op::Confirm { settlement } => d(&w.agent)
                .try_confirm_payment(aim(settlement, &pending, c.settlements), &h("paid")),
            Op::Fail { settlement } => d(&w.agent)
                .try_fail_payment(aim(settlement, &pending, c.settlements), &h("bounced")),
            Op::Evidence { work: n, by, age } => {
                let by = match by % 3 {
                    0 => w.monitor,
                    1 => w.witness3,
                    _ => m.holder_of_work(busy(n), by),
                };
                let captured = now.saturating_sub([0, 3_600, 31 * DAY][age as usize % 3]);
                d(&by)
                    .try_record_evidence(&w.rid(), busy(n), &h("url"), captured, &h("package"))
                    .map(drop)
            }
            Op::Attest { evidence, by } => {
                let by = [w.witness, w.witness2, w.witness3, w.monitor][by as usize % 4];
                // Mostly the latest unattested evidence, so that witnesses gather on one record.
                let id = match recorded.last() {
                    Some(last) if evidence < 8 => *last,
                    _ => aim(evidence, &recorded, c.evidences),
                };
                d(&by).try_attest_evidence(id)
            }
            Op::RejectEvidence { evidence } => d(&w.witness3)
                .try_reject_evidence(aim(evidence, &recorded, c.evidences), &h("fake")),
            Op::OpenCase {
                work: n,
                by,
                evidences,
            } => {
                // Mostly a work with attested evidence, citing it.
                let attested: Vec<&Evidence> = m
                    .before
                    .evidences
                    .values()
                    .filter(|e| e.status == EvidenceStatus::Attested)
                    .collect();
                let (id, ids) = match attested.get(n as usize % attested.len().max(1)) {
                    Some(e) if n < 9 => (e.work, vec![e.id]),
                    _ => (
                        busy(n),
                        evidences.iter().map(|e| pick(*e, c.evidences)).collect(),
                    ),
                };
                d(&m.holder_of_work(id, by))
                    .try_open_case(&w.rid(), id, &ids, &h("respondent"))
                    .map(drop)
            }
            Op::AdvanceCase { case, to, by } => {
                let id = aim(case, &open_cases, c.cases);
                let claimant = w.dci.get_case(id).map_or(w.alice, |c| c.claimant);
                let by = [claimant, w.authority, w.witness][by as usize % 3];
                let to = [
                    CaseStatus::Open,
                    CaseStatus::NoticeSent,
                    CaseStatus::Removed,
                    CaseStatus::Mediation,
                    CaseStatus::Settled,
                    CaseStatus::Litigation,
                    CaseStatus::Judged,
                    CaseStatus::Closed,
                    CaseStatus::Withdrawn,
                ][to as usize % 9];
                d(&by).try_advance_case(id, &to, &h("doc"))
            }
            Op::Wait { step } => {
                w.chain.advance_time(
                    [1, 60, 3_600, 3_600, DAY, DAY, 7 * DAY, 40 * DAY][step as usize % 8],
                );
                Ok(())
            }
            Op::Pause => d(&w.regulator).try_pause(),
            Op::Unpause => d(&w.regulator).try_unpause(),
            Op::Deal {
                work: n,
                licensee,
                terms,
            } => {
                let t = m.terms(terms, licensee);
                m.offer_signed(busy(n), &t)
                    .and_then(|id| d(&t.licensee).try_accept_license(id))
            }
            Op::Race { work: n, a, b } => {
                let on = busy(n);
                let (ta, tb) = (m.terms(a, 0), m.terms(b, 1));
                let first = m.offer_signed(on, &ta);
                let second = m.offer_signed(on, &tb);
                // Both acceptances run in the same block; the second may be refused.
                let _ = first.and_then(|id| d(&ta.licensee).try_accept_license(id));
                second.and_then(|id| d(&tb.licensee).try_accept_license(id))
            }
            Op::Usage {
                license: n,
                units,
                gross,
                wait,
            } => {
                let id = aim(n, &active, c.licenses);
                w.chain.advance_time([60, 3_600, DAY][wait as usize % 3]);
                let now = w.now();
                let l = w.dci.get_license(id);
                let from = l.as_ref().map_or(now, |l| l.reported_until.max(l.start));
                let licensee = l.as_ref().map_or(w.licensee, |l| l.licensee);
                d(&licensee)
                    .try_report_usage(
                        &w.rid(),
                        id,
                        from,
                        now,
                        units as u64,
                        gross as Fen,
                        &h("report"),
                    )
                    .and_then(|r| {
                        d(&m.holder_of_license(id, 0)).try_accept_usage(r)?;
                        d(&w.agent).try_create_settlement(&w.rid(), id, &vec![r])
                    })
                    .map(drop)
            }
            Op::Resettle { settlement, by } => {
                let id = pick(settlement, c.settlements);
                match w.dci.get_settlement(id) {
                    Some(s) if !s.reports.is_empty() => {
                        let by = if by % 2 == 0 {
                            w.agent
                        } else {
                            m.holder_of_license(s.license, by)
                        };
                        d(&by)
                            .try_create_settlement(&w.rid(), s.license, &s.reports)
                            .map(drop)
                    }
                    _ => Ok(()),
                }
            }
            Op::Witnesses { evidence } => {
                let id = aim(evidence, &recorded, c.evidences);
                d(&w.witness)
                    .try_attest_evidence(id)
                    .and_then(|()| d(&w.witness2).try_attest_evidence(id))
            }
        };
    let kind = format!("{op:?}");
    let kind = kind.split([' ', '{']).next().unwrap_or_default();
    let outcome = match &result {
        Ok(()) => "ok".to_string(),
        Err(CallError::Contract(e)) => format!("{e:?}"),
        Err(CallError::Failed(_)) => "BUG".to_string(),
    };
    *m.outcomes.entry(format!("{kind}: {outcome}")).or_default() += 1;
    if let Err(CallError::Failed(failure)) = result {
        m.bugs.push(format!(
            "{op:?} failed outside the contract's errors: {failure}"
        ));
    }
}

impl Snapshot {
    fn of(w: &World) -> Snapshot {
        let counts = w.dci.info().counts;
        Snapshot {
            works: (1..=counts.works).map(|id| (id, w.work_of(id))).collect(),
            licenses: (1..=counts.licenses)
                .map(|id| (id, w.license_of(id)))
                .collect(),
            evidences: (1..=counts.evidences)
                .map(|id| (id, w.dci.get_evidence(id).unwrap()))
                .collect(),
            reports: (1..=counts.reports)
                .map(|id| (id, w.dci.get_report(id).unwrap()))
                .collect(),
            settlements: (1..=counts.settlements)
                .map(|id| (id, w.dci.get_settlement(id).unwrap()))
                .collect(),
            cases: (1..=counts.cases)
                .map(|id| (id, w.dci.get_case(id).unwrap()))
                .collect(),
            counts: Some(counts),
        }
    }
}

fn committed(status: LicenseStatus) -> bool {
    matches!(
        status,
        LicenseStatus::Scheduled | LicenseStatus::Active | LicenseStatus::Suspended
    )
}

/// The exclusivity rule, written again from the specification rather than taken from the
/// contract.
fn overlap(a: &License, b: &License) -> bool {
    (a.exclusive || b.exclusive)
        && a.rights & b.rights != 0
        && (a.territory == 0 || b.territory == 0 || a.territory == b.territory)
        && a.start.max(b.start) <= a.end.min(b.end)
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// The invariants of §1.7 (and a few more), read through the contract's views. The state
/// read here is kept as the next step's "before".
pub fn invariants(m: &Model) -> Result<(), String> {
    let now_state = Snapshot::of(&m.w);
    let result = check(m, &now_state);
    *m.state.borrow_mut() = Some(now_state);
    result
}

fn check(m: &Model, now_state: &Snapshot) -> Result<(), String> {
    ensure!(m.bugs.is_empty(), "{}", m.bugs.join("; "));
    let w = &m.w;
    let now = w.now();
    let counts = now_state.counts.unwrap();
    let before = &m.before;
    let works = &now_state.works;
    let licenses = &now_state.licenses;

    // Ids never go back.
    if let Some(old) = before.counts {
        ensure!(
            counts.works >= old.works
                && counts.licenses >= old.licenses
                && counts.reports >= old.reports
                && counts.settlements >= old.settlements
                && counts.evidences >= old.evidences
                && counts.cases >= old.cases,
            "a record count went down"
        );
    }

    // 1. DCI codes and content digests are unique among live works (codes among all).
    let mut contents = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for work in works.values() {
        let live = matches!(
            work.status,
            WorkStatus::Applied | WorkStatus::Registered | WorkStatus::Suspended
        );
        if live {
            ensure!(
                contents.insert(work.content_sm3),
                "inv 1: two live works share a content digest (work {})",
                work.id
            );
            let indexed = w.dci.get_work_by_content(&work.content_sm3).map(|x| x.id);
            ensure!(
                indexed == Some(work.id),
                "inv 1: content index of work {}",
                work.id
            );
        }
        if !work.dci_code.is_empty() {
            ensure!(
                codes.insert(work.dci_code.clone()),
                "inv 1: DCI code {} assigned twice",
                work.dci_code
            );
        }
        ensure!(
            work.dci_code.is_empty() == (work.certificate_sm3.is_none()),
            "a code without a certificate, or the reverse (work {})",
            work.id
        );
    }

    // 2. Co-ownership shares.
    for work in works.values() {
        let sum: u32 = work.holders.iter().map(|(_, bps)| bps).sum();
        let distinct: BTreeSet<Addr> = work.holders.iter().map(|(h, _)| *h).collect();
        ensure!(
            sum == 10_000
                && work.holders.iter().all(|(_, bps)| *bps > 0)
                && distinct.len() == work.holders.len()
                && (1..=20).contains(&work.holders.len()),
            "inv 2: work {} has holders {:?}",
            work.id,
            work.holders
        );
    }

    // 9. Derivatives reference an existing work that was registered when they applied.
    for work in works.values() {
        if let Some(parent) = work.parent_work {
            ensure!(
                work.nature != 1 && parent < work.id && works.contains_key(&parent),
                "inv 9: work {} names parent {parent}",
                work.id
            );
        }
        if !before.works.contains_key(&work.id) {
            if let Some(parent) = work.parent_work {
                let status = works[&parent].status;
                ensure!(
                    matches!(status, WorkStatus::Registered | WorkStatus::Suspended),
                    "inv 9: work {} derives from work {parent} in state {status:?}",
                    work.id
                );
            }
        }
    }

    // 3. Licences: only registered works get new or newly offered/accepted licences, and
    // a suspended or revoked work has no active licence.
    for l in licenses.values() {
        let work_status = works[&l.work].status;
        let old = before.licenses.get(&l.id).map(|x| x.status);
        let became = |s: &[LicenseStatus]| old.is_none_or(|o| !s.contains(&o));
        if old.is_none() {
            ensure!(
                work_status == WorkStatus::Registered,
                "inv 3: licence {} created on a {work_status:?} work",
                l.id
            );
        }
        if committed(l.status)
            && l.status != LicenseStatus::Suspended
            && became(&[
                LicenseStatus::Scheduled,
                LicenseStatus::Active,
                LicenseStatus::Suspended,
            ])
        {
            ensure!(
                work_status == WorkStatus::Registered,
                "inv 3: licence {} accepted on a {work_status:?} work",
                l.id
            );
        }
        if matches!(l.status, LicenseStatus::Active | LicenseStatus::Scheduled) {
            ensure!(
                work_status == WorkStatus::Registered,
                "inv 3: licence {} is {:?} on a {work_status:?} work",
                l.id,
                l.status
            );
        }
        // 7. Terms, and Active means within them.
        ensure!(l.start < l.end, "inv 7: licence {} has start ≥ end", l.id);
        if l.status == LicenseStatus::Active {
            ensure!(
                l.start <= now && now <= l.end,
                "inv 7: licence {} active outside its term",
                l.id
            );
        }
    }

    // 4. No two accepted licences of a work conflict.
    let accepted: Vec<&License> = licenses.values().filter(|l| committed(l.status)).collect();
    for (i, a) in accepted.iter().enumerate() {
        for b in &accepted[i + 1..] {
            ensure!(
                a.work != b.work || !overlap(a, b),
                "inv 4: licences {} and {} overlap",
                a.id,
                b.id
            );
        }
    }

    // 5 and 6. Billing.
    let reports: Vec<&UsageReport> = now_state.reports.values().collect();
    let settlements: Vec<&Settlement> = now_state.settlements.values().collect();
    for s in &settlements {
        let total: Fen = s.splits.iter().map(|(_, p)| p).sum();
        ensure!(
            total == s.amount,
            "inv 5: settlement {} splits {total} of {}",
            s.id,
            s.amount
        );
        ensure!(s.amount > 0, "settlement {} of nothing", s.id);
    }
    for l in licenses.values() {
        ensure!(
            l.settled <= l.billed,
            "inv 5: licence {} settled {} > billed {}",
            l.id,
            l.settled,
            l.billed
        );
        let of_licence: Vec<&UsageReport> = reports
            .iter()
            .copied()
            .filter(|r| r.license == l.id)
            .collect();
        let accepted_sum: Fen = of_licence
            .iter()
            .filter(|r| r.status == ReportStatus::Accepted)
            .map(|r| r.amount_due)
            .sum();
        let expected = match l.fee_model {
            FeeModel::Lump { amount } => {
                let was_accepted = committed(l.status)
                    || matches!(l.status, LicenseStatus::Expired | LicenseStatus::Terminated);
                if was_accepted {
                    amount
                } else {
                    0
                }
            }
            _ => accepted_sum,
        };
        ensure!(
            l.billed == expected,
            "inv 5: licence {} billed {} but should be {expected}",
            l.id,
            l.billed
        );
        let paid: Fen = settlements
            .iter()
            .filter(|s| s.license == l.id && s.status == SettlementStatus::Paid)
            .map(|s| s.amount)
            .sum();
        ensure!(
            l.settled == paid,
            "licence {} settled ≠ paid settlements",
            l.id
        );
        // 6. Report periods do not overlap and lie in the term.
        let mut periods: Vec<(u64, u64)> = of_licence
            .iter()
            .map(|r| (r.period_start, r.period_end))
            .collect();
        periods.sort();
        for pair in periods.windows(2) {
            ensure!(
                pair[0].1 <= pair[1].0,
                "inv 6: licence {} has overlapping periods {periods:?}",
                l.id
            );
        }
        for (from, to) in &periods {
            ensure!(
                l.start <= *from && from < to && *to <= l.end + 1,
                "inv 6: a period of licence {} lies outside its term",
                l.id
            );
        }
    }
    // 6. A report is in at most one live (not failed) settlement, the one it names.
    let mut settled_in: BTreeMap<Id, Id> = BTreeMap::new();
    for s in settlements
        .iter()
        .filter(|s| s.status != SettlementStatus::Failed)
    {
        for r in &s.reports {
            ensure!(
                settled_in.insert(*r, s.id).is_none(),
                "inv 6: report {r} settled twice"
            );
        }
    }
    for r in &reports {
        ensure!(
            settled_in.get(&r.id).copied().unwrap_or(0) == r.settlement,
            "inv 6: report {} names settlement {}",
            r.id,
            r.settlement
        );
        if r.settlement != 0 {
            ensure!(
                r.status == ReportStatus::Accepted,
                "an unaccepted report was settled"
            );
        }
    }

    // 8. Evidence is append-only; attested evidence has its witnesses.
    for (id, e) in &now_state.evidences {
        if let Some(old) = before.evidences.get(id) {
            ensure!(
                e.witnesses.starts_with(&old.witnesses)
                    && Evidence {
                        witnesses: old.witnesses.clone(),
                        status: old.status,
                        ..e.clone()
                    } == *old,
                "inv 8: evidence {id} was edited"
            );
            ensure!(
                old.status == EvidenceStatus::Recorded || old.status == e.status,
                "inv 8: evidence {id} left a final status"
            );
        }
        let distinct: BTreeSet<Addr> = e.witnesses.iter().copied().collect();
        ensure!(
            distinct.len() == e.witnesses.len() && !e.witnesses.contains(&e.collector),
            "inv 8: evidence {id} has repeated or self witnesses"
        );
        ensure!(
            (e.status == EvidenceStatus::Attested)
                == (e.witnesses.len() as u32 >= e.required_witnesses),
            "inv 8: evidence {id} is {:?} with {} witnesses",
            e.status,
            e.witnesses.len()
        );
    }
    for id in before.evidences.keys() {
        ensure!(
            now_state.evidences.contains_key(id),
            "inv 8: evidence {id} vanished"
        );
    }

    // Cases cite attested evidence of their work.
    for (id, case) in &now_state.cases {
        for e in &case.evidences {
            let e = &now_state.evidences[e];
            ensure!(
                e.work == case.work && e.status == EvidenceStatus::Attested,
                "case {id} cites evidence {} that is not attested for its work",
                e.id
            );
        }
    }

    Ok(())
}

/// The whole state against its rebuild from the event stream alone (every view, every
/// index, every account): run once at the end of each sequence, where it covers every
/// event the sequence emitted.
pub fn rebuilds_from_events(m: &Model) -> Result<(), String> {
    Rebuilt::from_events(&m.w.chain.events()).matches(&m.w)
}

fn small() -> impl Strategy<Value = u8> {
    0u8..12
}

fn terms7() -> impl Strategy<Value = Terms7> {
    (
        small(),
        prop::bool::weighted(0.6),
        small(),
        small(),
        small(),
        small(),
        small(),
    )
}

fn holders() -> impl Strategy<Value = Vec<(u8, u16)>> {
    prop::collection::vec((0u8..3, 0u16..100), 1..4)
}

/// Operations, weighted towards the licensing and billing paths.
pub fn ops() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (small(), holders(), prop::bool::weighted(0.9), small(), small()).prop_map(
            |(platform, holders, valid, content, parent)| Op::Apply { platform, holders, valid, content, parent }
        ),
        3 => (small(), small()).prop_map(|(work, code)| Op::Approve { work, code }),
        2 => small().prop_map(|work| Op::Reject { work }),
        2 => (small(), small()).prop_map(|(work, by)| Op::Withdraw { work, by }),
        1 => small().prop_map(|work| Op::Suspend { work }),
        1 => small().prop_map(|work| Op::Resume { work }),
        1 => small().prop_map(|work| Op::Revoke { work }),
        1 => (small(), small(), holders())
            .prop_map(|(work, by, holders)| Op::RequestAssignment { work, by, holders }),
        2 => (small(), small()).prop_map(|(assignment, by)| Op::ConsentAssignment { assignment, by }),
        1 => small().prop_map(|assignment| Op::RecordAssignment { assignment }),
        4 => (small(), small(), small(), terms7())
            .prop_map(|(work, by, licensee, terms)| Op::Offer { work, by, licensee, terms }),
        2 => (small(), small()).prop_map(|(license, by)| Op::Cosign { license, by }),
        7 => (small(), small()).prop_map(|(license, by)| Op::Accept { license, by }),
        1 => (small(), small()).prop_map(|(license, by)| Op::Cancel { license, by }),
        2 => (small(), small()).prop_map(|(license, by)| Op::Terminate { license, by }),
        1 => prop::collection::vec(small(), 1..4).prop_map(|licenses| Op::Expire { licenses }),
        6 => (small(), small(), any::<u16>(), any::<u32>(), small()).prop_map(
            |(license, by, units, gross, length)| Op::Report { license, by, units, gross, length }
        ),
        3 => (small(), small()).prop_map(|(report, by)| Op::Dispute { report, by }),
        3 => (small(), small()).prop_map(|(report, by)| Op::AcceptUsage { report, by }),
        3 => (small(), small(), prop::bool::weighted(0.8), prop::collection::vec(small(), 0..3))
            .prop_map(|(license, by, exact, reports)| Op::Settle { license, by, exact, reports }),
        2 => small().prop_map(|settlement| Op::Confirm { settlement }),
        3 => small().prop_map(|settlement| Op::Fail { settlement }),
        3 => (small(), small(), small()).prop_map(|(work, by, age)| Op::Evidence { work, by, age }),
        5 => (small(), small()).prop_map(|(evidence, by)| Op::Attest { evidence, by }),
        1 => small().prop_map(|evidence| Op::RejectEvidence { evidence }),
        2 => (small(), small(), prop::collection::vec(small(), 1..3))
            .prop_map(|(work, by, evidences)| Op::OpenCase { work, by, evidences }),
        2 => (small(), small(), small()).prop_map(|(case, to, by)| Op::AdvanceCase { case, to, by }),
        5 => small().prop_map(|step| Op::Wait { step }),
        4 => (small(), small(), terms7()).prop_map(|(work, licensee, terms)| Op::Deal { work, licensee, terms }),
        3 => (small(), terms7(), terms7()).prop_map(|(work, a, b)| Op::Race { work, a, b }),
        5 => (small(), any::<u16>(), any::<u32>(), small())
            .prop_map(|(license, units, gross, wait)| Op::Usage { license, units, gross, wait }),
        2 => (small(), small()).prop_map(|(settlement, by)| Op::Resettle { settlement, by }),
        2 => small().prop_map(|evidence| Op::Witnesses { evidence }),
        1 => Just(Op::Pause),
        8 => Just(Op::Unpause),
    ]
}
