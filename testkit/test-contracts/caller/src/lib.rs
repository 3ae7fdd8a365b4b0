//! The caller of the cross-contract tests.

#![cfg_attr(target_arch = "wasm32", no_std)]

use kexin::env::CallFailure;
use kexin::prelude::*;

/// Storage: a marker written around calls.
#[contract]
pub struct Caller {
    marker: Item<u64>,
}

/// Why the caller failed.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerError {
    /// The callee reverted with this code.
    #[msg("the callee reverted with code {code}")]
    CalleeReverted {
        /// The callee's revert code.
        code: u32,
    },
    /// The callee could not run.
    #[msg("the callee failed (reason {reason})")]
    CalleeFailed {
        /// The host's reason code (see `CallFailed`).
        reason: u8,
    },
    /// Always returned by `forward_then_fail`, after a successful call.
    #[msg("the caller gives up after the call")]
    GaveUp,
}

fn failure(error: CallFailure) -> CallerError {
    match error {
        CallFailure::Reverted { code, .. } => CallerError::CalleeReverted { code },
        CallFailure::Failed(reason) => CallerError::CalleeFailed {
            reason: reason as u8,
        },
        CallFailure::BadReturn => CallerError::CalleeFailed { reason: 0 },
    }
}

#[contract]
impl Caller {
    /// Sets `value` in the callee and returns the callee's previous value.
    pub fn forward(&mut self, callee: Addr, value: u64) -> Result<u64, CallerError> {
        self.marker.set(&value);
        env::call(&callee, "set", &(value,)).map_err(failure)
    }

    /// Calls the callee successfully, then fails: nothing of either must survive.
    pub fn forward_then_fail(&mut self, callee: Addr, value: u64) -> Result<(), CallerError> {
        self.marker.set(&value);
        let _: u64 = env::call(&callee, "set", &(value,)).map_err(failure)?;
        Err(CallerError::GaveUp)
    }

    /// Calls `refuse`, keeps going, and reports the callee's error code: the callee's write is
    /// undone, the caller's stays.
    pub fn absorb_refusal(&mut self, callee: Addr, value: u64) -> u32 {
        self.marker.set(&value);
        match env::call::<()>(&callee, "refuse", &(value,)) {
            Err(CallFailure::Reverted { code, .. }) => code,
            _ => 0,
        }
    }

    /// Calls itself `depth` more times; returns how many levels ran.
    pub fn recurse(&mut self, depth: u32) -> Result<u32, CallerError> {
        if depth == 0 {
            return Ok(1);
        }
        let me = env::contract_address();
        let below: u32 = env::call(&me, "recurse", &(depth - 1,)).map_err(failure)?;
        Ok(below + 1)
    }

    /// Asks the callee to call back `pong`; returns what `pong` saw.
    pub fn ping(&mut self, callee: Addr) -> Result<bool, CallerError> {
        env::call(&callee, "ping_back", &(env::contract_address(),)).map_err(failure)
    }

    /// Whether this call re-entered the contract.
    pub fn pong(&mut self) -> bool {
        env::reentered()
    }

    /// The marker.
    pub fn marker(&self) -> u64 {
        self.marker.get_or_default()
    }
}
