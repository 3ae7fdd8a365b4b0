//! Contract crates built once per test process with the deployment pipeline.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use kexin_build::{BuildError, Built};

/// Builds the contract crate in `crate_dir` (cargo → wasm-opt → merged ABI → validation), or
/// returns the build this process already made of it.
///
/// Builds are serialised: cargo would lock the target directory anyway, and two tests of one
/// suite asking for the same contract should wait for one build rather than start two.
pub fn contract(crate_dir: &Path) -> Result<Arc<Built>, BuildError> {
    static BUILT: OnceLock<Mutex<HashMap<PathBuf, Arc<Built>>>> = OnceLock::new();
    let mut built = BUILT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let key = crate_dir
        .canonicalize()
        .unwrap_or_else(|_| crate_dir.to_path_buf());
    if let Some(contract) = built.get(&key) {
        return Ok(contract.clone());
    }
    let contract = Arc::new(kexin_build::build(&key, &kexin_check::KEXIN_V1)?);
    built.insert(key, contract.clone());
    Ok(contract)
}
