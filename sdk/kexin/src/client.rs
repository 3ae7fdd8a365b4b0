//! Typed clients for tests and tools (native builds only).
//!
//! `#[contract]` generates a `NameClient<B>` for every contract: one method per contract
//! method, taking Rust values and returning Rust values. The client talks to a [`Backend`]:
//! `kexin-testkit`'s `Chain` is one. Each method comes in two forms:
//! `token.transfer(&bob, 10)` panics with a readable message if the call fails, and
//! `token.try_transfer(&bob, 10)` returns `Result<_, CallError<TokenError>>`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::codec::{self, Decode};

use crate::error::ContractError;
use crate::Addr;

/// Looks up a natively compiled entry point by export name (`init`, `transfer`, …).
pub type NativeExports = fn(&str) -> Option<fn()>;

/// Where a contract's code comes from: its crate, for building, and its native entry points.
#[derive(Clone, Copy)]
pub struct ContractSource {
    /// The cargo package name.
    pub package: &'static str,
    /// The crate's directory (`CARGO_MANIFEST_DIR` when the contract was compiled).
    pub manifest_dir: &'static str,
    /// The natively compiled export with this name (`init`, `transfer`, …), if there is one.
    pub native_export: NativeExports,
}

impl fmt::Debug for ContractSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContractSource")
            .field("package", &self.package)
            .finish()
    }
}

/// Whether a call may change state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// A state-changing call.
    Call,
    /// A read-only view; the host rejects writes.
    View,
}

/// Something that deploys contracts and runs calls: a local chain, or a connection to one.
pub trait Backend: Clone {
    /// Deploys a contract and runs its constructor with the borsh-encoded arguments.
    fn deploy(
        &self,
        source: &ContractSource,
        deployer: &Addr,
        args: Vec<u8>,
    ) -> Result<Addr, Failure>;

    /// Runs one call and returns its return data.
    fn invoke(
        &self,
        contract: &Addr,
        caller: &Addr,
        method: &str,
        args: Vec<u8>,
        kind: CallKind,
    ) -> Result<Vec<u8>, Failure>;
}

/// Why a call did not succeed, as the backend saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The contract reverted with a code and data (an error, a panic, bad input).
    Reverted {
        /// The revert code (see [`crate::error::codes`]).
        code: u32,
        /// The error's borsh-encoded fields.
        data: Vec<u8>,
    },
    /// The call ran out of gas.
    OutOfGas,
    /// The wasm trapped (unreachable, out-of-bounds access, stack overflow, bad host call).
    Trapped,
    /// The call never ran: unknown contract or method, a constructor called again, an invalid
    /// module.
    Rejected,
    /// The natively compiled contract and its wasm did different things (a testkit running
    /// both reports the difference instead of either result).
    Diverged,
}

/// A failed call: what happened, a readable explanation, and the contract's debug log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The kind of failure.
    pub kind: FailureKind,
    /// A sentence explaining the failure (with the decoded error, trap reason, …).
    pub message: String,
    /// Lines the contract wrote with `env::log` before failing.
    pub logs: Vec<String>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for line in &self.logs {
            write!(f, "\n  log: {line}")?;
        }
        Ok(())
    }
}

/// The error of a typed client call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError<E> {
    /// The contract returned one of its own errors.
    Contract(E),
    /// Anything else: a panic, bad input, out of gas, a trap, a rejected call.
    Failed(Failure),
}

impl<E> CallError<E> {
    /// The contract error, if that is what this is.
    pub fn contract_error(&self) -> Option<&E> {
        match self {
            CallError::Contract(e) => Some(e),
            CallError::Failed(_) => None,
        }
    }

    /// The backend failure, if this is not a contract error.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            CallError::Contract(_) => None,
            CallError::Failed(f) => Some(f),
        }
    }
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Contract(e) => write!(f, "contract error: {e}"),
            CallError::Failed(failure) => failure.fmt(f),
        }
    }
}

impl<E: fmt::Display + fmt::Debug> std::error::Error for CallError<E> {}

pub use crate::error::NoError;

impl fmt::Display for NoError {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

/// Classifies a failure: a revert whose code and data decode as `E` is a contract error.
pub fn classify<E: ContractError>(failure: Failure) -> CallError<E> {
    if let FailureKind::Reverted { code, data } = &failure.kind {
        if let Some(error) = E::decode(*code, data) {
            return CallError::Contract(error);
        }
    }
    CallError::Failed(failure)
}

/// Runs a call through a backend and decodes its result. Used by generated clients.
pub fn invoke<B: Backend, R: Decode, E: ContractError>(
    backend: &B,
    contract: &Addr,
    caller: &Addr,
    method: &str,
    args: Vec<u8>,
    kind: CallKind,
) -> Result<R, CallError<E>> {
    let data = backend
        .invoke(contract, caller, method, args, kind)
        .map_err(classify)?;
    codec::from_slice(&data).ok_or_else(|| {
        CallError::Failed(Failure {
            kind: FailureKind::Rejected,
            message: format!(
                "`{method}` returned {} bytes that do not decode as its return type",
                data.len()
            ),
            logs: Vec::new(),
        })
    })
}

/// Unwraps a call's result, panicking with the method name and the readable failure.
#[track_caller]
pub fn expect_success<R, E: fmt::Display>(method: &str, result: Result<R, CallError<E>>) -> R {
    match result {
        Ok(value) => value,
        Err(error) => panic!("call `{method}` failed: {error}"),
    }
}
