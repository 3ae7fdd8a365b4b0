//! The local chain: accounts, blocks, deployment, calls, receipts.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use kexin::client::{Backend, CallKind, ContractSource, Failure, FailureKind};
use kexin::env::CallFailed;
use kexin::error::codes;
use kexin::Addr;
use kexin_abi::{Abi, MethodKind};
use sha3::Digest;

use crate::cost::CostTable;
use crate::engine::{self, Code, Stop};
use crate::host::{ChainState, Frame, HostTrap};

/// The gas each call may use unless [`Chain::set_gas_limit`] says otherwise.
pub const DEFAULT_GAS_LIMIT: u64 = 10_000_000;

/// How deep cross-contract calls may nest unless [`Chain::set_depth_limit`] says otherwise.
pub const DEFAULT_DEPTH_LIMIT: usize = 8;

/// The block calls execute in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Block height, from 1.
    pub height: u64,
    /// Block time in seconds since the Unix epoch (UTC).
    pub time: u64,
}

impl Default for Block {
    /// Height 1 at 2024-01-01T00:00:00Z: fixed, so that tests and snapshots are deterministic.
    fn default() -> Self {
        Block {
            height: 1,
            time: 1_704_067_200,
        }
    }
}

/// An event a contract emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The contract that emitted it.
    pub contract: Addr,
    /// Its topic (the event type's name).
    pub topic: String,
    /// Its borsh-encoded fields.
    pub data: Vec<u8>,
}

impl Event {
    /// The event as `E`, if it is one.
    pub fn decode<E: kexin::Event + kexin::Decode>(&self) -> Option<E> {
        if self.topic != E::NAME {
            return None;
        }
        kexin::codec::from_slice(&self.data)
    }
}

/// What happened in one call (or deployment).
#[derive(Clone, Debug)]
pub struct Receipt {
    /// The contract called.
    pub contract: Addr,
    /// Who called.
    pub caller: Addr,
    /// The export run (`init` for a deployment).
    pub method: String,
    /// The borsh-encoded arguments.
    pub args: Vec<u8>,
    /// The block it ran in.
    pub block: Block,
    /// Gas used (metered wasm instructions and host calls).
    pub gas_used: u64,
    /// Events emitted (none if the call failed: they were rolled back with its writes).
    pub events: Vec<Event>,
    /// The contract's debug log lines, kept even when the call failed.
    pub logs: Vec<String>,
    /// The return data, or why the call failed.
    pub result: Result<Vec<u8>, Failure>,
}

/// Which backend runs a contract that was deployed from its crate (and so has both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Only the compiled wasm: what a chain runs, metered.
    Wasm,
    /// Only the natively compiled contract: breakpoints, backtraces, panic messages, no gas.
    Native,
    /// Both, on the same state, compared after every call: the default. A difference in
    /// outcome, return value, events or writes fails the call with a readable diff.
    #[default]
    Both,
}

/// What a run did, for comparing two backends.
#[derive(Debug, PartialEq)]
struct Observed {
    outcome: String,
    return_data: Vec<u8>,
    events: Vec<(String, Vec<u8>)>,
    writes: Vec<crate::store::Change>,
}

impl Observed {
    fn of(
        outcome: &Result<(), Stop>,
        frame: &Frame,
        state: &ChainState,
        checkpoint: crate::store::Checkpoint,
        events_before: usize,
    ) -> Observed {
        let outcome = match outcome {
            Ok(()) => "returned".to_string(),
            Err(Stop::Host(HostTrap::Revert(data))) => match data.get(..4) {
                Some(code) if code == codes::PANIC.to_le_bytes() => "panicked".to_string(),
                _ => format!("reverted with {}", hex(data)),
            },
            Err(Stop::Panic(_)) => "panicked".to_string(),
            Err(Stop::Host(HostTrap::Fault(why))) => format!("faulted: {why}"),
            Err(other) => format!("stopped: {other:?}"),
        };
        let success = outcome == "returned";
        Observed {
            outcome,
            return_data: if success {
                frame.return_data.clone()
            } else {
                Vec::new()
            },
            events: state.events[events_before.min(state.events.len())..]
                .iter()
                .map(|e| (e.topic.clone(), e.data.clone()))
                .collect(),
            writes: state.store.changes_since(checkpoint).into_iter().collect(),
        }
    }

    /// Lines describing where `self` (native) and `other` (wasm) differ.
    fn diff(
        &self,
        other: &Observed,
        labels: &dyn Fn(&[u8; 32]) -> Option<String>,
    ) -> Option<String> {
        let mut lines = Vec::new();
        if self.outcome != other.outcome {
            lines.push(format!(
                "  outcome: native {}, wasm {}",
                self.outcome, other.outcome
            ));
        }
        if self.return_data != other.return_data {
            lines.push(format!(
                "  return data: native {}, wasm {}",
                hex(&self.return_data),
                hex(&other.return_data)
            ));
        }
        if self.events != other.events {
            let show = |events: &[(String, Vec<u8>)]| {
                events
                    .iter()
                    .map(|(t, d)| format!("{t}({})", hex(d)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            lines.push(format!(
                "  events: native [{}], wasm [{}]",
                show(&self.events),
                show(&other.events)
            ));
        }
        if self.writes != other.writes {
            let show = |writes: &[crate::store::Change]| {
                writes
                    .iter()
                    .map(|((c, k), v)| {
                        let contract = labels(&c.0).unwrap_or_else(|| hex(&c.0));
                        format!(
                            "{contract}[{}] = {}",
                            hex(k),
                            v.as_deref().map_or("deleted".into(), hex)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            lines.push(format!(
                "  writes: native {{{}}}, wasm {{{}}}",
                show(&self.writes),
                show(&other.writes)
            ));
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

struct Inner {
    mode: Mode,
    state: ChainState,
    labels: BTreeMap<Addr, String>,
    receipts: Vec<Receipt>,
    deployments: u64,
    gas_limit: u64,
}

/// A local chain. Cloning gives another handle to the same chain, so typed clients and the
/// test can share it.
#[derive(Clone)]
pub struct Chain {
    inner: Rc<RefCell<Inner>>,
}

impl Default for Chain {
    fn default() -> Self {
        Chain::new()
    }
}

impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.inner.borrow();
        f.debug_struct("Chain")
            .field("block", &inner.state.block)
            .field("contracts", &inner.state.contracts.len())
            .field("receipts", &inner.receipts.len())
            .finish()
    }
}

fn hash(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = sha3::Sha3_256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

impl Chain {
    /// A chain at height 1 with the version-1 cost table.
    pub fn new() -> Chain {
        Chain::with_costs(CostTable::V1)
    }

    /// A chain using another cost table.
    pub fn with_costs(costs: CostTable) -> Chain {
        let state = ChainState {
            costs,
            depth_limit: DEFAULT_DEPTH_LIMIT,
            gas_limit: DEFAULT_GAS_LIMIT,
            ..ChainState::default()
        };
        Chain {
            inner: Rc::new(RefCell::new(Inner {
                mode: Mode::default(),
                state,
                labels: BTreeMap::from([(Addr::ZERO, "zero-address".to_string())]),
                receipts: Vec::new(),
                deployments: 0,
                gas_limit: DEFAULT_GAS_LIMIT,
            })),
        }
    }

    /// The account called `name`: the same name gives the same address on every chain.
    pub fn account(&self, name: &str) -> Addr {
        let addr = Addr(hash(&[b"kexin:account:", name.as_bytes()]));
        self.inner
            .borrow_mut()
            .labels
            .insert(addr, name.to_string());
        addr
    }

    /// The name an address was created or labelled with.
    pub fn label_of(&self, addr: &Addr) -> Option<String> {
        self.inner.borrow().labels.get(addr).cloned()
    }

    /// Gives an address a name for diagnostics and snapshots.
    pub fn set_label(&self, addr: &Addr, name: &str) {
        self.inner
            .borrow_mut()
            .labels
            .insert(*addr, name.to_string());
    }

    /// The current block.
    pub fn block(&self) -> Block {
        self.inner.borrow().state.block
    }

    /// Moves to a block of this height and time.
    pub fn set_block(&self, height: u64, time: u64) {
        self.inner.borrow_mut().state.block = Block { height, time };
    }

    /// Moves `n` blocks ahead, 5 seconds apart.
    pub fn advance_blocks(&self, n: u64) {
        let mut inner = self.inner.borrow_mut();
        inner.state.block.height += n;
        inner.state.block.time += 5 * n;
    }

    /// Moves to the next block, `seconds` later.
    pub fn advance_time(&self, seconds: u64) {
        let mut inner = self.inner.borrow_mut();
        inner.state.block.height += 1;
        inner.state.block.time += seconds;
    }

    /// Sets the gas each call may use.
    pub fn set_gas_limit(&self, gas: u64) {
        // The metering counter is a signed 64-bit global.
        let gas = gas.min(i64::MAX as u64);
        let mut inner = self.inner.borrow_mut();
        inner.gas_limit = gas;
        inner.state.gas_limit = gas;
    }

    /// Sets how deep cross-contract calls may nest (the outermost call is depth 1).
    pub fn set_depth_limit(&self, depth: usize) {
        self.inner.borrow_mut().state.depth_limit = depth;
    }

    /// The gas each call may use.
    pub fn gas_limit(&self) -> u64 {
        self.inner.borrow().gas_limit
    }

    /// The cost table in force.
    pub fn costs(&self) -> CostTable {
        self.inner.borrow().state.costs
    }

    /// Deploys a wasm module: validates it, compiles it (once per process), and runs its
    /// `init` export with `args`.
    pub fn deploy_wasm(&self, wasm: &[u8], deployer: &Addr, args: &[u8]) -> Result<Addr, Failure> {
        self.deploy_module("module", wasm, None, None, deployer, args)
    }

    /// Builds the contract crate in `crate_dir` (once per process) with the deployment
    /// pipeline of `cargo kexin build`, then deploys it.
    pub fn deploy_crate(
        &self,
        crate_dir: &Path,
        deployer: &Addr,
        args: &[u8],
    ) -> Result<Addr, Failure> {
        let built = crate::build::contract(crate_dir).map_err(|e| rejected(e.to_string()))?;
        self.deploy_module(
            &built.package,
            &built.wasm,
            Some(built.abi.clone()),
            None,
            deployer,
            args,
        )
    }

    fn deploy_module(
        &self,
        name: &str,
        wasm: &[u8],
        abi: Option<Abi>,
        native: Option<kexin::client::NativeExports>,
        deployer: &Addr,
        args: &[u8],
    ) -> Result<Addr, Failure> {
        let costs = self.costs();
        let module = engine::load(wasm, &costs).map_err(|e| rejected(e.to_string()))?;
        // The full ABI when the build made it; otherwise the interface embedded in the module.
        let abi = abi.or_else(|| {
            kexin_build::custom_sections(wasm, kexin_abi::SECTION)
                .ok()
                .and_then(|sections| Abi::from_section(&sections.concat()).ok())
        });
        let address = {
            let mut inner = self.inner.borrow_mut();
            inner.deployments += 1;
            let n = inner.deployments;
            let address = Addr(hash(&[b"kexin:contract:", &deployer.0, &n.to_le_bytes()]));
            let code = Code {
                name: name.to_string(),
                module,
                abi,
                native,
            };
            inner.state.contracts.insert(address, Arc::new(code));
            if !inner.labels.contains_key(&address) {
                // `token`, then `token#2`, … so that labels stay unique in snapshots.
                let taken = |label: &str| inner.labels.values().any(|l| l == label);
                let mut label = name.to_string();
                let mut n = 1;
                while taken(&label) {
                    n += 1;
                    label = format!("{name}#{n}");
                }
                inner.labels.insert(address, label);
            }
            address
        };
        match self.execute(&address, deployer, "init", args, MethodKind::Constructor) {
            Ok(_) => Ok(address),
            Err(failure) => {
                let mut inner = self.inner.borrow_mut();
                inner.state.contracts.remove(&address);
                inner.state.store.clear(&address);
                Err(failure)
            }
        }
    }

    /// Calls a state-changing method with borsh-encoded arguments.
    pub fn call(
        &self,
        contract: &Addr,
        caller: &Addr,
        method: &str,
        args: &[u8],
    ) -> Result<Vec<u8>, Failure> {
        self.execute(contract, caller, method, args, MethodKind::Call)
    }

    /// Calls a read-only view: any write or event faults the call.
    pub fn view(
        &self,
        contract: &Addr,
        caller: &Addr,
        method: &str,
        args: &[u8],
    ) -> Result<Vec<u8>, Failure> {
        self.execute(contract, caller, method, args, MethodKind::View)
    }

    fn execute(
        &self,
        contract: &Addr,
        caller: &Addr,
        method: &str,
        args: &[u8],
        kind: MethodKind,
    ) -> Result<Vec<u8>, Failure> {
        let (code, gas_limit, block) = {
            let inner = self.inner.borrow();
            (
                inner.state.contracts.get(contract).cloned(),
                inner.gas_limit,
                inner.state.block,
            )
        };
        let receipt = |result: Result<Vec<u8>, Failure>, gas_used, events, logs| Receipt {
            contract: *contract,
            caller: *caller,
            method: method.to_string(),
            args: args.to_vec(),
            block,
            gas_used,
            events,
            logs,
            result,
        };
        let refuse = |message: String| {
            let failure = rejected(message);
            self.inner
                .borrow_mut()
                .receipts
                .push(receipt(Err(failure.clone()), 0, vec![], vec![]));
            Err(failure)
        };
        let Some(code) = code else {
            return refuse(format!(
                "there is no contract at {}",
                self.display(contract)
            ));
        };
        if (method == "init") != (kind == MethodKind::Constructor) {
            return refuse(format!(
                "`init` runs once, when `{}` is deployed; it cannot be called",
                code.name
            ));
        }
        if !code.module.has_export(method) {
            return refuse(format!("contract `{}` has no method `{method}`", code.name));
        }

        let mode = self.mode();
        let mut state = std::mem::take(&mut self.inner.borrow_mut().state);
        state.stack = vec![*contract];
        let checkpoint = state.store.checkpoint();
        let frame = Frame {
            contract: *contract,
            caller: *caller,
            method: method.to_string(),
            input: args.to_vec(),
            read_only: kind == MethodKind::View,
            ..Frame::default()
        };
        let native = code.native.and_then(|exports| exports(method));
        let run = match (mode, native) {
            (Mode::Native, Some(entry)) => crate::native::run(entry, state, frame),
            (Mode::Both, Some(entry)) => {
                self.run_both(&code, entry, state, frame, gas_limit, checkpoint)
            }
            _ => engine::run(&code.module, method, state, frame, gas_limit),
        };
        let mut state = run.state;
        state.stack.clear();
        let events = std::mem::take(&mut state.events);
        let (result, events) = match run.outcome {
            Ok(()) => {
                state.store.commit();
                (Ok(run.frame.return_data), events)
            }
            Err(stop) => {
                state.store.rollback(checkpoint);
                state.store.commit();
                let mut failure = match stop {
                    Stop::Diverged(diff) => Failure {
                        kind: FailureKind::Diverged,
                        message: diff,
                        logs: vec![],
                    },
                    stop => describe(&stop, method, code.abi.as_ref(), gas_limit, &self.labeler()),
                };
                failure.logs = run.frame.logs.clone();
                (Err(failure), Vec::new())
            }
        };
        let mut inner = self.inner.borrow_mut();
        inner.state = state;
        inner.receipts.push(receipt(
            result.clone(),
            run.gas_used,
            events,
            run.frame.logs,
        ));
        result
    }

    /// Runs a call natively, undoes it, runs it in wasm on the same state, and compares: a
    /// difference in outcome, return data, events or writes becomes a [`Stop::Diverged`]
    /// with a readable diff. Otherwise the wasm run is the result (with the native panic
    /// message when both panicked, which the wasm cannot carry).
    fn run_both(
        &self,
        code: &Code,
        entry: fn(),
        state: ChainState,
        frame: Frame,
        gas_limit: u64,
        checkpoint: crate::store::Checkpoint,
    ) -> engine::Run {
        let events_before = state.events.len();
        let native = crate::native::run(entry, state, frame.clone());
        let mut state = native.state;
        let native_view = Observed::of(
            &native.outcome,
            &native.frame,
            &state,
            checkpoint,
            events_before,
        );
        state.store.rollback(checkpoint);
        state.events.truncate(events_before);
        let method = frame.method.clone();
        let mut wasm = engine::run(&code.module, &method, state, frame, gas_limit);
        // Out of gas has no native counterpart: the wasm result stands.
        if matches!(
            wasm.outcome,
            Err(Stop::OutOfGas) | Err(Stop::Host(HostTrap::OutOfGas))
        ) {
            return wasm;
        }
        let wasm_view = Observed::of(
            &wasm.outcome,
            &wasm.frame,
            &wasm.state,
            checkpoint,
            events_before,
        );
        if let Some(diff) = native_view.diff(&wasm_view, &self.labeler()) {
            wasm.outcome = Err(Stop::Diverged(format!(
                "`{}` behaved differently compiled natively and as wasm:\n{diff}",
                wasm.frame.method
            )));
        } else if let (Err(Stop::Panic(message)), Err(Stop::Host(HostTrap::Revert(_)))) =
            (&native.outcome, &wasm.outcome)
        {
            wasm.outcome = Err(Stop::Panic(message.clone()));
        }
        wasm
    }

    /// Which backends run contracts that have both.
    pub fn mode(&self) -> Mode {
        self.inner.borrow().mode
    }

    /// Chooses which backends run contracts that have both (see [`Mode`]).
    pub fn set_mode(&self, mode: Mode) {
        self.inner.borrow_mut().mode = mode;
    }

    /// The receipt of the last call or deployment.
    pub fn last_receipt(&self) -> Option<Receipt> {
        self.inner.borrow().receipts.last().cloned()
    }

    /// Every receipt so far, oldest first.
    pub fn receipts(&self) -> Vec<Receipt> {
        self.inner.borrow().receipts.clone()
    }

    /// Gas used by the last call.
    pub fn last_gas(&self) -> u64 {
        self.inner
            .borrow()
            .receipts
            .last()
            .map_or(0, |r| r.gas_used)
    }

    /// Every event of every successful call, in order.
    pub fn events(&self) -> Vec<Event> {
        self.inner
            .borrow()
            .receipts
            .iter()
            .flat_map(|r| r.events.clone())
            .collect()
    }

    /// Forgets the receipts (long benchmarks).
    pub fn clear_receipts(&self) {
        self.inner.borrow_mut().receipts.clear();
    }

    /// A contract's storage, key by key in key order.
    pub fn storage(&self, contract: &Addr) -> Vec<(Vec<u8>, Vec<u8>)> {
        let inner = self.inner.borrow();
        inner
            .state
            .store
            .entries(contract)
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect()
    }

    /// The value under a storage key of a contract.
    pub fn storage_value(&self, contract: &Addr, key: &[u8]) -> Option<Vec<u8>> {
        self.inner
            .borrow()
            .state
            .store
            .get(contract, key)
            .map(<[u8]>::to_vec)
    }

    /// A deployed contract's ABI, if its module carries one.
    pub fn abi(&self, contract: &Addr) -> Option<Abi> {
        self.inner
            .borrow()
            .state
            .contracts
            .get(contract)?
            .abi
            .clone()
    }

    /// Size in bytes of a deployed contract's module.
    pub fn code_size(&self, contract: &Addr) -> Option<usize> {
        Some(
            self.inner
                .borrow()
                .state
                .contracts
                .get(contract)?
                .module
                .wasm_bytes,
        )
    }

    /// An address by its label, or in hex.
    pub fn display(&self, addr: &Addr) -> String {
        self.label_of(addr).unwrap_or_else(|| hex(&addr.0))
    }

    /// The deployed contracts, in address order.
    pub fn contracts(&self) -> Vec<Addr> {
        self.inner
            .borrow()
            .state
            .contracts
            .keys()
            .copied()
            .collect()
    }

    pub(crate) fn labeler(&self) -> impl Fn(&[u8; 32]) -> Option<String> {
        let labels = self.inner.borrow().labels.clone();
        move |a: &[u8; 32]| labels.get(&Addr(*a)).cloned()
    }
}

impl Backend for Chain {
    fn deploy(
        &self,
        source: &ContractSource,
        deployer: &Addr,
        args: Vec<u8>,
    ) -> Result<Addr, Failure> {
        let built = crate::build::contract(Path::new(source.manifest_dir))
            .map_err(|e| rejected(e.to_string()))?;
        self.deploy_module(
            &built.package,
            &built.wasm,
            Some(built.abi.clone()),
            Some(source.native_export),
            deployer,
            &args,
        )
    }

    fn invoke(
        &self,
        contract: &Addr,
        caller: &Addr,
        method: &str,
        args: Vec<u8>,
        kind: CallKind,
    ) -> Result<Vec<u8>, Failure> {
        match kind {
            CallKind::Call => self.call(contract, caller, method, &args),
            CallKind::View => self.view(contract, caller, method, &args),
        }
    }
}

/// Lower-case hex with a `0x` prefix.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("0x");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn rejected(message: String) -> Failure {
    Failure {
        kind: FailureKind::Rejected,
        message,
        logs: Vec::new(),
    }
}

/// The readable failure of a run that stopped.
fn describe(
    stop: &Stop,
    method: &str,
    abi: Option<&Abi>,
    gas_limit: u64,
    labeler: &dyn Fn(&[u8; 32]) -> Option<String>,
) -> Failure {
    let (kind, message) = match stop {
        Stop::Host(HostTrap::Revert(data)) => revert_failure(data, method, abi, labeler),
        Stop::Host(HostTrap::OutOfGas) | Stop::OutOfGas => (
            FailureKind::OutOfGas,
            format!("`{method}` ran out of gas (limit {gas_limit})"),
        ),
        Stop::Host(HostTrap::Fault(why)) => (FailureKind::Trapped, why.clone()),
        Stop::Trap(why) => (FailureKind::Trapped, why.clone()),
        Stop::Panic(why) => (
            FailureKind::Reverted {
                code: codes::PANIC,
                data: Vec::new(),
            },
            format!("`{method}` panicked: {why}"),
        ),
        Stop::Diverged(diff) => (FailureKind::Diverged, diff.clone()),
    };
    Failure {
        kind,
        message,
        logs: Vec::new(),
    }
}

fn revert_failure(
    data: &[u8],
    method: &str,
    abi: Option<&Abi>,
    labeler: &dyn Fn(&[u8; 32]) -> Option<String>,
) -> (FailureKind, String) {
    let Some((code_bytes, fields)) = data.split_first_chunk::<4>() else {
        return (
            FailureKind::Reverted {
                code: codes::PANIC,
                data: data.to_vec(),
            },
            format!(
                "`{method}` reverted with {} bytes that are not a Kexin error",
                data.len()
            ),
        );
    };
    let code = u32::from_le_bytes(*code_bytes);
    let kind = FailureKind::Reverted {
        code,
        data: fields.to_vec(),
    };
    let message = match code {
        codes::PANIC => format!(
            "`{method}` panicked (a bug in the contract: an overflow, a failed `expect`, corrupt state); run the native backend to see the panic message"
        ),
        codes::BAD_INPUT => {
            let expected = abi
                .and_then(|abi| abi.method(method))
                .map(|m| {
                    let args: Vec<String> = m.args.iter().map(|a| format!("{}: {}", a.name, a.ty)).collect();
                    format!(" as ({})", args.join(", "))
                })
                .unwrap_or_default();
            format!("`{method}` was called with arguments that do not decode{expected}")
        }
        _ => match abi.and_then(|abi| explain_error(abi, method, code, fields, labeler)) {
            Some(text) => format!("`{method}` reverted: {text}"),
            None => format!("`{method}` reverted with error code {code}"),
        },
    };
    (kind, message)
}

/// `TokenError::InsufficientBalance { have: 5, need: 10 }: the balance is 5 points, 10 are needed`.
fn explain_error(
    abi: &Abi,
    method: &str,
    code: u32,
    fields: &[u8],
    labeler: &dyn Fn(&[u8; 32]) -> Option<String>,
) -> Option<String> {
    let error_enum = abi.method(method).and_then(|m| m.error.as_deref());
    let (def, variant) = abi.error_variant(error_enum, code)?;
    let decoded = if variant.fields.is_empty() {
        Vec::new()
    } else {
        let types: Vec<&str> = variant.fields.iter().map(|f| f.ty.as_str()).collect();
        let tuple = format!("({},)", types.join(", "));
        abi.decode_labeled(&tuple, fields, Some(labeler))
            .ok()?
            .as_array()?
            .clone()
    };
    let mut message = variant.message.clone();
    let mut shown = Vec::new();
    for (field, value) in variant.fields.iter().zip(&decoded) {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        message = message.replace(&format!("{{{}}}", field.name), &text);
        shown.push(format!("{}: {text}", field.name));
    }
    let fields = if shown.is_empty() {
        String::new()
    } else {
        format!(" {{ {} }}", shown.join(", "))
    };
    Some(format!("{}::{}{fields}: {message}", def.name, variant.name))
}

/// Appends a debug log line, within the per-call limit.
fn push_log(frame: &mut Frame, line: String) {
    if frame.logs.len() < crate::host::limits::MAX_LOG_LINES {
        frame.logs.push(line);
    }
}

/// Runs a cross-contract call from inside a running call (the host's `call_contract`).
///
/// The callee runs in its caller's backend, on the caller's remaining gas, with the caller's
/// read-only flag, and writes into the same journal: if it fails its writes and events are
/// undone at once; if it succeeds they stand or fall with the outermost call.
pub(crate) fn nested_call(
    ctx: &mut crate::host::HostCtx<'_>,
    contract: &Addr,
    method: &str,
    input: &[u8],
    backend: crate::host::Backend,
) -> Result<u32, HostTrap> {
    let state = &mut *ctx.state;
    // Status 2's result is a one-byte reason: consensus data must not depend on wording. The
    // sentence goes to the caller's debug log for people.
    let fail = |frame: &mut Frame, reason: CallFailed, text: String| {
        frame.call_result = vec![reason as u8];
        push_log(frame, format!("call to `{method}` failed: {text}"));
        Ok(2)
    };
    if state.stack.len() >= state.depth_limit {
        let text = format!("the call depth limit of {} was reached", state.depth_limit);
        return fail(ctx.frame, CallFailed::DepthLimit, text);
    }
    let Some(code) = state.contracts.get(contract).cloned() else {
        let text = format!("there is no contract at {}", hex(&contract.0));
        return fail(ctx.frame, CallFailed::NoContract, text);
    };
    if method == "init" || !code.module.has_export(method) {
        let text = format!("contract `{}` has no method `{method}`", code.name);
        return fail(ctx.frame, CallFailed::NoMethod, text);
    }
    let checkpoint = state.store.checkpoint();
    let events_before = state.events.len();
    let frame = Frame {
        contract: *contract,
        caller: ctx.frame.contract,
        method: method.to_string(),
        input: input.to_vec(),
        read_only: ctx.frame.read_only,
        ..Frame::default()
    };
    let gas_limit = match backend {
        crate::host::Backend::Wasm => ctx.meter.left(),
        crate::host::Backend::Native => state.gas_limit,
    };
    state.stack.push(*contract);
    let taken = std::mem::take(state);
    let native = code.native.and_then(|exports| exports(method));
    let run = match (backend, native) {
        (crate::host::Backend::Native, Some(entry)) => crate::native::run(entry, taken, frame),
        _ => engine::run(&code.module, method, taken, frame, gas_limit),
    };
    *state = run.state;
    state.stack.pop();
    ctx.frame.logs.extend(
        run.frame
            .logs
            .into_iter()
            .map(|line| format!("{}: {line}", code.name)),
    );
    let undo = |state: &mut ChainState| {
        state.store.rollback(checkpoint);
        state.events.truncate(events_before);
    };
    match run.outcome {
        Ok(()) => {
            ctx.meter.charge(run.gas_used)?;
            ctx.frame.call_result = run.frame.return_data;
            Ok(0)
        }
        Err(Stop::OutOfGas) | Err(Stop::Host(HostTrap::OutOfGas)) => {
            undo(state);
            let _ = ctx.meter.charge(u64::MAX);
            Err(HostTrap::OutOfGas)
        }
        Err(Stop::Host(HostTrap::Revert(data))) => {
            undo(state);
            ctx.meter.charge(run.gas_used)?;
            ctx.frame.call_result = data;
            Ok(1)
        }
        Err(Stop::Panic(message)) => {
            undo(state);
            ctx.frame
                .logs
                .push(format!("{}: panicked: {message}", code.name));
            ctx.frame.call_result = codes::PANIC.to_le_bytes().to_vec();
            Ok(1)
        }
        Err(Stop::Host(HostTrap::Fault(why))) | Err(Stop::Trap(why)) | Err(Stop::Diverged(why)) => {
            undo(state);
            ctx.meter.charge(run.gas_used)?;
            fail(ctx.frame, CallFailed::Trapped, why)
        }
    }
}
