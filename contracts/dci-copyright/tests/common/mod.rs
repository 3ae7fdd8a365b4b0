//! The test world: a chain, one account per role, the registry deployed, and helpers that
//! build applications and licences with sensible defaults.

#![allow(dead_code)]

pub mod rebuild;

use std::fmt::Debug;

use dci_copyright::*;
use kexin::client::CallError;
use kexin::{Addr, Bps, Fen, Hash32, Id, Ts};
use kexin_testkit::Chain;
use sm3::{Digest, Sm3};

pub type Dci = DciRegistryClient<Chain>;
pub type CallResult<T> = Result<T, CallError<DciError>>;

/// The chain's start time (2024-01-01T00:00:00Z).
pub const T0: Ts = 1_704_067_200;
/// Mainland China, ISO-3166 numeric.
pub const CN: u16 = 156;
/// Hong Kong.
pub const HK: u16 = 344;
/// 复制 reproduction.
pub const COPY: u32 = 1 << 0;
/// 发行 distribution.
pub const DISTRIBUTE: u32 = 1 << 1;
/// 信息网络传播 network dissemination.
pub const NETWORK: u32 = 1 << 7;

/// SM3 of real bytes, computed off-chain as a platform would (RustCrypto `sm3`).
pub fn sm3(bytes: &[u8]) -> Hash32 {
    Sm3::digest(bytes).into()
}

/// A distinct non-zero digest for a label.
pub fn h(label: &str) -> Hash32 {
    sm3(label.as_bytes())
}

/// The configuration most tests use: unanimous licensing, 10-year terms, two witnesses,
/// 30 days of evidence lag, 32 live licences per work, codes "DCI…" of up to 64 bytes,
/// licences in mainland China, Hong Kong and the United States (besides worldwide).
pub fn config() -> Config {
    Config {
        license_quorum_bps: 10_000,
        max_license_term: 10 * 365 * DAY,
        min_witnesses: 2,
        max_evidence_lag: 30 * DAY,
        max_live_licenses: 32,
        dci_prefix: "DCI".into(),
        dci_max_len: 64,
        territories: vec![CN, HK, 840],
    }
}

pub struct World {
    pub chain: Chain,
    pub admin: Addr,
    pub authority: Addr,
    pub platform: Addr,
    pub platform2: Addr,
    pub monitor: Addr,
    pub witness: Addr,
    pub witness2: Addr,
    pub witness3: Addr,
    pub agent: Addr,
    pub regulator: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
    pub licensee: Addr,
    pub licensee2: Addr,
    pub stranger: Addr,
    pub dci: Dci,
    counter: std::cell::Cell<u64>,
}

pub fn world() -> World {
    world_with(config())
}

pub fn world_with(config: Config) -> World {
    let chain = Chain::new();
    let admin = chain.account("admin");
    let dci = DciRegistryClient::deploy(&chain, &admin, &config);
    let w = World {
        authority: chain.account("cpcc-authority"),
        platform: chain.account("platform"),
        platform2: chain.account("platform-2"),
        monitor: chain.account("monitor"),
        witness: chain.account("notary"),
        witness2: chain.account("court-node"),
        witness3: chain.account("forensics"),
        agent: chain.account("settlement-agent"),
        regulator: chain.account("regulator"),
        alice: chain.account("alice"),
        bob: chain.account("bob"),
        carol: chain.account("carol"),
        licensee: chain.account("licensee"),
        licensee2: chain.account("licensee-2"),
        stranger: chain.account("stranger"),
        chain,
        admin,
        dci,
        counter: std::cell::Cell::new(0),
    };
    let grants = [
        (Role::RegistryAuthority, w.authority),
        (Role::AccessPlatform, w.platform),
        (Role::AccessPlatform, w.platform2),
        (Role::MonitoringAgency, w.monitor),
        (Role::EvidenceWitness, w.witness),
        (Role::EvidenceWitness, w.witness2),
        (Role::EvidenceWitness, w.witness3),
        (Role::SettlementAgent, w.agent),
        (Role::Regulator, w.regulator),
    ];
    for (role, who) in grants {
        w.dci.grant_role(&role, &who);
    }
    w
}

/// The contract error of a failed call; panics on success or on another failure.
pub fn err<T: Debug>(result: CallResult<T>) -> DciError {
    match result {
        Err(CallError::Contract(e)) => e,
        other => panic!("expected a contract error, got {other:?}"),
    }
}

pub fn bad(field: Field) -> DciError {
    DciError::InvalidInput(field)
}

pub fn state(from: State, action: Action) -> DciError {
    DciError::InvalidState { from, action }
}

/// An application with defaults; change fields, then `submit`.
#[derive(Clone, Debug)]
pub struct Application {
    pub request_id: String,
    pub holders: Vec<(Addr, Bps)>,
    pub author_commit: Hash32,
    pub title_commit: Hash32,
    pub category: u8,
    pub nature: u8,
    pub parent: Option<Id>,
    pub content: Vec<u8>,
    pub metadata_sm3: Hash32,
    pub completed_on: Ts,
    pub first_published_on: Option<Ts>,
}

impl Application {
    pub fn submit(&self, w: &World, platform: &Addr) -> CallResult<Id> {
        w.dci.by(platform).try_apply_registration(
            &self.request_id,
            &self.holders,
            &self.author_commit,
            &self.title_commit,
            self.category,
            self.nature,
            &self.parent,
            &sm3(&self.content),
            &self.metadata_sm3,
            self.completed_on,
            &self.first_published_on,
        )
    }
}

/// Licence terms with defaults: a non-exclusive network licence in mainland China from
/// now for a year, 1 fen per use, open for acceptance for a week.
#[derive(Clone, Debug)]
pub struct Terms {
    pub request_id: String,
    pub licensee: Addr,
    pub rights: u32,
    pub exclusive: bool,
    pub sublicensable: bool,
    pub territory: u16,
    pub start: Ts,
    pub end: Ts,
    pub fee: FeeModel,
    pub contract_sm3: Hash32,
    pub offer_deadline: Ts,
}

impl World {
    pub fn now(&self) -> Ts {
        self.chain.block().time
    }

    /// A fresh request id.
    pub fn rid(&self) -> String {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        format!("REQ-{n:06}")
    }

    /// A distinct application of an original text work held by `holders`.
    pub fn application(&self, holders: &[(Addr, Bps)]) -> Application {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        Application {
            request_id: format!("APP-{n:06}"),
            holders: holders.to_vec(),
            author_commit: h(&format!("salt|author {n}")),
            title_commit: h(&format!("title {n}")),
            category: 1,
            nature: 1,
            parent: None,
            content: format!("the text of work number {n}").into_bytes(),
            metadata_sm3: h(&format!("{{\"work\":{n}}}")),
            completed_on: self.now() - 30 * DAY,
            first_published_on: Some(self.now() - 10 * DAY),
        }
    }

    /// Applies for a work held by `holders` through the platform.
    pub fn apply(&self, holders: &[(Addr, Bps)]) -> Id {
        self.application(holders)
            .submit(self, &self.platform)
            .unwrap()
    }

    /// The DCI code the tests assign to a work.
    pub fn code(work: Id) -> String {
        format!("DCI-2024-{work:08}")
    }

    /// Applies and registers a work; returns its id (its code is `World::code(id)`).
    pub fn register(&self, holders: &[(Addr, Bps)]) -> Id {
        let work = self.apply(holders);
        self.dci.by(&self.authority).approve_registration(
            work,
            &World::code(work),
            &h(&format!("certificate {work}")),
        );
        work
    }

    /// A work registered to alice alone.
    pub fn alices_work(&self) -> Id {
        self.register(&[(self.alice, 10_000)])
    }

    pub fn terms(&self) -> Terms {
        Terms {
            request_id: self.rid(),
            licensee: self.licensee,
            rights: NETWORK,
            exclusive: false,
            sublicensable: false,
            territory: CN,
            start: self.now(),
            end: self.now() + 365 * DAY,
            fee: FeeModel::PerUse { unit_price: 1 },
            contract_sm3: h("licence contract"),
            offer_deadline: self.now() + 7 * DAY,
        }
    }

    pub fn try_offer(&self, work: Id, by: &Addr, t: &Terms) -> CallResult<Id> {
        self.dci.by(by).try_offer_license(
            &t.request_id,
            work,
            &t.licensee,
            t.rights,
            t.exclusive,
            t.sublicensable,
            t.territory,
            t.start,
            t.end,
            &t.fee,
            &t.contract_sm3,
            t.offer_deadline,
        )
    }

    pub fn offer(&self, work: Id, by: &Addr, t: &Terms) -> Id {
        self.try_offer(work, by, t).unwrap()
    }

    /// Offers `t` from `holder` and has its licensee accept.
    pub fn license(&self, work: Id, holder: &Addr, t: &Terms) -> Id {
        let id = self.offer(work, holder, t);
        self.dci.by(&t.licensee).accept_license(id);
        id
    }

    pub fn license_of(&self, id: Id) -> License {
        self.dci.get_license(id).expect("licence exists")
    }

    pub fn work_of(&self, id: Id) -> Work {
        self.dci.get_work(id).expect("work exists")
    }

    /// Reports `units` for `[from, to)` on a licence as its licensee.
    pub fn report(&self, license: Id, from: Ts, to: Ts, units: u64, gross: Fen) -> Id {
        let l = self.license_of(license);
        self.dci.by(&l.licensee).report_usage(
            &self.rid(),
            license,
            from,
            to,
            units,
            gross,
            &h(&format!("report {license} {from}")),
        )
    }

    /// Records evidence for a work as the monitoring agency, captured an hour ago.
    pub fn evidence(&self, work: Id) -> Id {
        self.dci.by(&self.monitor).record_evidence(
            &self.rid(),
            work,
            &h("https://pirate.example/page"),
            self.now() - 3_600,
            &h("screenshots, html and TSA token"),
        )
    }

    /// Evidence attested by two witnesses.
    pub fn attested_evidence(&self, work: Id) -> Id {
        let e = self.evidence(work);
        self.dci.by(&self.witness).attest_evidence(e);
        self.dci.by(&self.witness2).attest_evidence(e);
        e
    }

    /// Every id a paged index view gives, page by page.
    pub fn all_ids(&self, page: impl Fn(Id) -> kexin::Page<Id, Id>) -> Vec<Id> {
        let mut ids = Vec::new();
        let mut after = 0;
        loop {
            let p = page(after);
            ids.extend(&p.items);
            match p.next {
                Some(next) => after = next,
                None => return ids,
            }
        }
    }

    /// A holder's statement: the sum of every page of the `statement` view.
    pub fn statement(&self, holder: &Addr, from: Ts, to: Ts) -> Statement {
        self.statement_paged(holder, from, to, 100)
    }

    /// A holder's statement summed over pages of `limit` settlements.
    pub fn statement_paged(&self, holder: &Addr, from: Ts, to: Ts, limit: u32) -> Statement {
        let mut total = Statement::default();
        let mut after = 0;
        loop {
            let (page, next) = self.dci.statement(holder, from, to, after, limit);
            total.billed += page.billed;
            total.paid += page.paid;
            total.outstanding += page.outstanding;
            match next {
                Some(next) => after = next,
                None => return total,
            }
        }
    }

    /// Every account of the world.
    pub fn accounts(&self) -> Vec<Addr> {
        vec![
            self.admin,
            self.authority,
            self.platform,
            self.platform2,
            self.monitor,
            self.witness,
            self.witness2,
            self.witness3,
            self.agent,
            self.regulator,
            self.alice,
            self.bob,
            self.carol,
            self.licensee,
            self.licensee2,
            self.stranger,
        ]
    }

    /// The contract's raw storage, to prove a failed call left no trace.
    pub fn storage(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.chain.storage(&self.dci.address())
    }

    /// The events of the last state-changing call (views are skipped), decoded as `E`.
    pub fn last_events<E: kexin::Event + kexin::Decode>(&self) -> Vec<E> {
        let abi = self
            .chain
            .abi(&self.dci.address())
            .expect("the build records the ABI");
        let is_view = |method: &str| {
            abi.method(method)
                .is_some_and(|m| m.kind == kexin_abi::MethodKind::View)
        };
        let receipts = self.chain.receipts();
        let last = receipts.iter().rev().find(|r| !is_view(&r.method));
        last.map(|r| r.events.iter().filter_map(|e| e.decode::<E>()).collect())
            .unwrap_or_default()
    }
}
