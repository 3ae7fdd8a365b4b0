//! Build a contract crate into the module that gets deployed, the same way every time:
//!
//! 1. `cargo build --release --target wasm32v1-none` with the Kexin link flags (a 32 KiB
//!    stack, a 2 MiB memory maximum, a low inlining threshold), whatever `RUSTFLAGS` the
//!    caller has set (coverage instrumentation must not leak into a contract);
//! 2. the exports cut down to what the ABI declares (plus `memory`): rustc also exports
//!    `#[no_mangle]` runtime symbols and linker globals, which a chain must not be able to call;
//! 3. binaryen's `wasm-opt -Oz --mvp-features`, which keeps the output WebAssembly 1.0;
//! 4. the linker's concatenated ABI fragments merged into one compressed `kexin_abi` section
//!    holding the interface (the full ABI, with error sentences and storage layout, is returned
//!    for `NAME.abi.json`);
//! 5. validation against the chain profile (`kexin-check`).
//!
//! The testkit runs exactly what `cargo kexin build` writes, so gas and size measured in tests
//! are the deployed contract's.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use kexin_abi::Abi;
use kexin_check::Profile;

mod sections;

pub use sections::{custom_sections, replace_custom_section, retain_exports};

/// The target every contract builds for: pure WebAssembly 1.0.
pub const TARGET: &str = "wasm32v1-none";

/// The link and codegen flags of every contract build.
pub const RUSTFLAGS: &str = "-C link-arg=-zstack-size=32768 -C link-arg=--max-memory=2097152 -C llvm-args=-inline-threshold=10";

/// The `wasm-opt` arguments: smallest code, MVP features only, no debug or tool sections.
pub const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--mvp-features",
    "--strip-debug",
    "--strip-producers",
    "--strip-target-features",
];

/// A built contract.
#[derive(Debug, Clone)]
pub struct Built {
    /// The cargo package name.
    pub package: String,
    /// The optimised, validated module.
    pub wasm: Vec<u8>,
    /// Size of the module cargo produced, before optimisation.
    pub unoptimised_bytes: usize,
    /// The contract's ABI.
    pub abi: Abi,
    /// Where the deployable module was written (`<target>/kexin/NAME.wasm`, with
    /// `NAME.abi.json` beside it).
    pub wasm_path: PathBuf,
}

/// Why a build failed; each says what to do about it.
#[derive(Debug)]
pub enum BuildError {
    /// The crate directory has no `Cargo.toml`, or its package name cannot be read.
    NotACrate(PathBuf),
    /// `rustup target add wasm32v1-none` failed or rustup is missing.
    TargetMissing(String),
    /// cargo reported errors; its output is attached.
    Cargo(String),
    /// `wasm-opt` is not installed.
    OptimizerMissing,
    /// `wasm-opt` failed on the module.
    Optimizer(String),
    /// The module carries no readable ABI.
    Abi(String),
    /// The module breaks the chain profile.
    Invalid(Box<kexin_check::Report>),
    /// A file could not be read or written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NotACrate(dir) => write!(f, "{} is not a contract crate (no readable Cargo.toml with a [package] name)", dir.display()),
            BuildError::TargetMissing(why) => write!(f, "the {TARGET} target is not installed and could not be added ({why}); run `rustup target add {TARGET}`"),
            BuildError::Cargo(output) => write!(f, "cargo could not build the contract:\n{output}"),
            BuildError::OptimizerMissing => write!(f, "wasm-opt (binaryen) is not installed; install it with `apt-get install binaryen` (or set KEXIN_WASM_OPT to its path)"),
            BuildError::Optimizer(output) => write!(f, "wasm-opt failed:\n{output}"),
            BuildError::Abi(why) => write!(f, "the contract's ABI section cannot be read: {why}; is the crate using #[kexin::contract]?"),
            BuildError::Invalid(report) => write!(f, "the module breaks the chain profile:\n{report}"),
            BuildError::Io(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}

/// The package name in a crate's `Cargo.toml`.
pub fn package_name(crate_dir: &Path) -> Result<String, BuildError> {
    let manifest = crate_dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|_| BuildError::NotACrate(crate_dir.into()))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line
                .strip_prefix("name")
                .map(str::trim_start)
                .and_then(|l| l.strip_prefix('='))
            {
                return Ok(value.trim().trim_matches('"').to_string());
            }
        }
    }
    Err(BuildError::NotACrate(crate_dir.into()))
}

/// Installs the wasm target with rustup if it is missing.
pub fn ensure_target() -> Result<(), BuildError> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| BuildError::TargetMissing(format!("rustup is not available: {e}")))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == TARGET)
    {
        return Ok(());
    }
    eprintln!("kexin: installing the {TARGET} target with rustup (once per toolchain)");
    let status = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
        .map_err(|e| BuildError::TargetMissing(e.to_string()))?;
    if status.success() {
        Ok(())
    } else {
        Err(BuildError::TargetMissing(format!(
            "`rustup target add {TARGET}` exited with {status}"
        )))
    }
}

/// The target directory cargo uses for the crate (honouring `CARGO_TARGET_DIR`).
fn target_dir(crate_dir: &Path) -> Result<PathBuf, BuildError> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(crate_dir)
        .output()
        .map_err(|e| BuildError::Cargo(e.to_string()))?;
    if !output.status.success() {
        return Err(BuildError::Cargo(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| BuildError::Cargo(format!("cargo metadata: {e}")))?;
    meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| BuildError::Cargo("cargo metadata has no target_directory".into()))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Compiles the crate to an unoptimised module and returns its path.
///
/// Contracts build in their own target directory (`<target>/kexin`): the test suite that
/// calls this holds cargo's lock on the normal one.
pub fn compile(crate_dir: &Path, package: &str) -> Result<PathBuf, BuildError> {
    ensure_target()?;
    let target = target_dir(crate_dir)?.join("kexin");
    let output = Command::new(cargo())
        .args([
            "build",
            "--release",
            "--target",
            TARGET,
            "-p",
            package,
            "--target-dir",
        ])
        .arg(&target)
        .current_dir(crate_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env("CARGO_TARGET_WASM32V1_NONE_RUSTFLAGS", RUSTFLAGS)
        .output()
        .map_err(|e| BuildError::Cargo(e.to_string()))?;
    if !output.status.success() {
        return Err(BuildError::Cargo(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    Ok(target
        .join(TARGET)
        .join("release")
        .join(format!("{}.wasm", package.replace('-', "_"))))
}

/// The `wasm-opt` binary: `KEXIN_WASM_OPT` if set, else `wasm-opt` on the `PATH`.
pub fn wasm_opt_command() -> String {
    std::env::var("KEXIN_WASM_OPT").unwrap_or_else(|_| "wasm-opt".into())
}

/// Runs `wasm-opt` on `input`, writing `output`.
pub fn optimise(input: &Path, output: &Path) -> Result<(), BuildError> {
    let result = Command::new(wasm_opt_command())
        .args(WASM_OPT_ARGS)
        .arg(input)
        .arg("-o")
        .arg(output)
        .output();
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BuildError::OptimizerMissing),
        Err(e) => Err(BuildError::Optimizer(e.to_string())),
        Ok(out) if !out.status.success() => Err(BuildError::Optimizer(
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Ok(_) => Ok(()),
    }
}

/// Replaces the linker's concatenated ABI fragments with one compressed section holding the
/// ABI's interface ([`Abi::interface`]); returns the full ABI (with error sentences and the
/// storage layout), which belongs in `NAME.abi.json`.
pub fn merge_abi(wasm: &[u8]) -> Result<(Vec<u8>, Abi), BuildError> {
    let sections =
        custom_sections(wasm, kexin_abi::SECTION).map_err(|e| BuildError::Abi(e.to_string()))?;
    if sections.is_empty() {
        return Err(BuildError::Abi(format!(
            "no `{}` custom section",
            kexin_abi::SECTION
        )));
    }
    let joined: Vec<u8> = sections.concat();
    let abi = Abi::from_section(&joined).map_err(|e| BuildError::Abi(e.to_string()))?;
    let section = abi.interface().to_compressed_section();
    let merged = replace_custom_section(wasm, kexin_abi::SECTION, &section)
        .map_err(|e| BuildError::Abi(e.to_string()))?;
    Ok((merged, abi))
}

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never half of
/// one: written beside it under this process's name, then renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{}.tmp", std::process::id()));
    let temporary = std::path::PathBuf::from(name);
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            BuildError::Io(path.to_path_buf(), e)
        })
}

/// Builds the contract crate in `crate_dir` and validates it against `profile`.
pub fn build(crate_dir: &Path, profile: &Profile) -> Result<Built, BuildError> {
    let package = package_name(crate_dir)?;
    let raw_path = compile(crate_dir, &package)?;
    let raw = std::fs::read(&raw_path).map_err(|e| BuildError::Io(raw_path.clone(), e))?;
    let (_, abi) = merge_abi(&raw)?;
    let methods: Vec<String> = abi
        .contract
        .iter()
        .flat_map(|c| c.methods.iter().map(|m| m.name.clone()))
        .collect();
    let exported = retain_exports(&raw, |name| {
        name == "memory" || methods.iter().any(|m| m == name)
    })
    .map_err(|e| BuildError::Abi(e.to_string()))?;
    // Intermediate files are this process's own (tests and doctests build the same contract
    // from several processes at once) and are removed once read.
    let pid = std::process::id();
    let exported_path = raw_path.with_extension(format!("{pid}.exports.wasm"));
    std::fs::write(&exported_path, &exported)
        .map_err(|e| BuildError::Io(exported_path.clone(), e))?;
    let opt_path = raw_path.with_extension(format!("{pid}.opt.wasm"));
    let optimised = optimise(&exported_path, &opt_path)
        .and_then(|()| std::fs::read(&opt_path).map_err(|e| BuildError::Io(opt_path.clone(), e)));
    let _ = std::fs::remove_file(&exported_path);
    let _ = std::fs::remove_file(&opt_path);
    let (wasm, abi) = merge_abi(&optimised?)?;
    let report = kexin_check::check(&wasm, profile);
    if !report.is_ok() {
        return Err(BuildError::Invalid(Box::new(report)));
    }
    // The deployable files go next to cargo's directory for the target, never over cargo's
    // own artifact: cargo would then skip rebuilding and hand back our output as its input.
    let out_dir = raw_path
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| raw_path.with_file_name(""));
    let wasm_path = out_dir.join(format!("{package}.wasm"));
    write_atomically(&wasm_path, &wasm)?;
    let abi_path = out_dir.join(format!("{package}.abi.json"));
    write_atomically(&abi_path, abi.to_json().as_bytes())?;
    Ok(Built {
        package,
        wasm,
        unoptimised_bytes: raw.len(),
        abi,
        wasm_path,
    })
}
