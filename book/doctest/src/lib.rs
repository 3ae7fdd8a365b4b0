//! The Kexin book's chapters as doctests: every ```rust block of `book/src` compiles (and,
//! unless marked `no_run`, runs) in CI with `cargo test -p kexin-book --doc`. mdBook's own
//! `mdbook test` cannot see the workspace's crates; rustdoc can.
//!
//! Each module below is empty and carries one chapter as its documentation. The chapters are
//! written for mdBook, not rustdoc, so the rustdoc-flavoured clippy lints on their prose are off.
//!
//! A chapter that shows a `#[test]` function for the reader to paste into `tests/` follows the
//! attribute with a hidden `# #[cfg(any())] fn …() {}` line: the attribute applies to that
//! hidden item, and the visible function stays an ordinary one, which the doctest compiles
//! and (unless `no_run`) calls from a hidden `main`. Without it, rustdoc would drop the test
//! function unchecked, which is what clippy's `test_attr_in_doctest` warns about.

#![allow(
    clippy::doc_overindented_list_items,
    clippy::doc_lazy_continuation,
    clippy::doc_markdown,
    clippy::test_attr_in_doctest
)]

use std::fs::File;

/// Holds an exclusive, machine-wide lock until dropped.
pub struct BuildLock(File);

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Serialises the first deployment of each doctest (a hidden line in the chapters).
///
/// Every doctest is its own process, and each process builds the contracts it deploys. The
/// build pipeline writes its intermediate files (`NAME.exports.wasm`, `NAME.opt.wasm`) under
/// fixed names, so two processes building the same contract at once can read each other's
/// half-written files. Until the pipeline writes them atomically, the doctests take turns.
pub fn build_lock() -> BuildLock {
    let path = std::env::temp_dir().join("kexin-book-build.lock");
    let file = File::create(&path).expect("the lock file can be created");
    file.lock().expect("the lock can be taken");
    BuildLock(file)
}

#[doc = include_str!("../../src/quick-start.md")]
pub mod quick_start {}

#[doc = include_str!("../../src/writing-contracts/index.md")]
pub mod writing_contracts {}

#[doc = include_str!("../../src/writing-contracts/state.md")]
pub mod state {}

#[doc = include_str!("../../src/writing-contracts/events.md")]
pub mod events {}

#[doc = include_str!("../../src/writing-contracts/errors.md")]
pub mod errors {}

#[doc = include_str!("../../src/writing-contracts/access-control.md")]
pub mod access_control {}

#[doc = include_str!("../../src/writing-contracts/crypto.md")]
pub mod crypto {}

#[doc = include_str!("../../src/testing.md")]
pub mod testing {}

#[doc = include_str!("../../src/host-abi.md")]
pub mod host_abi {}

#[doc = include_str!("../../src/cli.md")]
pub mod cli {}

#[doc = include_str!("../../src/reference-contracts/index.md")]
pub mod reference_contracts {}

#[doc = include_str!("../../src/reference-contracts/token.md")]
pub mod token_example {}

#[doc = include_str!("../../src/reference-contracts/dci-copyright.md")]
pub mod dci_copyright {}

#[doc = include_str!("../../src/reference-contracts/green-power.md")]
pub mod green_power {}
