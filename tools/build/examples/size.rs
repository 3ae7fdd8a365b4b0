//! Builds a contract crate with the deployment pipeline and prints its sizes:
//! `cargo run -p kexin-build --example size -- contracts/token`.

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "contracts/token".into());
    match kexin_build::build(std::path::Path::new(&dir), &kexin_check::KEXIN_V1) {
        Ok(built) => {
            let report = kexin_check::check(&built.wasm, &kexin_check::KEXIN_V1);
            let abi: usize = kexin_build::custom_sections(&built.wasm, kexin_abi::SECTION)
                .map(|s| s.iter().map(|c| c.len()).sum())
                .unwrap_or(0);
            println!(
                "{}: {} bytes (unoptimised {}), code {} bytes, data {} bytes, ABI section {} bytes",
                built.package,
                built.wasm.len(),
                built.unoptimised_bytes,
                report.info.code_bytes,
                report.info.data_bytes,
                abi
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
