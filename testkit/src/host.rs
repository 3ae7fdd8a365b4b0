//! The host ABI's behaviour, once: what each host function does to the chain, what it costs,
//! and what it refuses. The wasm engine and the native backend are thin adapters over this.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use kexin::Addr;
use sha3::Digest;

use crate::chain::{Block, Event};
use crate::cost::CostTable;
use crate::engine::Code;
use crate::store::Store;

/// Limits every host enforces. Exceeding a size limit faults the call with a message naming
/// it; the debug-log limits cut or drop lines instead (the log is for people, not state).
pub mod limits {
    /// Longest storage key, in bytes.
    pub const MAX_KEY: usize = 1_024;
    /// Longest storage value, in bytes.
    pub const MAX_VALUE: usize = 65_536;
    /// Longest event topic, in bytes.
    pub const MAX_TOPIC: usize = 64;
    /// Longest event data, in bytes.
    pub const MAX_EVENT_DATA: usize = 16_384;
    /// Longest return or revert data, in bytes.
    pub const MAX_RETURN: usize = 65_536;
    /// Longest debug log line kept, in bytes (longer lines are cut).
    pub const MAX_LOG: usize = 1_024;
    /// Debug log lines kept per call (later lines are dropped).
    pub const MAX_LOG_LINES: usize = 256;
}

/// Why a host call stopped the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostTrap {
    /// The contract called `revert` with this data.
    Revert(Vec<u8>),
    /// The call's gas ran out.
    OutOfGas,
    /// The contract broke the host ABI: a bad pointer, a write in a view, a limit.
    Fault(String),
}

impl fmt::Display for HostTrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostTrap::Revert(data) => write!(f, "reverted with {} bytes of data", data.len()),
            HostTrap::OutOfGas => f.write_str("out of gas"),
            HostTrap::Fault(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for HostTrap {}

/// Everything the chain holds; moved into a running call's environment and back.
#[derive(Default)]
pub struct ChainState {
    /// Contract storage.
    pub store: Store,
    /// Deployed contracts.
    pub contracts: BTreeMap<Addr, Arc<Code>>,
    /// Events of the running top-level call (moved to its receipt when it ends).
    pub events: Vec<Event>,
    /// The current block.
    pub block: Block,
    /// Gas prices.
    pub costs: CostTable,
    /// The contracts of the running call tree, outermost first.
    pub stack: Vec<Addr>,
    /// How deep cross-contract calls may nest (the outermost call is depth 1).
    pub depth_limit: usize,
    /// The gas a call may use (a natively run caller passes it on to a wasm callee).
    pub gas_limit: u64,
}

/// One executing call.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// The contract being called.
    pub contract: Addr,
    /// Who called it.
    pub caller: Addr,
    /// The export being run.
    pub method: String,
    /// The borsh-encoded arguments.
    pub input: Vec<u8>,
    /// Return data set so far.
    pub return_data: Vec<u8>,
    /// A view: writes and events fault.
    pub read_only: bool,
    /// Debug log lines.
    pub logs: Vec<String>,
    /// The result of the last `call_contract` (return data, revert data or a reason).
    pub call_result: Vec<u8>,
}

/// Which backend a call runs in; a nested call runs in its caller's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The compiled wasm.
    Wasm,
    /// The natively compiled contract (wasm when the callee has no native code).
    Native,
}

/// Where gas is taken from.
pub trait Meter {
    /// Takes `gas`, or fails with [`HostTrap::OutOfGas`] (leaving the meter empty).
    fn charge(&mut self, gas: u64) -> Result<(), HostTrap>;
    /// Gas left.
    fn left(&mut self) -> u64;
}

/// A meter that never runs out (native runs are not metered).
pub struct Unmetered;

impl Meter for Unmetered {
    fn charge(&mut self, _: u64) -> Result<(), HostTrap> {
        Ok(())
    }
    fn left(&mut self) -> u64 {
        u64::MAX
    }
}

/// A host call in progress: the chain, the calling frame, and the gas meter.
pub struct HostCtx<'a> {
    /// The chain.
    pub state: &'a mut ChainState,
    /// The running call.
    pub frame: &'a mut Frame,
    /// The gas meter.
    pub meter: &'a mut dyn Meter,
}

fn fault(message: String) -> HostTrap {
    HostTrap::Fault(message)
}

fn bytes_cost(per_byte: u64, len: usize) -> u64 {
    per_byte.saturating_mul(len as u64)
}

impl HostCtx<'_> {
    fn costs(&self) -> CostTable {
        self.state.costs
    }

    /// Charges the base price of a host call plus `extra`.
    pub fn charge(&mut self, extra: u64) -> Result<(), HostTrap> {
        let gas = self.costs().host_call.saturating_add(extra);
        self.meter.charge(gas)
    }

    fn check_len(&self, what: &str, len: usize, max: usize) -> Result<(), HostTrap> {
        if len > max {
            return Err(fault(format!(
                "`{}` passed a {what} of {len} bytes; the host allows at most {max}",
                self.frame.method
            )));
        }
        Ok(())
    }

    fn writable(&self, what: &str) -> Result<(), HostTrap> {
        if self.frame.read_only {
            return Err(fault(format!(
                "`{}` is a read-only view but tried to {what}",
                self.frame.method
            )));
        }
        Ok(())
    }

    /// `input_len`.
    pub fn input_len(&mut self) -> Result<usize, HostTrap> {
        self.charge(0)?;
        Ok(self.frame.input.len())
    }

    /// `input_read`: the input (the adapter copies it).
    pub fn input(&mut self) -> Result<Vec<u8>, HostTrap> {
        self.charge(bytes_cost(self.costs().byte_copied, self.frame.input.len()))?;
        Ok(self.frame.input.clone())
    }

    /// `return_data`.
    pub fn set_return(&mut self, data: &[u8]) -> Result<(), HostTrap> {
        self.check_len("return value", data.len(), limits::MAX_RETURN)?;
        self.charge(bytes_cost(self.costs().byte_copied, data.len()))?;
        self.frame.return_data = data.to_vec();
        Ok(())
    }

    /// `revert`: always ends the call.
    pub fn revert(&mut self, data: &[u8]) -> HostTrap {
        if let Err(e) = self.check_len("revert data", data.len(), limits::MAX_RETURN) {
            return e;
        }
        match self.charge(bytes_cost(self.costs().byte_copied, data.len())) {
            Ok(()) => HostTrap::Revert(data.to_vec()),
            Err(e) => e,
        }
    }

    /// `storage_read`: the value under `key`.
    pub fn storage_read(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, HostTrap> {
        self.check_len("storage key", key.len(), limits::MAX_KEY)?;
        let costs = self.costs();
        let value = self
            .state
            .store
            .get(&self.frame.contract, key)
            .map(<[u8]>::to_vec);
        let bytes = key.len() + value.as_ref().map_or(0, Vec::len);
        self.charge(costs.storage_read + bytes_cost(costs.storage_read_byte, bytes))?;
        Ok(value)
    }

    /// `storage_write`.
    pub fn storage_write(&mut self, key: &[u8], value: &[u8]) -> Result<(), HostTrap> {
        self.writable("write storage")?;
        self.check_len("storage key", key.len(), limits::MAX_KEY)?;
        self.check_len("storage value", value.len(), limits::MAX_VALUE)?;
        let costs = self.costs();
        self.charge(
            costs.storage_write + bytes_cost(costs.storage_write_byte, key.len() + value.len()),
        )?;
        self.state.store.set(&self.frame.contract, key, value);
        Ok(())
    }

    /// `storage_remove`: whether the key existed.
    pub fn storage_remove(&mut self, key: &[u8]) -> Result<bool, HostTrap> {
        self.writable("delete storage")?;
        self.check_len("storage key", key.len(), limits::MAX_KEY)?;
        let costs = self.costs();
        self.charge(costs.storage_remove + bytes_cost(costs.storage_read_byte, key.len()))?;
        Ok(self.state.store.remove(&self.frame.contract, key))
    }

    /// `storage_next_key`.
    pub fn storage_next_key(
        &mut self,
        prefix: &[u8],
        after: Option<&[u8]>,
    ) -> Result<Option<Vec<u8>>, HostTrap> {
        self.check_len("key prefix", prefix.len(), limits::MAX_KEY)?;
        self.check_len("key", after.map_or(0, <[u8]>::len), limits::MAX_KEY)?;
        let costs = self.costs();
        let found = self
            .state
            .store
            .next_key(&self.frame.contract, prefix, after)
            .map(<[u8]>::to_vec);
        let bytes =
            prefix.len() + after.map_or(0, <[u8]>::len) + found.as_ref().map_or(0, Vec::len);
        self.charge(costs.storage_next_key + bytes_cost(costs.storage_read_byte, bytes))?;
        Ok(found)
    }

    /// `caller`.
    pub fn caller(&mut self) -> Result<Addr, HostTrap> {
        self.charge(bytes_cost(self.costs().byte_copied, 32))?;
        Ok(self.frame.caller)
    }

    /// `self_address`.
    pub fn self_address(&mut self) -> Result<Addr, HostTrap> {
        self.charge(bytes_cost(self.costs().byte_copied, 32))?;
        Ok(self.frame.contract)
    }

    /// `block_height`.
    pub fn block_height(&mut self) -> Result<u64, HostTrap> {
        self.charge(0)?;
        Ok(self.state.block.height)
    }

    /// `block_time`.
    pub fn block_time(&mut self) -> Result<u64, HostTrap> {
        self.charge(0)?;
        Ok(self.state.block.time)
    }

    /// `gas_left`: after this call's own price.
    pub fn gas_left(&mut self) -> Result<u64, HostTrap> {
        self.charge(0)?;
        Ok(self.meter.left())
    }

    /// `emit_event`.
    pub fn emit_event(&mut self, topic: &[u8], data: &[u8]) -> Result<(), HostTrap> {
        self.writable("emit an event")?;
        self.check_len("event topic", topic.len(), limits::MAX_TOPIC)?;
        self.check_len("event", data.len(), limits::MAX_EVENT_DATA)?;
        let topic = std::str::from_utf8(topic)
            .map_err(|_| {
                fault(format!(
                    "`{}` emitted an event whose topic is not UTF-8",
                    self.frame.method
                ))
            })?
            .to_string();
        let costs = self.costs();
        self.charge(costs.event + bytes_cost(costs.event_byte, topic.len() + data.len()))?;
        self.state.events.push(Event {
            contract: self.frame.contract,
            topic,
            data: data.to_vec(),
        });
        Ok(())
    }

    /// `debug_log`: kept with the call's receipt, cut to [`limits::MAX_LOG`] bytes.
    pub fn debug_log(&mut self, message: &[u8]) -> Result<(), HostTrap> {
        self.charge(bytes_cost(self.costs().byte_copied, message.len()))?;
        if self.frame.logs.len() < limits::MAX_LOG_LINES {
            let kept = &message[..message.len().min(limits::MAX_LOG)];
            self.frame
                .logs
                .push(String::from_utf8_lossy(kept).into_owned());
        }
        Ok(())
    }

    fn hash_cost(&mut self, len: usize) -> Result<(), HostTrap> {
        let costs = self.costs();
        self.charge(costs.hash + bytes_cost(costs.byte_copied, len))
    }

    /// `sha3_256`.
    pub fn sha3_256(&mut self, data: &[u8]) -> Result<[u8; 32], HostTrap> {
        self.hash_cost(data.len())?;
        Ok(sha3::Sha3_256::digest(data).into())
    }

    /// `keccak_256`.
    pub fn keccak_256(&mut self, data: &[u8]) -> Result<[u8; 32], HostTrap> {
        self.hash_cost(data.len())?;
        Ok(sha3::Keccak256::digest(data).into())
    }

    /// `sm3`.
    pub fn sm3(&mut self, data: &[u8]) -> Result<[u8; 32], HostTrap> {
        self.hash_cost(data.len())?;
        Ok(sm3::Sm3::digest(data).into())
    }

    /// `call_contract`: runs the callee and returns the status (0 returned, 1 reverted,
    /// 2 failed); the result waits in the frame for `call_result`.
    pub fn call_contract(
        &mut self,
        contract: &Addr,
        method: &[u8],
        input: &[u8],
        backend: Backend,
    ) -> Result<u32, HostTrap> {
        let costs = self.costs();
        self.charge(
            costs.call_contract + bytes_cost(costs.byte_copied, method.len() + input.len()),
        )?;
        let Ok(method) = std::str::from_utf8(method) else {
            return Err(fault(format!(
                "`{}` called a method whose name is not UTF-8",
                self.frame.method
            )));
        };
        crate::chain::nested_call(self, contract, method, input, backend)
    }

    /// `call_result`: the last call's result (the adapter copies it).
    pub fn call_result(&mut self) -> Result<Vec<u8>, HostTrap> {
        self.charge(bytes_cost(
            self.costs().byte_copied,
            self.frame.call_result.len(),
        ))?;
        Ok(self.frame.call_result.clone())
    }

    /// `reentered`: whether the running contract is also running further up the stack.
    pub fn reentered(&mut self) -> Result<bool, HostTrap> {
        self.charge(0)?;
        let stack = &self.state.stack;
        Ok(stack[..stack.len().saturating_sub(1)].contains(&self.frame.contract))
    }
}
