//! The callee of the cross-contract tests: stores a value, can refuse, can call back.

#![cfg_attr(target_arch = "wasm32", no_std)]

use kexin::prelude::*;

/// Storage: the value and the last caller.
#[contract]
pub struct Callee {
    value: Item<u64>,
    last_caller: Item<Addr>,
}

/// Why the callee refused.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalleeError {
    /// Always returned by `refuse`.
    #[msg("the callee refuses {value}")]
    Refused {
        /// The value it was given.
        value: u64,
    },
}

#[contract]
impl Callee {
    /// Stores `value` and returns the previous one.
    pub fn set(&mut self, value: u64) -> u64 {
        let old = self.value.get_or_default();
        self.value.set(&value);
        self.last_caller.set(&env::caller());
        old
    }

    /// Writes `value`, then reverts: the write must not survive.
    pub fn refuse(&mut self, value: u64) -> Result<(), CalleeError> {
        self.value.set(&value);
        Err(CalleeError::Refused { value })
    }

    /// The stored value.
    pub fn get(&self) -> u64 {
        self.value.get_or_default()
    }

    /// Who last called `set`.
    pub fn last_caller(&self) -> Option<Addr> {
        self.last_caller.get()
    }

    /// Calls `pong` on `target` (re-entering it when `target` called us).
    pub fn ping_back(&mut self, target: Addr) -> bool {
        env::call(&target, "pong", &()).unwrap_or(false)
    }
}
