//! The host backend: the one place where the SDK talks to the chain.
//!
//! Every backend provides the same set of safe functions (`input`, `storage_get`, `event`,
//! `hash_sm3`, ...). The rest of the SDK calls only these, so a new chain target (ChainMaker's
//! `sys_call`, FISCO BCOS's `bcos` imports) is a new file here and no change to contract source.

#[cfg(target_arch = "wasm32")]
mod kexin_v1;
#[cfg(target_arch = "wasm32")]
pub use crate::wasm_runtime::Bytes;
#[cfg(target_arch = "wasm32")]
pub use kexin_v1::*;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::{
    call, caller_addr, contract_addr, event, gas, hash_keccak_256, hash_sha3_256, hash_sm3, height,
    input, input_size, is_reentered, log, revert_with, set_return, storage_delete, storage_get,
    storage_len, storage_next, storage_set, time, Bytes,
};
