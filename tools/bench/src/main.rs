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
use kexin_testkit::{Chain, Mode};
use token::TokenClient;

fn workspace_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("tools/bench is two levels down")
}

fn encode_transfer(to: &Addr, amount: u128) -> Vec<u8> {
    kexin::codec::to_vec(&(to, amount))
}

/// Transfers per second on a chain in `mode`, with the token deployed from its crate (so
/// that the native backend has the contract's native code).
fn transfers_per_second(mode: Mode, transfers: usize) -> f64 {
    let chain = Chain::new();
    chain.set_mode(mode);
    let owner = chain.account("owner");
    let token = TokenClient::deploy(&chain, &owner, u64::MAX as u128);
    let calls: Vec<Vec<u8>> = (0..64)
        .map(|i| encode_transfer(&chain.account(&format!("h{i}")), 1))
        .collect();
    let started = Instant::now();
    for i in 0..transfers {
        chain
            .call(
                &token.address(),
                &owner,
                "transfer",
                &calls[i % calls.len()],
            )
            .expect("transfer");
        if i % 4096 == 4095 {
            chain.clear_receipts();
        }
    }
    transfers as f64 / started.elapsed().as_secs_f64()
}

/// How long deploying the token from its crate takes: the first time in a process (build,
/// validate, compile) and the second (served from the build and module caches) — what the
/// first and the second test of a suite pay.
fn test_start_times() -> (f64, f64) {
    let start = |name: &str| {
        let chain = Chain::new();
        let owner = chain.account(name);
        let started = Instant::now();
        TokenClient::deploy(&chain, &owner, 1);
        started.elapsed().as_secs_f64()
    };
    let first = start("first");
    let second = start("second");
    (first, second)
}

fn main() {
    let transfers: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    // Measured first, while this process has built and compiled nothing yet.
    let (first_start, second_start) = test_start_times();
    let token_dir = workspace_dir().join("contracts/token");
    let built = kexin_build::build(&token_dir, &kexin_check::KEXIN_V1).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });

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
    let native = transfers_per_second(Mode::Native, transfers);
    let wasm = transfers_per_second(Mode::Wasm, transfers);
    let both = transfers_per_second(Mode::Both, transfers / 4);
    println!(
        "| µs per transfer, native backend | {:.2} | {native:.0} transfers/s |",
        1e6 / native
    );
    println!(
        "| µs per transfer, wasm backend | {:.2} | {wasm:.0} transfers/s |",
        1e6 / wasm
    );
    println!("| µs per transfer, both backends compared | {:.2} | the default for the repository's tests |", 1e6 / both);
    println!(
        "| wasm / native time per transfer | {:.1}× | |",
        native / wasm
    );
    println!(
        "| first test of a suite: deploy the token from its crate (ms) | {:.1} | cargo freshness check + wasm-opt + validate + compile |",
        first_start * 1e3
    );
    println!(
        "| second test of the suite (ms) | {:.3} | build and module caches: {:.0}× faster |",
        second_start * 1e3,
        first_start / second_start.max(1e-9)
    );
}
