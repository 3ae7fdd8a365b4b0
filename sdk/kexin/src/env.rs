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
