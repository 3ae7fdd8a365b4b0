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
    /// Create a contract project from the Kexin template (through cargo-generate).
    New {
        /// The project name (a directory of that name is created).
        name: String,
        /// Where to create it (default: the current directory).
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// The Kexin repository the project depends on (default: the one this CLI was built from).
        #[arg(long)]
        kexin: Option<PathBuf>,
    },
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
    /// Print the ABI embedded in a wasm file, or the full ABI of a NAME.abi.json file.
    Abi {
        /// The module (or ABI JSON file) to read.
        file: PathBuf,
        /// `json` or `table`.
        #[arg(long, default_value = "json")]
        format: String,
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
        Command::New { name, path, kexin } => new(&name, &path, kexin.as_deref()),
        Command::Build { path } => build(&path.unwrap_or_else(|| PathBuf::from("."))),
        Command::Check { file, profile } => check(&file, &profile),
        Command::Abi { file, format } => abi(&file, &format),
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

/// The Kexin repository this CLI was built from.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

fn new(name: &str, path: &Path, kexin: Option<&Path>) -> Result<(), String> {
    let repo = kexin.map(Path::to_path_buf).unwrap_or_else(repository);
    let template = repo.join("templates/contract");
    if !template.join("cargo-generate.toml").is_file() {
        return Err(format!(
            "no Kexin template at {}; pass --kexin PATH to the Kexin repository",
            template.display()
        ));
    }
    let installed = std::process::Command::new("cargo")
        .args(["generate", "--version"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        return Err(
            "cargo-generate is not installed; install it with `cargo install cargo-generate --version 0.23.7 --locked` (or run `bash scripts/setup.sh --all` in the Kexin repository)"
                .into(),
        );
    }
    std::fs::create_dir_all(path)
        .map_err(|e| format!("cannot create the directory {}: {e}", path.display()))?;
    let status = std::process::Command::new("cargo")
        .args(["generate", "--path"])
        .arg(&template)
        .args(["--name", name, "--silent", "--vcs", "none", "--define"])
        .arg(format!("kexin_repo={}", repo.display()))
        .arg("--destination")
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo-generate could not create {} (its message is above)",
            path.join(name).display()
        ));
    }
    let dir = path.join(name);
    println!("created {}", dir.display());
    println!(
        "next: cd {} && cargo test && cargo kexin build",
        dir.display()
    );
    println!(
        "(`cargo kexin` outside the Kexin repository needs `cargo install --path {}/tools/cli`)",
        repo.display()
    );
    Ok(())
}

fn build(path: &Path) -> Result<(), String> {
    eprintln!(
        "kexin: compiling {} for wasm32v1-none, optimising with wasm-opt, validating…",
        path.display()
    );
    let built = kexin_build::build(path, &kexin_check::KEXIN_V1).map_err(|e| e.to_string())?;
    let report = kexin_check::check(&built.wasm, &kexin_check::KEXIN_V1);
    println!("built {}", built.package);
    println!("| | |");
    println!("|---|---|");
    println!("| bytes before wasm-opt | {} |", built.unoptimised_bytes);
    println!("| bytes deployable | {} |", built.wasm.len());
    println!("| bytes of code | {} |", report.info.code_bytes);
    println!(
        "| exports | {} |",
        report.info.exported_functions.join(", ")
    );
    let mut imports: Vec<&str> = report
        .info
        .imports
        .iter()
        .map(|(_, name)| name.as_str())
        .collect();
    imports.sort_unstable();
    println!("| imports | {} |", imports.join(", "));
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

fn abi(file: &Path, format: &str) -> Result<(), String> {
    let abi = if file.extension().is_some_and(|e| e == "json") {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{} is not an ABI JSON file: {e}", file.display()))?
    } else {
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
        kexin_abi::Abi::from_section(&sections.concat()).map_err(|e| e.to_string())?
    };
    match format {
        "json" => println!("{}", abi.to_json()),
        "table" => print!("{}", abi_table(&abi)),
        other => return Err(format!("unknown format `{other}`; use `json` or `table`")),
    }
    Ok(())
}

/// The ABI as Markdown tables: methods, events, errors.
fn abi_table(abi: &kexin_abi::Abi) -> String {
    let fields = |fields: &[kexin_abi::FieldDef]| {
        fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.ty))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    if let Some(contract) = &abi.contract {
        out.push_str(&format!("contract {}\n\n| method | kind | arguments | returns | error |\n|---|---|---|---|---|\n", contract.name));
        for m in &contract.methods {
            let kind = match m.kind {
                kexin_abi::MethodKind::Constructor => "constructor",
                kexin_abi::MethodKind::Call => "call",
                kexin_abi::MethodKind::View => "view",
            };
            out.push_str(&format!(
                "| {} | {kind} | {} | {} | {} |\n",
                m.name,
                fields(&m.args),
                m.returns,
                m.error.as_deref().unwrap_or("")
            ));
        }
    }
    if !abi.events.is_empty() {
        out.push_str("\n| event | fields |\n|---|---|\n");
        for e in &abi.events {
            out.push_str(&format!("| {} | {} |\n", e.name, fields(&e.fields)));
        }
    }
    for error in &abi.errors {
        // The section embedded in a wasm file leaves the messages out (they are in the JSON).
        let messages = error.variants.iter().any(|v| !v.message.is_empty());
        out.push_str(&format!(
            "\n| {} code | variant | fields |{}\n|---|---|---|{}\n",
            error.name,
            if messages { " message |" } else { "" },
            if messages { "---|" } else { "" },
        ));
        for v in &error.variants {
            let message = if messages {
                format!(" {} |", v.message)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "| {} | {} | {} |{message}\n",
                v.code,
                v.name,
                fields(&v.fields),
            ));
        }
    }
    if let Some(storage) = &abi.storage {
        out.push_str("\n| storage field | prefix | type |\n|---|---|---|\n");
        for f in &storage.fields {
            out.push_str(&format!("| {} | {:?} | {} |\n", f.name, f.prefix, f.ty));
        }
    }
    out
}
