//! Errors that revert: a failed call leaves no trace in state and returns a code.
//!
//! Revert data is `code: u32` (little-endian) followed by the borsh encoding of the error's
//! fields. Codes at or above [`codes::RESERVED_FROM`] belong to the SDK.

use alloc::vec::Vec;

use crate::codec::Writer;
use crate::host;

/// Revert codes the SDK itself raises.
pub mod codes {
    /// The first code reserved for the SDK; contract error codes are below it.
    pub const RESERVED_FROM: u32 = 0xFFFF_FF00;
    /// The contract panicked (a bug, an arithmetic overflow, an allocation failure).
    pub const PANIC: u32 = u32::MAX;
    /// The call's arguments did not decode as the method's argument types.
    pub const BAD_INPUT: u32 = u32::MAX - 1;
}

/// An error enum a method can return; derive it with `#[kexin::error]`.
pub trait ContractError: Sized {
    /// This error's revert code.
    fn code(&self) -> u32;
    /// Appends the borsh encoding of this error's fields.
    fn encode_fields(&self, out: &mut Writer);
    /// Rebuilds the error from a revert code and its fields; `None` if they do not match.
    fn decode(code: u32, fields: &[u8]) -> Option<Self>;
}

fn revert_writer<E: ContractError>(error: &E) -> Writer {
    let mut out = Writer::new();
    out.write(&error.code().to_le_bytes());
    error.encode_fields(&mut out);
    out
}

/// The error type of a method that cannot fail with a contract error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoError {}

impl ContractError for NoError {
    fn code(&self) -> u32 {
        match *self {}
    }
    fn encode_fields(&self, _: &mut Writer) {
        match *self {}
    }
    fn decode(_: u32, _: &[u8]) -> Option<Self> {
        None
    }
}

/// The revert data for an error.
pub fn revert_data<E: ContractError>(error: &E) -> Vec<u8> {
    revert_writer(error).into_vec()
}

/// Ends the call with this error, undoing every effect of the call.
pub fn revert<E: ContractError>(error: &E) -> ! {
    host::revert_with(revert_writer(error).as_slice())
}

/// Returns early with an error when a condition does not hold.
///
/// ```ignore
/// ensure!(amount > 0, TokenError::ZeroAmount);
/// ```
#[macro_export]
macro_rules! ensure {
    ($condition:expr, $error:expr $(,)?) => {
        if !$condition {
            return ::core::result::Result::Err(::core::convert::From::from($error));
        }
    };
}

/// Stops the call because the contract broke an invariant of its own (corrupt state, an
/// exhausted id sequence). On wasm this reverts with [`codes::PANIC`] without formatting
/// anything, which keeps `core::fmt` out of the module; natively it panics with `reason`.
#[inline(always)]
#[cfg_attr(not(target_arch = "wasm32"), track_caller)]
pub fn fatal(reason: &'static str) -> ! {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = reason;
        abort()
    }
    #[cfg(not(target_arch = "wasm32"))]
    panic!("{reason}")
}

/// Reverts with [`codes::PANIC`]; shared by every failure path of a wasm contract.
#[cold]
#[inline(never)]
pub fn abort() -> ! {
    host::revert_with(&codes::PANIC.to_le_bytes())
}

/// `expect` for contracts: `value.or_abort("why")` stops the call like a panic when the value
/// is `None` or `Err`, for conditions that only a bug can cause (an invariant broken, corrupt
/// state).
///
/// Unlike `expect`, it formats nothing in the wasm: the revert carries [`codes::PANIC`] and
/// no message, which keeps `core::fmt` out of the module. Native runs (the testkit's native
/// backend) panic with `why`. For conditions a caller can cause, return an error instead.
///
/// ```ignore
/// let balance = self.balances.get_or_default(&to).checked_add(amount).or_abort("balance overflow");
/// ```
pub trait OrAbort<T> {
    /// The value, or [`fatal`] with `reason`.
    fn or_abort(self, reason: &'static str) -> T;
}

impl<T, E> OrAbort<T> for Result<T, E> {
    #[inline(always)]
    #[cfg_attr(not(target_arch = "wasm32"), track_caller)]
    fn or_abort(self, reason: &'static str) -> T {
        match self {
            Ok(value) => value,
            Err(_) => fatal(reason),
        }
    }
}

impl<T> OrAbort<T> for Option<T> {
    #[inline(always)]
    #[cfg_attr(not(target_arch = "wasm32"), track_caller)]
    fn or_abort(self, reason: &'static str) -> T {
        match self {
            Some(value) => value,
            None => fatal(reason),
        }
    }
}
