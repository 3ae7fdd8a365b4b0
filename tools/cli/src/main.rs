//! `cargo kexin`: the command line of the Kexin SDK.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod demo;

#[derive(Parser)]
#[command(
    name = "cargo kexin",
    version,
    about = "Build, check and inspect Kexin smart contracts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a contract crate: compile to wasm32v1-none, optimise, validate, write NAME.wasm
    /// and NAME.abi.json.
    Build {
        /// The contract crate (default: the current directory).
        path: Option<PathBuf>,
    },
    /// Validate any wasm file against a chain profile and list every problem.
    Check {
        /// The module to check.
        file: PathBuf,
        /// The chain profile.
        #[arg(long, default_value = "kexin")]
        profile: String,
    },
    /// Print the ABI embedded in a wasm file.
    Abi {
        /// The module to read.
        file: PathBuf,
    },
    /// Build every contract in `contracts/`, run its scenario on a local chain, and print
    /// sizes and gas.
    Demo {
        /// The workspace holding `contracts/` (default: found from the current directory).
        #[arg(long)]
        workspace: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    // Run as `cargo kexin …`, cargo passes `kexin` as the first argument.
    let mut args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("kexin") {
        args.remove(1);
    }
    let cli = Cli::parse_from(args);
    let result = match cli.command {
        Command::Build { path } => build(&path.unwrap_or_else(|| PathBuf::from("."))),
        Command::Check { file, profile } => check(&file, &profile),
        Command::Abi { file } => abi(&file),
        Command::Demo { workspace } => demo::run(workspace.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn profile(name: &str) -> Result<&'static kexin_check::Profile, String> {
    match name {
        "kexin" | "kexin_v1" => Ok(&kexin_check::KEXIN_V1),
        other => Err(format!(
            "unknown chain profile `{other}`; known profiles: kexin"
        )),
    }
}

fn build(path: &Path) -> Result<(), String> {
    let built = kexin_build::build(path, &kexin_check::KEXIN_V1).map_err(|e| e.to_string())?;
    let report = kexin_check::check(&built.wasm, &kexin_check::KEXIN_V1);
    println!("built {}", built.package);
    println!("| | bytes |");
    println!("|---|---|");
    println!("| before wasm-opt | {} |", built.unoptimised_bytes);
    println!("| deployable | {} |", built.wasm.len());
    println!("| code | {} |", report.info.code_bytes);
    println!(
        "| exports | {} |",
        report.info.exported_functions.join(", ")
    );
    println!(
        "| imports | {} |",
        report
            .info
            .imports
            .iter()
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("wrote {}", built.wasm_path.display());
    println!(
        "wrote {}",
        built.wasm_path.with_extension("abi.json").display()
    );
    Ok(())
}

fn read(file: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

fn check(file: &Path, profile_name: &str) -> Result<(), String> {
    let wasm = read(file)?;
    let report = kexin_check::check(&wasm, profile(profile_name)?);
    if report.is_ok() {
        println!(
            "{}: accepted by the {profile_name} profile ({} bytes)",
            file.display(),
            wasm.len()
        );
        Ok(())
    } else {
        for problem in &report.problems {
            println!("{}: {problem}", file.display());
        }
        Err(format!(
            "{} problem(s) in {}",
            report.problems.len(),
            file.display()
        ))
    }
}

fn abi(file: &Path) -> Result<(), String> {
    let wasm = read(file)?;
    let sections =
        kexin_build::custom_sections(&wasm, kexin_abi::SECTION).map_err(|e| e.to_string())?;
    if sections.is_empty() {
        return Err(format!(
            "{} has no `{}` section",
            file.display(),
            kexin_abi::SECTION
        ));
    }
    let abi = kexin_abi::Abi::from_section(&sections.concat()).map_err(|e| e.to_string())?;
    println!("{}", abi.to_json());
    Ok(())
}
