//! Host ABI v1: every function a chain must provide, as the contract imports it.
//!
//! This file is the ABI. Each import lives in the module `kexin_v1`, takes and returns only
//! `i32`/`i64`, and is documented in `book/src/host-abi.md`. Pointers are offsets into the
//! contract's exported `memory`; a host that finds a pointer/length pair outside memory traps
//! the call. The safe wrappers below are the only callers; they are the SDK's host backend.

use crate::types::Addr;
use crate::wasm_runtime::Bytes;

#[link(wasm_import_module = "kexin_v1")]
extern "C" {
    // ---- call input and output -------------------------------------------------------------
    /// Length in bytes of the call's input (the borsh-encoded argument tuple).
    fn input_len() -> i32;
    /// Copies the whole input to `dst`.
    fn input_read(dst: i32);
    /// Sets the call's return data; a later call replaces it.
    fn return_data(ptr: i32, len: i32);
    /// Ends the call as failed: every effect of the call is undone; `ptr/len` is the revert data.
    fn revert(ptr: i32, len: i32) -> !;

    // ---- storage -------------------------------------------------------------------------------
    /// Copies up to `cap` bytes of the value under the key to `dst`; returns the value's full
    /// length, or -1 if the key is absent (so `cap = 0` asks only whether and how long).
    fn storage_read(key_ptr: i32, key_len: i32, dst: i32, cap: i32) -> i32;
    /// Stores a value under a key, replacing any previous value.
    fn storage_write(key_ptr: i32, key_len: i32, val_ptr: i32, val_len: i32);
    /// Deletes a key; returns 1 if it existed, 0 otherwise.
    fn storage_remove(key_ptr: i32, key_len: i32) -> i32;
    /// Finds the smallest key that starts with `prefix` and is greater than `after`
    /// (`after_len = -1`: from the start of the prefix); copies up to `cap` bytes of it to `dst`
    /// and returns its full length, or -1 if there is none.
    fn storage_next_key(
        prefix_ptr: i32,
        prefix_len: i32,
        after_ptr: i32,
        after_len: i32,
        dst: i32,
        cap: i32,
    ) -> i32;

    // ---- context -------------------------------------------------------------------------------
    /// Writes the 32-byte address of the account (or contract) that made this call.
    fn caller(dst: i32);
    /// Writes the 32-byte address of this contract.
    fn self_address(dst: i32);
    /// The height of the block this call executes in.
    fn block_height() -> i64;
    /// The timestamp of that block, in seconds since the Unix epoch (UTC).
    fn block_time() -> i64;
    /// Gas left for this call.
    fn gas_left() -> i64;

    // ---- events and logs -----------------------------------------------------------------------
    /// Emits an event with a topic (the event name) and borsh-encoded data.
    fn emit_event(topic_ptr: i32, topic_len: i32, data_ptr: i32, data_len: i32);
    /// Writes a UTF-8 line to the host's debug log; chains may discard it.
    fn debug_log(ptr: i32, len: i32);

    // ---- crypto --------------------------------------------------------------------------------
    /// Writes the 32-byte SHA3-256 digest of the input to `dst`.
    fn sha3_256(ptr: i32, len: i32, dst: i32);
    /// Writes the 32-byte Keccak-256 digest (Ethereum's variant) of the input to `dst`.
    fn keccak_256(ptr: i32, len: i32, dst: i32);
    /// Writes the 32-byte SM3 digest (GM/T 0004-2012) of the input to `dst`.
    fn sm3(ptr: i32, len: i32, dst: i32);

    // ---- cross-contract calls (v1.1) --------------------------------------------------------
    /// Calls `method` of the contract at the 32-byte address `addr` with `input`, synchronously,
    /// on this call's remaining gas. Returns 0 if the callee returned, 1 if it reverted (its
    /// effects are undone), 2 if it failed otherwise (trap, no such contract or method, call
    /// depth limit). Running out of gas in the callee ends this call too.
    fn call_contract(addr: i32, method: i32, method_len: i32, input: i32, input_len: i32) -> i32;
    /// Copies up to `cap` bytes of the last `call_contract`'s result to `dst` (its return
    /// data, its revert data, or a UTF-8 reason) and returns the full length.
    fn call_result(dst: i32, cap: i32) -> i32;
    /// 1 if this contract is already running further up the call stack (re-entered), else 0.
    fn reentered() -> i32;
}

// Every wrapper below passes pointers into buffers it owns for the duration of the call and
// lengths that match them; wasm32 pointers and lengths fit in i32 because memory is at most
// 4 GiB. These two facts are the safety argument for each `unsafe` block.

fn ptr(bytes: &[u8]) -> i32 {
    bytes.as_ptr() as i32
}

fn len(bytes: &[u8]) -> i32 {
    bytes.len() as i32
}

pub fn input_size() -> usize {
    // SAFETY: no pointers involved.
    unsafe { input_len() as usize }
}

pub fn input() -> Bytes {
    // SAFETY: `input_read` copies exactly `input_len()` bytes to `dst`, where
    // `from_host_exact` has room for them.
    unsafe { Bytes::from_host_exact(input_size(), |dst| input_read(dst)) }
}

pub fn set_return(data: &[u8]) {
    // SAFETY: `data` is a live slice.
    unsafe { return_data(ptr(data), len(data)) }
}

pub fn revert_with(data: &[u8]) -> ! {
    // SAFETY: `data` is a live slice; the host never returns from `revert`.
    unsafe { revert(ptr(data), len(data)) }
}

pub fn storage_get(key: &[u8]) -> Option<Bytes> {
    // SAFETY: `key` is live; `from_host` hands in memory with room for `cap` bytes.
    Bytes::from_host(&|dst, cap| unsafe { storage_read(ptr(key), len(key), dst, cap) })
}

pub fn storage_len(key: &[u8]) -> Option<usize> {
    // SAFETY: `key` is live; `cap = 0` means the host writes nothing.
    let n = unsafe { storage_read(ptr(key), len(key), 0, 0) };
    (n >= 0).then_some(n as usize)
}

pub fn storage_set(key: &[u8], value: &[u8]) {
    // SAFETY: both slices are live.
    unsafe { storage_write(ptr(key), len(key), ptr(value), len(value)) }
}

pub fn storage_delete(key: &[u8]) -> bool {
    // SAFETY: `key` is live.
    unsafe { storage_remove(ptr(key), len(key)) == 1 }
}

pub fn storage_next(prefix: &[u8], after: Option<&[u8]>) -> Option<Bytes> {
    let (after_ptr, after_len) = after.map_or((0, -1), |a| (ptr(a), len(a)));
    // SAFETY: `prefix` and `after` are live; `from_host` hands in memory with room for `cap`.
    Bytes::from_host(&|dst, cap| unsafe {
        storage_next_key(ptr(prefix), len(prefix), after_ptr, after_len, dst, cap)
    })
}

fn read_addr(f: unsafe extern "C" fn(i32)) -> Addr {
    let mut out = core::mem::MaybeUninit::<[u8; 32]>::uninit();
    // SAFETY: the host writes all 32 bytes at the pointer (or traps), so `out` is initialised
    // when `assume_init` runs; skipping the zero-fill saves code in every contract.
    unsafe {
        f(out.as_mut_ptr() as i32);
        Addr(out.assume_init())
    }
}

pub fn caller_addr() -> Addr {
    read_addr(caller)
}

pub fn contract_addr() -> Addr {
    read_addr(self_address)
}

pub fn height() -> u64 {
    // SAFETY: no pointers involved.
    unsafe { block_height() as u64 }
}

pub fn time() -> u64 {
    // SAFETY: no pointers involved.
    unsafe { block_time() as u64 }
}

pub fn gas() -> u64 {
    // SAFETY: no pointers involved.
    unsafe { gas_left() as u64 }
}

pub fn event(topic: &[u8], data: &[u8]) {
    // SAFETY: both slices are live.
    unsafe { emit_event(ptr(topic), len(topic), ptr(data), len(data)) }
}

pub fn log(message: &[u8]) {
    // SAFETY: `message` is live.
    unsafe { debug_log(ptr(message), len(message)) }
}

fn digest(f: unsafe extern "C" fn(i32, i32, i32), data: &[u8]) -> [u8; 32] {
    let mut out = core::mem::MaybeUninit::<[u8; 32]>::uninit();
    // SAFETY: `data` is live and the host writes the whole 32-byte digest at `out` (or traps).
    unsafe {
        f(ptr(data), len(data), out.as_mut_ptr() as i32);
        out.assume_init()
    }
}

pub fn hash_sha3_256(data: &[u8]) -> [u8; 32] {
    digest(sha3_256, data)
}

pub fn hash_keccak_256(data: &[u8]) -> [u8; 32] {
    digest(keccak_256, data)
}

pub fn hash_sm3(data: &[u8]) -> [u8; 32] {
    digest(sm3, data)
}

pub fn call(contract: &Addr, method: &str, input: &[u8]) -> (u32, Bytes) {
    // SAFETY: every pointer is a live slice or address with its length.
    let status = unsafe {
        call_contract(
            ptr(&contract.0),
            ptr(method.as_bytes()),
            len(method.as_bytes()),
            ptr(input),
            len(input),
        )
    };
    // SAFETY: `from_host` hands in free memory with room for `cap` bytes.
    let result = Bytes::from_host(&|dst, cap| unsafe { call_result(dst, cap) }).unwrap_or_default();
    (status as u32, result)
}

pub fn is_reentered() -> bool {
    // SAFETY: no pointers involved.
    unsafe { reentered() == 1 }
}
