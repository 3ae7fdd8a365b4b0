//! Load benchmark: the spec's §5.9 profile replayed through the testkit on the compiled wasm.
//!
//! ```text
//! cargo run --profile tools -p green-power --example load            # the full profile
//! cargo run --profile tools -p green-power --example load -- 0.1     # a tenth of it
//! ```
//!
//! One month of business at the suggested scale: 50 000 projects of 755 generators register;
//! the monthly issuance job submits, verifies and issues 50 000 lots (the spec asks for
//! ≈ 14 lots/s); the store is then grown to the spec's 1 M holdings (950 000 one-certificate
//! transfers to 1 000 consumers, run with the natively compiled contract: set-up, not
//! measured); on that store exchanges make 100 000 transfers and 200 000 retirements follow
//! (half by consumers, half by generators). Then the §5.8 scale case: one lot of 156 000 GECs
//! split into 10 000 retirements, with the serial lookup's gas before and after. Printed:
//! calls, wall time, calls per second and gas per call for each measured phase (all in wasm,
//! metered). A benchmark, not a test: wall times depend on the machine; gas does not.

use std::time::Instant;

use green_power::{
    calendar, Config, Energy, GreenPowerClient, Purpose, ReadingSource, Role, MAX_LOT_GECS,
};
use kexin::{Addr, Hash32};
use kexin_testkit::{Chain, Mode};

/// 2024-02-01 00:00 Beijing time: January is complete.
fn february() -> u64 {
    calendar::start_of(2024, 1, 1)
}

fn digest(kind: u8, n: u64) -> Hash32 {
    let mut h = [kind; 32];
    h[..8].copy_from_slice(&n.to_le_bytes());
    h
}

/// Calls, time and gas of one phase.
struct Phase {
    name: &'static str,
    calls: u64,
    gas: u64,
    min: u64,
    max: u64,
    started: Instant,
}

impl Phase {
    fn new(name: &'static str) -> Phase {
        Phase {
            name,
            calls: 0,
            gas: 0,
            min: u64::MAX,
            max: 0,
            started: Instant::now(),
        }
    }

    fn record(&mut self, chain: &Chain) {
        let gas = chain.last_gas();
        self.calls += 1;
        self.gas += gas;
        self.min = self.min.min(gas);
        self.max = self.max.max(gas);
        if self.calls.is_multiple_of(10_000) {
            chain.clear_receipts();
        }
    }

    fn report(self, chain: &Chain) -> f64 {
        chain.clear_receipts();
        let seconds = self.started.elapsed().as_secs_f64();
        let rate = self.calls as f64 / seconds;
        println!(
            "{:24} {:>8} {:>9.1} {:>10.0} {:>10} {:>9} {:>9}",
            self.name,
            self.calls,
            seconds,
            rate,
            self.gas / self.calls.max(1),
            self.min,
            self.max
        );
        rate
    }
}

fn main() {
    let scale: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let n = |full: u64| ((full as f64 * scale) as u64).max(1);
    let (projects, transfers, retirements) = (n(50_000), n(100_000), n(200_000));
    let generators = 755.min(projects);
    let consumers = 1_000;

    let chain = Chain::new();
    // Only the compiled contract: the engine a chain runs, and the one that meters gas.
    chain.set_mode(Mode::Wasm);
    let admin = chain.account("nea");
    let grid = chain.account("state-grid");
    let exchange = chain.account("gec-platform");
    let gec = GreenPowerClient::deploy(&chain, &admin, &Config::GEC_2024);
    gec.grant_role(&Role::IssuingAuthority, &admin);
    gec.grant_role(&Role::DataProvider, &grid);
    gec.grant_role(&Role::Exchange, &exchange);
    let generator: Vec<Addr> = (0..generators)
        .map(|i| chain.account(&format!("generator-{i}")))
        .collect();
    let consumer: Vec<Addr> = (0..consumers)
        .map(|i| chain.account(&format!("consumer-{i}")))
        .collect();
    println!(
        "green-power load: {projects} projects, {transfers} transfers, {retirements} retirements on a store of {} holdings (scale {scale}); measured phases in wasm, gas table V1",
        n(1_000_000)
    );
    println!(
        "{:24} {:>8} {:>9} {:>10} {:>10} {:>9} {:>9}",
        "phase", "calls", "seconds", "calls/s", "gas/call", "min", "max"
    );

    let mut phase = Phase::new("register_project");
    for p in 0..projects {
        gec.register_project(
            &format!("W{p:016}"),
            &generator[(p % generators) as usize],
            &Energy::Wind,
            20_000,
            true,
        );
        phase.record(&chain);
    }
    phase.report(&chain);

    // The monthly issuance job: 1.82 亿 GECs over 50 000 projects is ≈ 3 640 GECs each.
    chain.set_block(10, february() + 3_600);
    let issuance = Instant::now();
    let mut phase = Phase::new("submit_reading");
    for p in 0..projects {
        let kwh = 3_640_000 + (p * 7_919) % 200_000;
        gec.by(&grid)
            .submit_reading(p + 1, 202401, kwh, &ReadingSource::Grid, &digest(1, p));
        phase.record(&chain);
    }
    phase.report(&chain);
    let mut phase = Phase::new("verify_reading");
    for p in 0..projects {
        gec.verify_reading(p + 1);
        phase.record(&chain);
    }
    phase.report(&chain);
    let mut phase = Phase::new("issue_lot");
    for p in 0..projects {
        gec.issue_lot(p + 1, 202401, true);
        phase.record(&chain);
    }
    let lots_per_second = phase.report(&chain);
    let job = issuance.elapsed().as_secs_f64();
    // Holding `p + 1` is project p's lot (one holding per lot, issued in order).

    // The spec's 1 M holdings: grown natively (the same contract code compiled for the host,
    // on the same store; not metered), then back to the compiled contract for the month.
    let preload = n(1_000_000).saturating_sub(projects);
    chain.set_mode(Mode::Native);
    let grown = Instant::now();
    for i in 0..preload {
        let source = i % projects + 1;
        let to = &consumer[(i % consumers) as usize];
        gec.by(&exchange).transfer(source, to, 1, &digest(6, i));
        if (i + 1).is_multiple_of(10_000) {
            chain.clear_receipts();
        }
    }
    chain.clear_receipts();
    chain.set_mode(Mode::Wasm);
    println!(
        "{:24} {:>8} {:>9.1}   (native set-up, not measured: the store now holds {} holdings)",
        "preload transfers",
        preload,
        grown.elapsed().as_secs_f64(),
        gec.counters().holdings
    );

    let mut phase = Phase::new("transfer");
    // Sources: the generators' lot holdings (the preload took 1 GEC per call from them).
    let mut bought = Vec::with_capacity(transfers as usize);
    for t in 0..transfers {
        let source = t % projects + 1;
        let to = &consumer[(t % consumers) as usize];
        bought.push(gec.by(&exchange).transfer(source, to, 10, &digest(2, t)));
        phase.record(&chain);
    }
    phase.report(&chain);

    let mut phase = Phase::new("retire");
    for r in 0..retirements {
        let (holder, holding) = if r % 2 == 0 && ((r / 2) as usize) < bought.len() {
            let i = (r / 2) as usize;
            (consumer[i % consumers as usize], bought[i])
        } else {
            let p = r % projects;
            (generator[(p % generators) as usize], p + 1)
        };
        gec.by(&holder).retire(
            &vec![holding],
            &vec![3],
            &digest(3, r),
            &Purpose::ConsumptionClaim,
            &(202401, 202401),
            &format!("R{r}"),
        );
        phase.record(&chain);
    }
    phase.report(&chain);
    let counters = gec.counters();

    // §5.8 scale: one lot of 156 000 GECs split into 10 000 retirements.
    let big = gec.register_project(
        &"H0000000000000001".into(),
        &generator[0],
        &Energy::Hydro,
        1_000_000,
        true,
    );
    gec.by(&grid).submit_reading(
        big,
        202401,
        156_000_000,
        &ReadingSource::Grid,
        &digest(4, 0),
    );
    let reading = gec.counters().readings;
    gec.verify_reading(reading);
    let lot = gec.issue_lot(big, 202401, true);
    let first = gec.lot(lot).unwrap().first_serial;
    let (holdings, _) = gec.holdings_of_lot(lot, 0, 1);
    let whole = holdings[0].id;
    gec.serial_owner(first + 150_000);
    let lookup_before = chain.last_gas();
    let splits = n(10_000);
    let mut phase = Phase::new("retire (one 156k lot)");
    for r in 0..splits {
        gec.by(&generator[0]).retire(
            &vec![whole],
            &vec![15],
            &digest(5, r),
            &Purpose::ConsumptionClaim,
            &(202401, 202401),
            &format!("BIG{r:06}"),
        );
        phase.record(&chain);
    }
    phase.report(&chain);
    gec.serial_owner(first + 150_000);
    let lookup_after = chain.last_gas();

    println!();
    println!(
        "issuance job: {projects} lots in {job:.1} s for the whole job (submit + verify + issue), issue_lot alone {lots_per_second:.0} lots/s (spec: 50 000 lots within one hour, ≈ 14 lots/s)"
    );
    println!(
        "state after the month: {} holdings, {} proofs, {} serials issued (largest lot allowed: {MAX_LOT_GECS})",
        counters.holdings, counters.proofs, counters.last_serial
    );
    println!(
        "serial lookup in a lot split into {splits} ranges: {lookup_before} gas before, {lookup_after} gas after"
    );
}
