//! Load benchmark: the spec's §1.9 profile replayed through the testkit.
//!
//! ```text
//! cargo run --profile tools -p dci-copyright --example load            # the full profile
//! cargo run --profile tools -p dci-copyright --example load -- 0.1     # a tenth of it
//! ```
//!
//! The profile (§1.9, [D]): 1 M works preloaded; registrations at 5/s sustained with 50/s
//! bursts; licences, 1–3 per work, for 10 % of the works; usage reports for every active
//! licence at month end (a burst); evidence, 1–10 records per disputed work, for 1 % of the
//! works.
//!
//! **What is preloaded, and how.** The 1 M works (applied for by ten access platforms and
//! approved by the authority, each held 70/30 by two of 20 000 rights holders) and the
//! licences of 10 % of them (1–3 per work: an exclusive network licence on a revenue
//! share, then non-exclusive reproduction and distribution licences per use, offered and
//! accepted) are created by the same contract calls, on the same chain and storage, but
//! with the natively compiled contract (`Mode::Native`): running 2.4 M set-up calls in
//! wasm would take most of an hour and measure nothing the later phases do not. The
//! chain then switches to `Mode::Wasm` — the compiled contract, metered — for every
//! measured phase, which runs against the full store:
//!
//! 1. a registration burst: 10 000 new works applied for, then approved;
//! 2. licences for 10 % of those new works (1–3 each), offered and accepted;
//! 3. month end: one usage report for every active licence (the preloaded ones included);
//! 4. billing a sample of 10 000 reports: accepted by a holder, settled, paid;
//! 5. evidence for 1 % of all works (1–10 records each), each attested by two witnesses.
//!
//! Printed: calls, the time spent in them, calls per second and gas per call (mean, min,
//! max) for each phase. A benchmark, not a test: wall times depend on the machine; gas does
//! not. Digests are distinct stand-ins (not SM3 of real files): the contract only stores
//! and compares them. The full run takes about two minutes and holds the whole store in
//! memory (about 1.7 GB resident at 1 M works, printed after the preload and at the end).

use std::time::Instant;

use dci_copyright::{Config, DciRegistryClient, FeeModel, Role, DAY};
use kexin::{Addr, Hash32, Id};
use kexin_testkit::{Chain, Mode};

/// 2024-03-01 00:00 UTC: the preload's month starts.
const MAR_2024: u64 = 1_709_251_200;
/// 2024-04-01 00:00 UTC: month end.
const APR_2024: u64 = 1_711_929_600;
const CN: u16 = 156;
const COPY: u32 = 1 << 0;
const DISTRIBUTE: u32 = 1 << 1;
const NETWORK: u32 = 1 << 7;

type Dci = DciRegistryClient<Chain>;

fn digest(kind: u8, n: u64) -> Hash32 {
    let mut h = [kind; 32];
    h[..8].copy_from_slice(&n.to_le_bytes());
    h
}

/// Calls, time and gas of one phase; only the calls themselves are timed.
struct Phase {
    name: &'static str,
    calls: u64,
    gas: u64,
    min: u64,
    max: u64,
    seconds: f64,
}

impl Phase {
    fn new(name: &'static str) -> Phase {
        Phase {
            name,
            calls: 0,
            gas: 0,
            min: u64::MAX,
            max: 0,
            seconds: 0.0,
        }
    }

    /// Runs and times one call, and records its gas.
    fn call<T>(&mut self, chain: &Chain, call: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = call();
        self.seconds += started.elapsed().as_secs_f64();
        let gas = chain.last_gas();
        self.calls += 1;
        self.gas += gas;
        self.min = self.min.min(gas);
        self.max = self.max.max(gas);
        if self.calls.is_multiple_of(10_000) {
            chain.clear_receipts();
        }
        result
    }

    fn report(&self, chain: &Chain) {
        chain.clear_receipts();
        println!(
            "{:22} {:>8} {:>8.1} {:>9.0} {:>9} {:>8} {:>8}",
            self.name,
            self.calls,
            self.seconds,
            self.calls as f64 / self.seconds,
            self.gas / self.calls.max(1),
            self.min,
            self.max
        );
    }
}

/// Resident memory of this process, from /proc (Linux), in MiB.
fn rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The people and organisations of the run.
struct Parties {
    authority: Addr,
    platforms: Vec<Addr>,
    holders: Vec<Addr>,
    licensees: Vec<Addr>,
    monitor: Addr,
    witnesses: [Addr; 2],
    agent: Addr,
}

impl Parties {
    /// The two holders of work `n` (70 % and 30 %).
    fn holders_of(&self, n: u64) -> [Addr; 2] {
        let count = self.holders.len() as u64;
        let first = n % count;
        let second = (first + 1 + n / count % (count - 1)) % count;
        [self.holders[first as usize], self.holders[second as usize]]
    }
}

/// A licence the run created: its id, work, licensee and start.
#[derive(Clone, Copy)]
struct Licence {
    id: Id,
    work: Id,
    licensee: Addr,
    start: u64,
}

/// The phases that build the registry: the preload runs them natively, the measured part
/// in wasm.
struct Build {
    apply: Phase,
    approve: Phase,
    offer: Phase,
    accept: Phase,
}

impl Build {
    fn new() -> Build {
        Build {
            apply: Phase::new("apply_registration"),
            approve: Phase::new("approve_registration"),
            offer: Phase::new("offer_license"),
            accept: Phase::new("accept_license"),
        }
    }

    /// Registers works `range` (work `n` gets id `n + 1`): applied for by ten platforms in
    /// turn, then approved.
    fn register(&mut self, chain: &Chain, dci: &Dci, p: &Parties, range: std::ops::Range<u64>) {
        for n in range.clone() {
            let [major, minor] = p.holders_of(n);
            let platform = p.platforms[(n % p.platforms.len() as u64) as usize];
            self.apply.call(chain, || {
                dci.by(&platform).apply_registration(
                    &format!("REG-{n:010}"),
                    &vec![(major, 7_000), (minor, 3_000)],
                    &digest(1, n),
                    &digest(2, n),
                    (n % 9) as u8,
                    1,
                    &None,
                    &digest(3, n),
                    &digest(4, n),
                    MAR_2024 - 30 * DAY,
                    &None,
                )
            });
        }
        for n in range {
            let id = n + 1;
            self.approve.call(chain, || {
                dci.by(&p.authority).approve_registration(
                    id,
                    &format!("DCI{id:012}"),
                    &digest(5, id),
                )
            });
        }
    }

    /// Licenses every tenth work of `range`, 1–3 licences each: the first exclusive
    /// (network dissemination, revenue share), the others non-exclusive (reproduction,
    /// distribution; per use); the 70 % holder offers, the licensee accepts.
    fn license(
        &mut self,
        chain: &Chain,
        dci: &Dci,
        p: &Parties,
        range: std::ops::Range<u64>,
        start: u64,
        out: &mut Vec<Licence>,
    ) {
        for n in range.filter(|n| n % 10 == 0) {
            let [major, _] = p.holders_of(n);
            for k in 0..n / 10 % 3 + 1 {
                let (rights, exclusive, fee) = match k {
                    0 => (NETWORK, true, FeeModel::RevenueShare { bps: 1_500 }),
                    1 => (COPY, false, FeeModel::PerUse { unit_price: 35 }),
                    _ => (DISTRIBUTE, false, FeeModel::PerUse { unit_price: 120 }),
                };
                let licensee = p.licensees[((n * 3 + k) % p.licensees.len() as u64) as usize];
                let id = self.offer.call(chain, || {
                    dci.by(&major).offer_license(
                        &format!("LIC-{n:010}-{k}"),
                        n + 1,
                        &licensee,
                        rights,
                        exclusive,
                        false,
                        CN,
                        start,
                        start + 365 * DAY,
                        &fee,
                        &digest(6, n * 3 + k),
                        start + 7 * DAY,
                    )
                });
                self.accept
                    .call(chain, || dci.by(&licensee).accept_license(id));
                out.push(Licence {
                    id,
                    work: n + 1,
                    licensee,
                    start,
                });
            }
        }
    }

    fn report(&self, chain: &Chain) {
        for phase in [&self.apply, &self.approve, &self.offer, &self.accept] {
            phase.report(chain);
        }
    }
}

fn main() {
    let scale: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let n = |full: u64| ((full as f64 * scale) as u64).max(1);
    let (preloaded, burst, billed) = (n(1_000_000), n(10_000), n(10_000));

    let chain = Chain::new();
    chain.set_block(1, MAR_2024);
    let admin = chain.account("cpcc");
    let p = Parties {
        authority: chain.account("cpcc-registry"),
        platforms: (0..10)
            .map(|i| chain.account(&format!("platform-{i}")))
            .collect(),
        holders: (0..20_000)
            .map(|i| chain.account(&format!("holder-{i}")))
            .collect(),
        licensees: (0..2_000)
            .map(|i| chain.account(&format!("licensee-{i}")))
            .collect(),
        monitor: chain.account("monitoring-centre"),
        witnesses: [chain.account("notary"), chain.account("internet-court")],
        agent: chain.account("fee-settlement-centre"),
    };
    let config = Config {
        // The 70 % holder may license alone (the spec's default is unanimity).
        license_quorum_bps: 6_000,
        max_license_term: 5 * 365 * DAY,
        min_witnesses: 2,
        max_evidence_lag: 30 * DAY,
        max_live_licenses: 32,
        dci_prefix: "DCI".into(),
        dci_max_len: 32,
        territories: vec![CN],
    };
    let dci = DciRegistryClient::deploy(&chain, &admin, &config);
    dci.grant_role(&Role::RegistryAuthority, &p.authority);
    for platform in &p.platforms {
        dci.grant_role(&Role::AccessPlatform, platform);
    }
    dci.grant_role(&Role::MonitoringAgency, &p.monitor);
    for witness in &p.witnesses {
        dci.grant_role(&Role::EvidenceWitness, witness);
    }
    dci.grant_role(&Role::SettlementAgent, &p.agent);

    println!("dci-copyright load (scale {scale}), gas table V1");

    // ---- preload, natively: 1 M works, licences for 10 % of them.
    chain.set_mode(Mode::Native);
    let started = Instant::now();
    let mut licences: Vec<Licence> = Vec::new();
    let mut preload = Build::new();
    preload.register(&chain, &dci, &p, 0..preloaded);
    preload.license(&chain, &dci, &p, 0..preloaded, MAR_2024, &mut licences);
    chain.clear_receipts();
    println!(
        "preload (native, not metered): {preloaded} works and {} licences, {} calls in {:.1} s; resident memory {} MiB",
        licences.len(),
        preload.apply.calls + preload.approve.calls + preload.offer.calls + preload.accept.calls,
        started.elapsed().as_secs_f64(),
        rss_mib().map_or("?".into(), |m| m.to_string())
    );

    // ---- measured, in wasm, on the preloaded store.
    chain.set_mode(Mode::Wasm);
    println!(
        "{:22} {:>8} {:>8} {:>9} {:>9} {:>8} {:>8}",
        "phase (wasm)", "calls", "seconds", "calls/s", "gas/call", "min", "max"
    );
    // A registration burst, then licences for 10 % of the new works.
    chain.set_block(2, MAR_2024 + 10 * DAY);
    let mut build = Build::new();
    let new_works = preloaded..preloaded + burst;
    build.register(&chain, &dci, &p, new_works.clone());
    build.license(
        &chain,
        &dci,
        &p,
        new_works,
        MAR_2024 + 10 * DAY,
        &mut licences,
    );
    build.report(&chain);

    // Month end: every active licence reports its usage since its start.
    chain.set_block(3, APR_2024 + 3_600);
    let mut phase = Phase::new("report_usage");
    let mut reports = Vec::with_capacity(licences.len());
    for (i, l) in licences.iter().enumerate() {
        let i = i as u64;
        reports.push(phase.call(&chain, || {
            dci.by(&l.licensee).report_usage(
                &format!("USE-202403-{i:08}"),
                l.id,
                l.start,
                APR_2024,
                1_000 + i % 5_000,
                (100_000 + i * 37 % 1_000_000) as u128,
                &digest(7, i),
            )
        }));
    }
    phase.report(&chain);

    // Billing a sample: a holder accepts, the settlement centre settles and confirms.
    let mut accept = Phase::new("accept_usage");
    let mut settle = Phase::new("create_settlement");
    let mut pay = Phase::new("confirm_payment");
    for (i, (l, report)) in licences
        .iter()
        .zip(&reports)
        .take(billed as usize)
        .enumerate()
    {
        let [major, _] = p.holders_of(l.work - 1);
        accept.call(&chain, || dci.by(&major).accept_usage(*report));
        let s = settle.call(&chain, || {
            dci.by(&p.agent)
                .create_settlement(&format!("SET-202404-{i:08}"), l.id, &vec![*report])
        });
        pay.call(&chain, || {
            dci.by(&p.agent).confirm_payment(s, &digest(8, i as u64))
        });
    }
    accept.report(&chain);
    settle.report(&chain);
    pay.report(&chain);

    // Evidence: 1 % of all works are disputed, with 1–10 records each, each attested twice.
    let mut record = Phase::new("record_evidence");
    let mut attest = Phase::new("attest_evidence");
    for w in (0..preloaded + burst).filter(|w| w % 100 == 7) {
        for k in 0..w / 100 % 10 + 1 {
            let e = record.call(&chain, || {
                dci.by(&p.monitor).record_evidence(
                    &format!("EVD-{w:010}-{k}"),
                    w + 1,
                    &digest(9, w * 10 + k),
                    APR_2024,
                    &digest(10, w * 10 + k),
                )
            });
            for witness in &p.witnesses {
                attest.call(&chain, || dci.by(witness).attest_evidence(e));
            }
        }
    }
    record.report(&chain);
    attest.report(&chain);

    let counts = dci.info().counts;
    println!();
    println!(
        "state: {} works, {} licences, {} usage reports, {} settlements, {} evidence records; resident memory {} MiB",
        counts.works,
        counts.licenses,
        counts.reports,
        counts.settlements,
        counts.evidences,
        rss_mib().map_or("?".into(), |m| m.to_string())
    );
}
