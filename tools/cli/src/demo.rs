//! `cargo kexin demo`: every contract built, validated and run through its scenario.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kexin_testkit::Chain;

/// The directory holding `contracts/`: the given one, or the nearest ancestor of the current
/// directory that has one.
fn workspace(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    cwd.ancestors()
        .find(|dir| dir.join("contracts").is_dir() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| "no `contracts/` directory here or above; pass --workspace".to_string())
}

/// Gas statistics of one operation.
#[derive(Default)]
struct Operation {
    calls: u64,
    gas: u64,
}

pub fn run(given: Option<&Path>) -> Result<(), String> {
    let root = workspace(given)?;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("contracts"))
        .map_err(|e| e.to_string())?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();

    let mut summary = Vec::new();
    let mut details = Vec::new();
    let mut failed = Vec::new();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        eprintln!("demo: building {name}");
        let built = match kexin_build::build(&dir, &kexin_check::KEXIN_V1) {
            Ok(built) => built,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let Some(scenario) = kexin_scenarios::get(&name) else {
            summary.push(format!(
                "| {name} | {} | – | – | (no scenario) |",
                built.wasm.len()
            ));
            continue;
        };
        eprintln!("demo: running {name}: {}", scenario.title);
        let chain = Chain::new();
        if let Err(e) = (scenario.run)(&chain) {
            failed.push(format!("{name}: scenario failed: {e}"));
            continue;
        }
        let mut operations: BTreeMap<String, Operation> = BTreeMap::new();
        let receipts = chain.receipts();
        for receipt in &receipts {
            let op = operations.entry(receipt.method.clone()).or_default();
            op.calls += 1;
            op.gas += receipt.gas_used;
        }
        let calls = receipts.len() as u64;
        let gas: u64 = receipts.iter().map(|r| r.gas_used).sum();
        summary.push(format!(
            "| {name} | {} | {calls} | {} | {} |",
            built.wasm.len(),
            gas / calls.max(1),
            scenario.title
        ));
        for (method, op) in operations {
            details.push(format!(
                "| {name} | {method} | {} | {} |",
                op.calls,
                op.gas / op.calls.max(1)
            ));
        }
    }

    println!("| contract | wasm bytes | calls | gas per call (mean) | scenario |");
    println!("|---|---:|---:|---:|---|");
    for row in &summary {
        println!("{row}");
    }
    println!();
    println!("| contract | operation | calls | gas per call |");
    println!("|---|---|---:|---:|");
    for row in &details {
        println!("{row}");
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("\n"))
    }
}
