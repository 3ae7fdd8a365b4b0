//! `cargo kexin` as a user runs it: the compiled binary, its output and exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kexin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-kexin"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kexin-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_names_every_problem_of_every_bad_module_in_the_corpus() {
    let corpus = repo().join("tools/check/tests/corpus");
    let out_dir = scratch("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has one module per problem");
    for wat_file in &files {
        let wasm = wat::parse_file(wat_file).unwrap();
        let wasm_file = out_dir
            .join(wat_file.file_stem().unwrap())
            .with_extension("wasm");
        std::fs::write(&wasm_file, &wasm).unwrap();
        let expected = kexin_check::check(&wasm, &kexin_check::KEXIN_V1);
        let output = kexin(&["check", wasm_file.to_str().unwrap()]);
        let stdout = text(&output.stdout);
        if expected.is_ok() {
            assert!(output.status.success(), "{}: {stdout}", wat_file.display());
            assert!(stdout.contains("accepted by the kexin profile"), "{stdout}");
            continue;
        }
        assert!(
            !output.status.success(),
            "{} must fail the check",
            wat_file.display()
        );
        for problem in &expected.problems {
            let line = format!("{}: {problem}", wasm_file.display());
            assert!(
                stdout.lines().any(|l| l == line),
                "{} misses `{line}` in:\n{stdout}",
                wat_file.display()
            );
        }
        assert_eq!(
            stdout.lines().count(),
            expected.problems.len(),
            "one line per problem:\n{stdout}"
        );
        let stderr = text(&output.stderr);
        let summary = format!("error: {} problem(s) in", expected.problems.len());
        assert!(stderr.contains(&summary), "{stderr}");
    }
}

#[test]
fn check_refuses_missing_files_and_unknown_profiles() {
    let output = kexin(&["check", "no-such-file.wasm"]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("cannot read no-such-file.wasm"));
    let good = scratch("profile").join("good.wasm");
    std::fs::write(
        &good,
        wat::parse_file(repo().join("tools/check/tests/corpus/good.wat")).unwrap(),
    )
    .unwrap();
    let output = kexin(&["check", good.to_str().unwrap(), "--profile", "ethereum"]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("unknown chain profile `ethereum`; known profiles: kexin")
    );
}

#[test]
fn build_writes_a_validated_module_and_its_abi() {
    let token = repo().join("contracts/token");
    let output = kexin(&["build", token.to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("built token"), "{stdout}");
    assert!(stdout.contains("| bytes deployable |"), "{stdout}");
    assert!(
        stdout.contains("| imports | caller, emit_event, input_len, input_read, return_data, revert, storage_read, storage_remove, storage_write |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| exports | allowance, approve, balance_of, init, mint, owner, total_supply, transfer, transfer_from |"),
        "{stdout}"
    );
    let wasm_line = stdout
        .lines()
        .find(|l| l.starts_with("wrote ") && l.ends_with("token.wasm"))
        .expect("the wasm path");
    let wasm = PathBuf::from(wasm_line.trim_start_matches("wrote "));
    let check = kexin(&["check", wasm.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    let abi = kexin(&["abi", wasm.to_str().unwrap()]);
    assert!(text(&abi.stdout).contains("\"transfer_from\""));
    let json = wasm.with_extension("abi.json");
    let table = kexin(&["abi", json.to_str().unwrap(), "--format", "table"]);
    assert!(text(&table.stdout).contains(
        "| 2 | InsufficientBalance | have: u128, need: u128 | the balance is {have} points, {need} are needed |"
    ));
}

#[test]
fn build_explains_what_is_not_a_contract() {
    let dir = scratch("not-a-crate");
    let output = kexin(&["build", dir.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(text(&output.stderr)
        .contains("is not a contract crate (no readable Cargo.toml with a [package] name)"));
}

#[test]
fn new_scaffolds_a_project_from_the_template() {
    let installed = Command::new("cargo")
        .args(["generate", "--version"])
        .output();
    if installed.map_or(true, |o| !o.status.success()) {
        eprintln!("skipped: cargo-generate is not installed (scripts/setup.sh installs it)");
        return;
    }
    // A --path that does not exist yet is created.
    let dir = scratch("new").join("not/yet/there");
    let output = kexin(&["new", "shop-ledger", "--path", dir.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    let project = dir.join("shop-ledger");
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"shop-ledger\""));
    assert!(manifest.contains("/sdk/kexin\" }"), "{manifest}");
    let tests = std::fs::read_to_string(project.join("tests/notary.rs")).unwrap();
    assert!(tests.contains("use shop_ledger::{NotaryClient"));
    let snapshot =
        std::fs::read_to_string(project.join("tests/snapshots/notary__the_day_in_a_snapshot.snap"))
            .unwrap();
    assert!(snapshot.contains("contract: shop-ledger"));
}
