//! The native backend: the same host calls, answered in-process by a [`NativeHost`].
//!
//! A contract compiled for the machine running the tests calls these functions instead of
//! wasm imports. `kexin-testkit` installs its host implementation with [`with_native_host`],
//! so the native and wasm runs of one contract share one store, one event log and one set of
//! rules.

use std::cell::RefCell;
use std::rc::Rc;

use crate::types::Addr;

/// The host a natively compiled contract talks to: one method per host-ABI import.
///
/// Methods take `&self` so that a host call may re-enter the host (a cross-contract call runs
/// the callee while the caller's call is still in progress); implementations use interior
/// mutability.
pub trait NativeHost {
    /// The call's input.
    fn input(&self) -> Vec<u8>;
    /// Sets the call's return data.
    fn set_return(&self, data: &[u8]);
    /// Records the revert data; the SDK then unwinds the contract with [`Reverted`].
    fn revert(&self, data: &[u8]);
    /// The value under a key.
    fn storage_read(&self, key: &[u8]) -> Option<Vec<u8>>;
    /// Stores a value.
    fn storage_write(&self, key: &[u8], value: &[u8]);
    /// Deletes a key, reporting whether it existed.
    fn storage_remove(&self, key: &[u8]) -> bool;
    /// The smallest key with `prefix` that is greater than `after`.
    fn storage_next_key(&self, prefix: &[u8], after: Option<&[u8]>) -> Option<Vec<u8>>;
    /// The calling account.
    fn caller(&self) -> Addr;
    /// This contract's address.
    fn self_address(&self) -> Addr;
    /// Current block height.
    fn block_height(&self) -> u64;
    /// Current block time in seconds.
    fn block_time(&self) -> u64;
    /// Gas left (native runs are not metered; hosts report their limit).
    fn gas_left(&self) -> u64;
    /// Emits an event.
    fn emit_event(&self, topic: &[u8], data: &[u8]);
    /// Appends a debug log line.
    fn debug_log(&self, message: &[u8]);
    /// SHA3-256.
    fn sha3_256(&self, data: &[u8]) -> [u8; 32];
    /// Keccak-256.
    fn keccak_256(&self, data: &[u8]) -> [u8; 32];
    /// SM3.
    fn sm3(&self, data: &[u8]) -> [u8; 32];
    /// Calls another contract: the status (0 returned, 1 reverted, 2 failed) and its result.
    fn call_contract(&self, contract: &Addr, method: &str, input: &[u8]) -> (u32, Vec<u8>);
    /// Whether the running contract is already running further up the call stack.
    fn reentered(&self) -> bool;
}

/// The unwind payload of a contract that reverted; the host already holds the revert data.
#[derive(Debug, Clone, Copy)]
pub struct Reverted;

thread_local! {
    static HOSTS: RefCell<Vec<Rc<dyn NativeHost>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with `host` answering every host call made on this thread.
///
/// Calls nest: a cross-contract call installs the callee's host and the caller's returns when
/// it finishes, also when `f` unwinds.
pub fn with_native_host<R>(host: Rc<dyn NativeHost>, f: impl FnOnce() -> R) -> R {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            HOSTS.with(|h| h.borrow_mut().pop());
        }
    }
    HOSTS.with(|h| h.borrow_mut().push(host));
    let _restore = Restore;
    f()
}

fn host() -> Rc<dyn NativeHost> {
    HOSTS.with(|h| h.borrow().last().cloned()).expect(
        "no Kexin host is installed: run native contract code through kexin-testkit \
         (Chain::deploy with Backend::Native or Backend::Both)",
    )
}

pub type Bytes = Vec<u8>;

pub fn input() -> Vec<u8> {
    host().input()
}

pub fn input_size() -> usize {
    host().input().len()
}

pub fn set_return(data: &[u8]) {
    host().set_return(data)
}

pub fn revert_with(data: &[u8]) -> ! {
    host().revert(data);
    std::panic::resume_unwind(Box::new(Reverted))
}

pub fn storage_get(key: &[u8]) -> Option<Vec<u8>> {
    host().storage_read(key)
}

pub fn storage_len(key: &[u8]) -> Option<usize> {
    host().storage_read(key).map(|v| v.len())
}

pub fn storage_set(key: &[u8], value: &[u8]) {
    host().storage_write(key, value)
}

pub fn storage_delete(key: &[u8]) -> bool {
    host().storage_remove(key)
}

pub fn storage_next(prefix: &[u8], after: Option<&[u8]>) -> Option<Vec<u8>> {
    host().storage_next_key(prefix, after)
}

pub fn caller_addr() -> Addr {
    host().caller()
}

pub fn contract_addr() -> Addr {
    host().self_address()
}

pub fn height() -> u64 {
    host().block_height()
}

pub fn time() -> u64 {
    host().block_time()
}

pub fn gas() -> u64 {
    host().gas_left()
}

pub fn event(topic: &[u8], data: &[u8]) {
    host().emit_event(topic, data)
}

pub fn log(message: &[u8]) {
    host().debug_log(message)
}

pub fn hash_sha3_256(data: &[u8]) -> [u8; 32] {
    host().sha3_256(data)
}

pub fn hash_keccak_256(data: &[u8]) -> [u8; 32] {
    host().keccak_256(data)
}

pub fn hash_sm3(data: &[u8]) -> [u8; 32] {
    host().sm3(data)
}

pub fn call(contract: &Addr, method: &str, input: &[u8]) -> (u32, Vec<u8>) {
    host().call_contract(contract, method, input)
}

pub fn is_reentered() -> bool {
    host().reentered()
}
