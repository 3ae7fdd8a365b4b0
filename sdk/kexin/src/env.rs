//! What a contract knows about the call it is running in.

use crate::{codec, host, Addr, Event};

/// The account or contract that made this call.
pub fn caller() -> Addr {
    host::caller_addr()
}

/// This contract's own address.
pub fn contract_address() -> Addr {
    host::contract_addr()
}

/// The height of the block this call runs in.
pub fn block_height() -> u64 {
    host::height()
}

/// The block's timestamp, in seconds since the Unix epoch (UTC).
pub fn block_time() -> u64 {
    host::time()
}

/// Gas left for this call.
pub fn gas_left() -> u64 {
    host::gas()
}

/// Emits an event; indexers see its name as the topic and its borsh encoding as data.
pub fn emit<E: Event>(event: &E) {
    emit_encoded(E::NAME, event);
}

fn emit_encoded(topic: &str, event: &dyn codec::Encode) {
    host::event(topic.as_bytes(), &codec::to_bytes(event));
}

/// Writes a line to the host's debug log (shown by the testkit; chains may discard it).
pub fn log(message: &str) {
    host::log(message.as_bytes());
}

/// Why a call to another contract did not return a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFailure {
    /// The callee reverted (everything it did is undone): its error code and fields.
    Reverted {
        /// The callee's revert code.
        code: u32,
        /// The borsh-encoded fields of its error.
        data: alloc::vec::Vec<u8>,
    },
    /// The callee could not run, or trapped.
    Failed(CallFailed),
    /// The callee returned data that does not decode as the expected type.
    BadReturn,
}

impl CallFailure {
    /// The callee's error as `E`, if it reverted with one of `E`'s codes.
    pub fn error<E: crate::ContractError>(&self) -> Option<E> {
        match self {
            CallFailure::Reverted { code, data } => E::decode(*code, data),
            _ => None,
        }
    }
}

/// Calls `method` of another contract with `args` (a tuple of the method's arguments, in
/// order) and decodes what it returns.
///
/// The call is synchronous and runs on this call's remaining gas. If the callee reverts,
/// its effects are undone and this call continues with [`CallFailure::Reverted`]; returning
/// that as an error (with `?`) reverts this call too, so the whole call tree is all or
/// nothing. The callee sees this contract as its caller.
pub fn call<R: codec::Decode>(
    contract: &Addr,
    method: &str,
    args: &dyn codec::Encode,
) -> Result<R, CallFailure> {
    let (status, result) = host::call(contract, method, &codec::to_bytes(args));
    match status {
        0 => codec::from_slice(&result).ok_or(CallFailure::BadReturn),
        1 => {
            // Revert data shorter than a code is not a Kexin error: treated as a panic.
            let code = result
                .get(..4)
                .map_or(u32::MAX, |c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            let data = result.get(4..).unwrap_or(&[]).to_vec();
            Err(CallFailure::Reverted { code, data })
        }
        _ => Err(CallFailure::Failed(CallFailed::from_code(
            result.first().copied().unwrap_or(0),
        ))),
    }
}

/// Why a called contract could not return or revert: the one-byte result of status 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CallFailed {
    /// The call stack already held as many frames as the chain allows.
    DepthLimit = 1,
    /// There is no contract at the address.
    NoContract = 2,
    /// The contract has no such method (or the method is its constructor).
    NoMethod = 3,
    /// The callee trapped or broke the host ABI.
    Trapped = 4,
    /// A reason this SDK does not know (a newer host).
    Other = 255,
}

impl CallFailed {
    /// The reason for a result byte.
    pub fn from_code(code: u8) -> CallFailed {
        match code {
            1 => CallFailed::DepthLimit,
            2 => CallFailed::NoContract,
            3 => CallFailed::NoMethod,
            4 => CallFailed::Trapped,
            _ => CallFailed::Other,
        }
    }
}

/// Whether this contract is already running further up the call stack: it called another
/// contract that called back into it. Contracts that move value should refuse re-entry.
pub fn reentered() -> bool {
    host::is_reentered()
}
