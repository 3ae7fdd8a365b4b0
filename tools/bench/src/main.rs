//! Prints Kexin's size and speed figures as a table:
//!
//! ```text
//! cargo run --profile tools -p kexin-bench            # the figures in the README
//! cargo run --profile tools -p kexin-bench -- 200000  # more transfers
//! ```
//!
//! Speed is measured, not asserted: this is a benchmark, not a test.

use std::path::Path;
use std::time::Instant;

use kexin::Addr;
use kexin_testkit::Chain;

fn workspace_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("tools/bench is two levels down")
}

fn encode_transfer(to: &Addr, amount: u128) -> Vec<u8> {
    kexin::codec::to_vec(&(to, amount))
}

fn main() {
    let transfers: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let token_dir = workspace_dir().join("contracts/token");
    let built = kexin_build::build(&token_dir, &kexin_check::KEXIN_V1).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });

    // First load in this process: validation + singlepass compilation with metering.
    let started = Instant::now();
    kexin_testkit::load(&built.wasm, &kexin_testkit::CostTable::V1).expect("token loads");
    let first_load = started.elapsed();
    // Second load: served from the module cache.
    let started = Instant::now();
    kexin_testkit::load(&built.wasm, &kexin_testkit::CostTable::V1).expect("token loads");
    let second_load = started.elapsed();

    let chain = Chain::new();
    let owner = chain.account("owner");
    let supply = kexin::codec::to_vec(&(u64::MAX as u128));
    let token = chain
        .deploy_wasm(&built.wasm, &owner, &supply)
        .expect("token deploys");
    let recipients: Vec<Addr> = (0..64)
        .map(|i| chain.account(&format!("holder-{i}")))
        .collect();
    let calls: Vec<Vec<u8>> = recipients.iter().map(|r| encode_transfer(r, 1)).collect();

    // One warm-up transfer to a new holder and one to an existing holder give the gas figures.
    chain
        .call(&token, &owner, "transfer", &calls[0])
        .expect("transfer");
    let gas_new_holder = chain.last_gas();
    chain
        .call(&token, &owner, "transfer", &calls[0])
        .expect("transfer");
    let gas_existing_holder = chain.last_gas();
    chain
        .view(
            &token,
            &owner,
            "balance_of",
            &kexin::codec::to_vec(&recipients[0]),
        )
        .expect("view");
    let gas_balance_view = chain.last_gas();

    let started = Instant::now();
    for i in 0..transfers {
        chain
            .call(&token, &owner, "transfer", &calls[i % calls.len()])
            .expect("transfer");
        if i % 4096 == 4095 {
            chain.clear_receipts();
        }
    }
    let elapsed = started.elapsed();
    let per_second = transfers as f64 / elapsed.as_secs_f64();

    println!("| figure | value | how |");
    println!("|---|---|---|");
    println!(
        "| token wasm, optimised (bytes) | {} | kexin-build: cargo → wasm-opt -Oz → merged ABI |",
        built.wasm.len()
    );
    println!("| token wasm, before wasm-opt (bytes) | {} | cargo build --release --target wasm32v1-none |", built.unoptimised_bytes);
    println!(
        "| gas per transfer, new holder | {gas_new_holder} | cost table v{} |",
        kexin_testkit::CostTable::V1.version
    );
    println!(
        "| gas per transfer, existing holder | {gas_existing_holder} | cost table v{} |",
        kexin_testkit::CostTable::V1.version
    );
    println!(
        "| gas per balance_of view | {gas_balance_view} | cost table v{} |",
        kexin_testkit::CostTable::V1.version
    );
    println!(
        "| testkit token transfers per second | {per_second:.0} | {transfers} metered transfers, fresh instance per call, transactional commit, one core |"
    );
    println!(
        "| µs per transfer | {:.1} | |",
        elapsed.as_secs_f64() * 1e6 / transfers as f64
    );
    println!(
        "| first load of the module (ms) | {:.2} | validate + singlepass compile with metering |",
        first_load.as_secs_f64() * 1e3
    );
    println!(
        "| second load of the module (µs) | {:.1} | served from the module cache ({:.0}× faster) |",
        second_load.as_secs_f64() * 1e6,
        first_load.as_secs_f64() / second_load.as_secs_f64().max(1e-9)
    );
}
