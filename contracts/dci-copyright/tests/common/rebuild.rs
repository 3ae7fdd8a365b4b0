//! The registry's state rebuilt from its event stream alone, as an off-chain indexer would,
//! and compared with what the contract's views answer.

use std::collections::{BTreeMap, BTreeSet};

use dci_copyright::*;
use kexin::{Addr, Fen, Id, Ts};
use kexin_testkit::Event;

use super::World;

/// Everything the events say.
#[derive(Default, Debug)]
pub struct Rebuilt {
    pub admin: Option<Addr>,
    pub pending_admin: Option<Addr>,
    pub paused: bool,
    pub config: Option<Config>,
    pub roles: BTreeSet<(Role, Addr)>,
    pub works: BTreeMap<Id, Work>,
    pub assignments: BTreeMap<Id, Assignment>,
    pub licenses: BTreeMap<Id, License>,
    pub reports: BTreeMap<Id, UsageReport>,
    pub settlements: BTreeMap<Id, Settlement>,
    pub evidences: BTreeMap<Id, Evidence>,
    pub cases: BTreeMap<Id, Case>,
    pub requests: BTreeMap<(Addr, String), Id>,
}

impl Rebuilt {
    pub fn from_events(events: &[Event]) -> Rebuilt {
        let mut r = Rebuilt::default();
        for e in events {
            r.apply(e);
        }
        r
    }

    fn licence(&mut self, id: Id) -> &mut License {
        self.licenses
            .get_mut(&id)
            .expect("licence event before the licence")
    }

    fn apply(&mut self, e: &Event) {
        macro_rules! on {
            ($ty:ty, |$ev:ident| $body:expr) => {
                if let Some($ev) = e.decode::<$ty>() {
                    $body;
                    return;
                }
            };
        }
        // Administration.
        on!(AdminTransferred, |ev| {
            self.admin = Some(ev.to);
            self.pending_admin = None;
        });
        on!(AdminProposed, |ev| self.pending_admin = Some(ev.to));
        on!(ContractPaused, |_ev| self.paused = true);
        on!(ContractUnpaused, |_ev| self.paused = false);
        on!(ConfigChanged, |ev| self.config = Some(ev.config));
        on!(RoleGranted, |ev| self.roles.insert((ev.role, ev.account)));
        on!(RoleRevoked, |ev| self.roles.remove(&(ev.role, ev.account)));
        // Works: every event carries the work as it is now.
        on!(WorkApplied, |ev| {
            self.requests
                .insert((ev.work.applicant_platform, ev.request_id), ev.work.id);
            self.works.insert(ev.work.id, ev.work)
        });
        on!(WorkRegistered, |ev| self.works.insert(ev.work.id, ev.work));
        on!(WorkRejected, |ev| self.works.insert(ev.work.id, ev.work));
        on!(WorkWithdrawn, |ev| self.works.insert(ev.work.id, ev.work));
        on!(WorkSuspended, |ev| self.works.insert(ev.work.id, ev.work));
        on!(WorkResumed, |ev| self.works.insert(ev.work.id, ev.work));
        on!(WorkRevoked, |ev| self.works.insert(ev.work.id, ev.work));
        on!(AssignmentRequested, |ev| {
            let by = ev.assignment.consents[0];
            self.requests.insert((by, ev.request_id), ev.assignment.id);
            self.assignments.insert(ev.assignment.id, ev.assignment)
        });
        on!(AssignmentConsented, |ev| self
            .assignments
            .insert(ev.assignment.id, ev.assignment));
        on!(OwnershipTransferred, |ev| {
            self.assignments
                .get_mut(&ev.assignment)
                .expect("requested")
                .status = AssignmentStatus::Recorded;
            self.works.insert(ev.work.id, ev.work)
        });
        // Licences: every event carries the licence as it is now.
        on!(LicenseOffered, |ev| {
            self.requests
                .insert((ev.license.licensor, ev.request_id), ev.license.id);
            self.licenses.insert(ev.license.id, ev.license)
        });
        on!(LicenseCosigned, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(LicenseActivated, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(LicenseSuspended, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(LicenseCancelled, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(LicenseLapsed, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(LicenseExpired, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(TerminationRequested, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        on!(LicenseTerminated, |ev| self
            .licenses
            .insert(ev.license.id, ev.license));
        // Usage: the licence's running fields follow from the report events.
        on!(UsageReported, |ev| {
            self.licence(ev.report.license).reported_until = ev.report.period_end;
            self.requests
                .insert((ev.report.reporter, ev.request_id), ev.report.id);
            self.reports.insert(ev.report.id, ev.report)
        });
        on!(UsageDisputed, |ev| self
            .reports
            .insert(ev.report.id, ev.report));
        on!(UsageAccepted, |ev| {
            self.licence(ev.report.license).billed = ev.license_billed;
            self.reports.insert(ev.report.id, ev.report)
        });
        on!(SettlementCreated, |ev| {
            let s = ev.settlement;
            for report in &s.reports {
                self.reports.get_mut(report).expect("reported").settlement = s.id;
            }
            if s.reports.is_empty() {
                self.licence(s.license).lump_settlement = s.id;
            }
            self.requests.insert((ev.by, ev.request_id), s.id);
            self.settlements.insert(s.id, s)
        });
        on!(SettlementPaid, |ev| {
            self.licence(ev.settlement.license).settled = ev.license_settled;
            self.settlements.insert(ev.settlement.id, ev.settlement)
        });
        on!(SettlementFailed, |ev| {
            let s = ev.settlement;
            for report in &s.reports {
                self.reports.get_mut(report).expect("reported").settlement = 0;
            }
            let licence = self.licence(s.license);
            if licence.lump_settlement == s.id {
                licence.lump_settlement = 0;
            }
            self.settlements.insert(s.id, s)
        });
        // Evidence and cases.
        on!(EvidenceRecorded, |ev| {
            self.requests
                .insert((ev.evidence.collector, ev.request_id), ev.evidence.id);
            self.evidences.insert(ev.evidence.id, ev.evidence)
        });
        on!(EvidenceAttested, |ev| self
            .evidences
            .insert(ev.evidence.id, ev.evidence));
        on!(EvidenceRejected, |ev| self
            .evidences
            .insert(ev.evidence.id, ev.evidence));
        on!(CaseOpened, |ev| {
            self.requests
                .insert((ev.case.claimant, ev.request_id), ev.case.id);
            self.cases.insert(ev.case.id, ev.case)
        });
        on!(CaseUpdated, |ev| self.cases.insert(ev.case.id, ev.case));
        on!(CaseClosed, |ev| self.cases.insert(ev.case.id, ev.case));
        panic!("an event the indexer does not know: {}", e.topic);
    }

    /// A holder's income from settlements created in `[from, to]` (whole UTC days).
    pub fn statement(&self, holder: &Addr, from: Ts, to: Ts) -> Statement {
        let (first, last) = (from / DAY, to / DAY);
        let mut s = Statement::default();
        for settlement in self.settlements.values() {
            let day = settlement.created_at / DAY;
            if day < first || day > last || settlement.status == SettlementStatus::Failed {
                continue;
            }
            let part: Fen = settlement
                .splits
                .iter()
                .filter(|(h, _)| h == holder)
                .map(|(_, p)| p)
                .sum();
            s.billed += part;
            if settlement.status == SettlementStatus::Paid {
                s.paid += part;
            }
        }
        s.outstanding = s.billed - s.paid;
        s
    }

    /// Compares the rebuilt state with the contract's views; the first difference.
    pub fn matches(&self, w: &World) -> Result<(), String> {
        let now = w.now();
        let info = w.dci.info();
        let expect = |what: &str, ok: bool| -> Result<(), String> {
            if ok {
                Ok(())
            } else {
                Err(format!("rebuilt {what} differs from the contract"))
            }
        };
        expect("admin", Some(info.admin) == self.admin)?;
        expect("pending admin", info.pending_admin == self.pending_admin)?;
        expect("pause", info.paused == self.paused)?;
        expect("config", Some(&info.config) == self.config.as_ref())?;
        let last = |ids: Vec<&Id>| ids.last().map_or(0, |id| **id);
        let counts = Counts {
            works: last(self.works.keys().collect()),
            assignments: last(self.assignments.keys().collect()),
            licenses: last(self.licenses.keys().collect()),
            reports: last(self.reports.keys().collect()),
            settlements: last(self.settlements.keys().collect()),
            evidences: last(self.evidences.keys().collect()),
            cases: last(self.cases.keys().collect()),
        };
        expect("counts", info.counts == counts)?;
        let accounts = w.accounts();
        for role in ROLES {
            for who in &accounts {
                expect(
                    &format!("role {role:?}"),
                    w.dci.has_role(&role, who) == self.roles.contains(&(role, *who)),
                )?;
            }
        }
        for id in 1..=counts.works + 1 {
            let view = w.dci.get_work(id);
            expect(&format!("work {id}"), view.as_ref() == self.works.get(&id))?;
        }
        for work in self.works.values() {
            let live = matches!(
                work.status,
                WorkStatus::Applied | WorkStatus::Registered | WorkStatus::Suspended
            );
            let by_content = w.dci.get_work_by_content(&work.content_sm3).map(|w| w.id);
            if live {
                expect("content index", by_content == Some(work.id))?;
            }
            if !work.dci_code.is_empty() {
                let found = w.dci.verify(&work.dci_code, &work.content_sm3).work;
                let by_dci = found.map(|w| w.id);
                expect("DCI index", by_dci == Some(work.id))?;
            }
        }
        for id in 1..=counts.assignments + 1 {
            let view = w.dci.get_assignment(id);
            expect(
                &format!("assignment {id}"),
                view.as_ref() == self.assignments.get(&id),
            )?;
        }
        for id in 1..=counts.licenses + 1 {
            let rebuilt = self.licenses.get(&id).map(|l| License {
                status: effective_status(l, now),
                ..l.clone()
            });
            expect(&format!("licence {id}"), w.dci.get_license(id) == rebuilt)?;
        }
        for id in 1..=counts.reports + 1 {
            expect(
                &format!("report {id}"),
                w.dci.get_report(id).as_ref() == self.reports.get(&id),
            )?;
        }
        for id in 1..=counts.settlements + 1 {
            expect(
                &format!("settlement {id}"),
                w.dci.get_settlement(id).as_ref() == self.settlements.get(&id),
            )?;
        }
        for id in 1..=counts.evidences + 1 {
            expect(
                &format!("evidence {id}"),
                w.dci.get_evidence(id).as_ref() == self.evidences.get(&id),
            )?;
        }
        for id in 1..=counts.cases + 1 {
            expect(
                &format!("case {id}"),
                w.dci.get_case(id).as_ref() == self.cases.get(&id),
            )?;
        }
        for ((caller, request_id), id) in &self.requests {
            expect(
                &format!("request {request_id}"),
                w.dci.request(caller, request_id) == Some(*id),
            )?;
        }
        // The indexes behind the paged views.
        let ids = |f: &dyn Fn(Id) -> kexin::Page<Id, Id>| w.all_ids(f);
        for who in &accounts {
            let works: Vec<Id> = self
                .works
                .values()
                .filter(|x| x.holders.iter().any(|(h, _)| h == who))
                .map(|x| x.id)
                .collect();
            expect("works_of", ids(&|a| w.dci.works_of(who, a, 7)) == works)?;
            let licences: Vec<Id> = self
                .licenses
                .values()
                .filter(|l| l.licensee == *who)
                .map(|l| l.id)
                .collect();
            let paged = ids(&|a| w.dci.licenses_of(who, a, 7));
            expect("licenses_of", paged == licences)?;
            let settlements: Vec<Id> = self
                .settlements
                .values()
                .filter(|s| s.splits.iter().any(|(h, _)| h == who))
                .map(|s| s.id)
                .collect();
            expect(
                "settlements_of",
                ids(&|a| w.dci.settlements_of(who, a, 7)) == settlements,
            )?;
            let cases: Vec<Id> = self
                .cases
                .values()
                .filter(|c| c.claimant == *who)
                .map(|c| c.id)
                .collect();
            expect("cases_of", ids(&|a| w.dci.cases_of(who, a, 7)) == cases)?;
            let (from, to) = (super::T0, super::T0 + 365 * DAY);
            expect(
                "statement",
                w.statement_paged(who, from, to, 7) == self.statement(who, from, to),
            )?;
        }
        for work in self.works.keys() {
            let licences: Vec<Id> = self
                .licenses
                .values()
                .filter(|l| l.work == *work)
                .map(|l| l.id)
                .collect();
            let paged = ids(&|a| w.dci.licenses_of_work(*work, &None, a, 7));
            expect("licenses_of_work", paged == licences)?;
            let evidences: Vec<Id> = self
                .evidences
                .values()
                .filter(|e| e.work == *work)
                .map(|e| e.id)
                .collect();
            expect(
                "evidences_of",
                ids(&|a| w.dci.evidences_of(*work, a, 7)) == evidences,
            )?;
        }
        for licence in self.licenses.keys() {
            let reports: Vec<Id> = self
                .reports
                .values()
                .filter(|r| r.license == *licence)
                .map(|r| r.id)
                .collect();
            expect(
                "reports_of",
                ids(&|a| w.dci.reports_of(*licence, a, 7)) == reports,
            )?;
        }
        Ok(())
    }
}

pub const ROLES: [Role; 6] = [
    Role::RegistryAuthority,
    Role::AccessPlatform,
    Role::MonitoringAgency,
    Role::EvidenceWitness,
    Role::SettlementAgent,
    Role::Regulator,
];
