//! Fails in every way the testkit must explain: an error after logging, a panic, a trap,
//! and code that behaves differently natively and as wasm.

#![cfg_attr(target_arch = "wasm32", no_std)]

use kexin::prelude::*;

/// Storage: one counter.
#[contract]
pub struct Diagnostics {
    counter: Item<u64>,
}

/// Why a call failed.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiagError {
    /// The amount is above the limit.
    #[msg("the amount {amount} is above the limit {limit}")]
    TooLarge {
        /// Requested.
        amount: u64,
        /// Allowed.
        limit: u64,
    },
}

#[contract]
impl Diagnostics {
    /// Logs two lines, writes, then fails: the write is undone, the log lines are kept.
    pub fn fail_with_log(&mut self, amount: u64) -> Result<(), DiagError> {
        env::log("checking the amount");
        self.counter.set(&amount);
        env::log("the amount is too large");
        Err(DiagError::TooLarge { amount, limit: 10 })
    }

    /// Panics with a message.
    pub fn panic_now(&mut self) {
        self.counter.set(&1);
        panic!("the ledger is corrupt");
    }

    /// Traps (an `unreachable` instruction in wasm).
    pub fn trap(&mut self) {
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        panic!("trap");
    }

    /// Returns 1 as wasm and 2 natively: the testkit must notice.
    pub fn diverge(&self) -> u32 {
        if cfg!(target_arch = "wasm32") {
            1
        } else {
            2
        }
    }

    /// Counts up.
    pub fn bump(&mut self) -> u64 {
        let next = self.counter.get_or_default() + 1;
        self.counter.set(&next);
        next
    }
}
