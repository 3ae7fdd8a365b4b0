//! The gas cost table: what each wasm instruction and each host call costs.
//!
//! Gas is deterministic: the same call on the same state always uses the same gas, on any
//! machine. The table is versioned; a compiled module is cached together with the version it
//! was metered under, so a module is never run under another table's costs.

use wasmer::wasmparser::Operator;

/// Gas prices. All amounts are gas units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CostTable {
    /// Bumped whenever a price changes once a version has been released (1 is the first);
    /// the whole table is part of the compiled-module cache key.
    pub version: u32,
    /// Most wasm instructions.
    pub instruction: u64,
    /// `call` and `call_indirect` (frame setup).
    pub call: u64,
    /// Integer division and remainder.
    pub division: u64,
    /// `memory.grow`, per call (a page is 64 KiB of zeroed memory).
    pub memory_grow: u64,
    /// Every host call, before its own price.
    pub host_call: u64,
    /// Per byte copied between the contract and the host (input, return data, logs, hashes).
    pub byte_copied: u64,
    /// Reading a storage value.
    pub storage_read: u64,
    /// Per byte of key and value read.
    pub storage_read_byte: u64,
    /// Writing a storage value.
    pub storage_write: u64,
    /// Per byte of key and value written.
    pub storage_write_byte: u64,
    /// Deleting a storage value.
    pub storage_remove: u64,
    /// Finding the next key under a prefix.
    pub storage_next_key: u64,
    /// Emitting an event.
    pub event: u64,
    /// Per byte of event topic and data.
    pub event_byte: u64,
    /// Hashing (SHA3-256, Keccak-256, SM3), plus `byte_copied` per input byte.
    pub hash: u64,
    /// Calling another contract (frame and instance setup), plus `byte_copied` per byte of
    /// method name and input; the callee's own gas comes on top.
    pub call_contract: u64,
}

impl CostTable {
    /// Version 1 of the table.
    pub const V1: CostTable = CostTable {
        version: 1,
        instruction: 1,
        call: 5,
        division: 4,
        memory_grow: 10_000,
        host_call: 50,
        byte_copied: 1,
        storage_read: 200,
        storage_read_byte: 2,
        storage_write: 1_000,
        storage_write_byte: 10,
        storage_remove: 500,
        storage_next_key: 300,
        event: 300,
        event_byte: 5,
        hash: 100,
        call_contract: 2_000,
    };

    /// The gas of one wasm instruction.
    pub fn instruction_cost(&self, op: &Operator) -> u64 {
        match op {
            Operator::Call { .. } | Operator::CallIndirect { .. } => self.call,
            Operator::I32DivS
            | Operator::I32DivU
            | Operator::I32RemS
            | Operator::I32RemU
            | Operator::I64DivS
            | Operator::I64DivU
            | Operator::I64RemS
            | Operator::I64RemU => self.division,
            Operator::MemoryGrow { .. } => self.memory_grow,
            _ => self.instruction,
        }
    }
}

impl Default for CostTable {
    fn default() -> Self {
        CostTable::V1
    }
}
