//! Running compiled contracts in wasmer: validation, metered compilation with a module cache,
//! and one fresh instance per call wired to the host ABI.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use kexin_abi::Abi;
use wasmer::sys::{CompilerConfig, EngineBuilder, Singlepass};
use wasmer::{
    imports, AsStoreMut, Engine, Function, FunctionEnv, FunctionEnvMut, Global, Instance, Memory,
    Module, Store, StoreMut, Value,
};
use wasmer_middlewares::Metering;

use crate::cost::CostTable;
use crate::host::{Backend, ChainState, Frame, HostCtx, HostTrap, Meter};

/// A contract's code as the chain keeps it.
pub struct Code {
    /// A display name: the crate's package name, or `module` for raw wasm.
    pub name: String,
    /// The compiled module.
    pub module: Arc<CompiledModule>,
    /// The ABI read from the module's `kexin_abi` section, if it has one.
    pub abi: Option<Abi>,
    /// Natively compiled entry points, when the contract's crate is linked into the test.
    pub native: Option<kexin::client::NativeExports>,
}

/// A validated module compiled under one cost table.
pub struct CompiledModule {
    engine: Engine,
    module: Module,
    /// Size of the module in bytes.
    pub wasm_bytes: usize,
    /// The exported function names.
    pub exports: Vec<String>,
}

/// Why a module could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The module breaks the chain profile; every problem is listed.
    Invalid(String),
    /// wasmer rejected the module.
    Compile(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Invalid(report) => write!(f, "the module was rejected at load:\n{report}"),
            LoadError::Compile(why) => write!(f, "the module does not compile: {why}"),
        }
    }
}

impl std::error::Error for LoadError {}

type CacheKey = ([u8; 32], CostTable);

fn cache() -> &'static Mutex<HashMap<CacheKey, Arc<CompiledModule>>> {
    static CACHE: OnceLock<Mutex<HashMap<CacheKey, Arc<CompiledModule>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Validates and compiles a module, or returns the one compiled earlier in this process from
/// the same bytes under the same cost table.
pub fn load(wasm: &[u8], costs: &CostTable) -> Result<Arc<CompiledModule>, LoadError> {
    use sha3::Digest;
    let key = (sha3::Sha3_256::digest(wasm).into(), *costs);
    if let Some(module) = cache().lock().expect("module cache lock").get(&key) {
        return Ok(module.clone());
    }
    let report = kexin_check::check(wasm, &kexin_check::KEXIN_V1);
    if !report.is_ok() {
        return Err(LoadError::Invalid(report.to_string()));
    }
    let costs_copy = *costs;
    // One metering middleware per module: it records the module's global indexes.
    let metering = Arc::new(Metering::new(
        0,
        move |op: &wasmer::wasmparser::Operator| costs_copy.instruction_cost(op),
    ));
    let mut compiler = Singlepass::default();
    compiler.push_middleware(metering);
    let engine: Engine = EngineBuilder::new(compiler).engine().into();
    let module = Module::new(&engine, wasm).map_err(|e| LoadError::Compile(e.to_string()))?;
    let exports = module
        .exports()
        .functions()
        .map(|f| f.name().to_string())
        .collect();
    let compiled = Arc::new(CompiledModule {
        engine,
        module,
        wasm_bytes: wasm.len(),
        exports,
    });
    cache()
        .lock()
        .expect("module cache lock")
        .insert(key, compiled.clone());
    Ok(compiled)
}

impl CompiledModule {
    /// Whether the module exports a function with this name.
    pub fn has_export(&self, name: &str) -> bool {
        self.exports.iter().any(|e| e == name)
    }
}

/// How a wasm run ended, besides success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// A host call stopped the contract (revert, out of gas inside a host call, a fault).
    Host(HostTrap),
    /// The metered code ran out of gas.
    OutOfGas,
    /// The wasm trapped: the trap's message and the function it happened in.
    Trap(String),
    /// The natively compiled contract panicked with this message (and place).
    Panic(String),
    /// Run natively and as wasm, the contract behaved differently: the difference.
    Diverged(String),
}

/// The data a running instance's host functions see.
struct HostEnv {
    state: ChainState,
    frame: Frame,
    memory: Option<Memory>,
    gas: Option<(Global, Global)>,
}

/// Gas and memory of the running instance, borrowed for one host call.
struct Wasm<'a> {
    store: StoreMut<'a>,
    memory: Memory,
    remaining: Global,
    exhausted: Global,
}

impl Meter for Wasm<'_> {
    fn charge(&mut self, gas: u64) -> Result<(), HostTrap> {
        let left = self.left();
        if left < gas {
            let _ = self.remaining.set(&mut self.store, Value::I64(0));
            let _ = self.exhausted.set(&mut self.store, Value::I32(1));
            return Err(HostTrap::OutOfGas);
        }
        let _ = self
            .remaining
            .set(&mut self.store, Value::I64((left - gas) as i64));
        Ok(())
    }

    fn left(&mut self) -> u64 {
        self.remaining.get(&mut self.store).i64().unwrap_or(0) as u64
    }
}

impl Wasm<'_> {
    /// The bytes at `ptr..ptr+len` of the contract's memory.
    fn read(&self, ptr: i32, len: i32, what: &str) -> Result<Vec<u8>, HostTrap> {
        let view = self.memory.view(&self.store);
        let (start, len) = (ptr as u32 as u64, len as u32 as u64);
        if len > view.data_size() || start > view.data_size() - len {
            return Err(out_of_bounds(what, start, len, view.data_size()));
        }
        let mut buf = vec![0; len as usize];
        view.read(start, &mut buf)
            .map_err(|_| out_of_bounds(what, start, len, view.data_size()))?;
        Ok(buf)
    }

    /// Writes `data` at `ptr` in the contract's memory.
    fn write(&self, ptr: i32, data: &[u8], what: &str) -> Result<(), HostTrap> {
        let view = self.memory.view(&self.store);
        let start = ptr as u32 as u64;
        view.write(start, data)
            .map_err(|_| out_of_bounds(what, start, data.len() as u64, view.data_size()))
    }
}

fn out_of_bounds(what: &str, start: u64, len: u64, size: u64) -> HostTrap {
    HostTrap::Fault(format!(
        "host function `{what}` was given memory {start:#x}..{:#x}, outside the contract's {size}-byte memory",
        start.saturating_add(len)
    ))
}

/// Runs `f` with the host context of the call in progress.
fn with_host<R>(
    fe: &mut FunctionEnvMut<HostEnv>,
    f: impl FnOnce(&mut Wasm<'_>, &mut ChainState, &mut Frame) -> Result<R, HostTrap>,
) -> Result<R, HostTrap> {
    let (env, store) = fe.data_and_store_mut();
    let memory = env
        .memory
        .clone()
        .ok_or_else(|| HostTrap::Fault("host call before the instance was ready".into()))?;
    let (remaining, exhausted) = env
        .gas
        .clone()
        .ok_or_else(|| HostTrap::Fault("host call before the instance was ready".into()))?;
    let mut wasm = Wasm {
        store,
        memory,
        remaining,
        exhausted,
    };
    f(&mut wasm, &mut env.state, &mut env.frame)
}

fn ctx<'a>(wasm: &'a mut Wasm<'_>, state: &'a mut ChainState, frame: &'a mut Frame) -> HostCtx<'a> {
    HostCtx {
        state,
        frame,
        meter: wasm,
    }
}

/// Copies up to `cap` bytes of `value` to `dst`; returns the full length (-1 for none).
fn deliver(
    wasm: &Wasm<'_>,
    value: Option<&[u8]>,
    dst: i32,
    cap: i32,
    what: &str,
) -> Result<i32, HostTrap> {
    let Some(value) = value else { return Ok(-1) };
    if cap < 0 {
        return Err(HostTrap::Fault(format!(
            "host function `{what}` was given a negative capacity {cap}"
        )));
    }
    let n = value.len().min(cap as usize);
    wasm.write(dst, &value[..n], what)?;
    Ok(value.len() as i32)
}

mod imports_v1 {
    //! One function per import of module `kexin_v1`, each an adapter from wasm pointers to
    //! the shared host logic.

    use super::*;

    type Env<'a> = FunctionEnvMut<'a, HostEnv>;

    pub fn input_len(mut fe: Env) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            ctx(w, s, f).input_len().map(|n| n as i32)
        })
    }

    pub fn input_read(mut fe: Env, dst: i32) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let input = ctx(w, s, f).input()?;
            w.write(dst, &input, "input_read")
        })
    }

    pub fn return_data(mut fe: Env, ptr: i32, len: i32) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let data = w.read(ptr, len, "return_data")?;
            ctx(w, s, f).set_return(&data)
        })
    }

    pub fn revert(mut fe: Env, ptr: i32, len: i32) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let data = w.read(ptr, len, "revert")?;
            Err(ctx(w, s, f).revert(&data))
        })
    }

    pub fn storage_read(
        mut fe: Env,
        kp: i32,
        kl: i32,
        dst: i32,
        cap: i32,
    ) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let key = w.read(kp, kl, "storage_read")?;
            let value = ctx(w, s, f).storage_read(&key)?;
            deliver(w, value.as_deref(), dst, cap, "storage_read")
        })
    }

    pub fn storage_write(mut fe: Env, kp: i32, kl: i32, vp: i32, vl: i32) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let key = w.read(kp, kl, "storage_write")?;
            let value = w.read(vp, vl, "storage_write")?;
            ctx(w, s, f).storage_write(&key, &value)
        })
    }

    pub fn storage_remove(mut fe: Env, kp: i32, kl: i32) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let key = w.read(kp, kl, "storage_remove")?;
            ctx(w, s, f).storage_remove(&key).map(i32::from)
        })
    }

    pub fn storage_next_key(
        mut fe: Env,
        pp: i32,
        pl: i32,
        ap: i32,
        al: i32,
        dst: i32,
        cap: i32,
    ) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let prefix = w.read(pp, pl, "storage_next_key")?;
            let after = if al == -1 {
                None
            } else {
                Some(w.read(ap, al, "storage_next_key")?)
            };
            let found = ctx(w, s, f).storage_next_key(&prefix, after.as_deref())?;
            deliver(w, found.as_deref(), dst, cap, "storage_next_key")
        })
    }

    /// Writes the 32-byte address `get` answers at `dst`.
    fn address(
        mut fe: Env,
        dst: i32,
        name: &str,
        get: fn(&mut HostCtx<'_>) -> Result<kexin::Addr, HostTrap>,
    ) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let addr = get(&mut ctx(w, s, f))?;
            w.write(dst, &addr.0, name)
        })
    }

    pub fn caller(fe: Env, dst: i32) -> Result<(), HostTrap> {
        address(fe, dst, "caller", |h| h.caller())
    }

    pub fn self_address(fe: Env, dst: i32) -> Result<(), HostTrap> {
        address(fe, dst, "self_address", |h| h.self_address())
    }

    pub fn block_height(mut fe: Env) -> Result<i64, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            ctx(w, s, f).block_height().map(|h| h as i64)
        })
    }

    pub fn block_time(mut fe: Env) -> Result<i64, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            ctx(w, s, f).block_time().map(|t| t as i64)
        })
    }

    pub fn gas_left(mut fe: Env) -> Result<i64, HostTrap> {
        with_host(&mut fe, |w, s, f| ctx(w, s, f).gas_left().map(|g| g as i64))
    }

    pub fn emit_event(mut fe: Env, tp: i32, tl: i32, dp: i32, dl: i32) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let topic = w.read(tp, tl, "emit_event")?;
            let data = w.read(dp, dl, "emit_event")?;
            ctx(w, s, f).emit_event(&topic, &data)
        })
    }

    pub fn debug_log(mut fe: Env, ptr: i32, len: i32) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let message = w.read(ptr, len, "debug_log")?;
            ctx(w, s, f).debug_log(&message)
        })
    }

    /// Hashes the bytes at `ptr..ptr+len` with `hash` and writes the digest at `dst`.
    fn digest(
        mut fe: Env,
        (ptr, len, dst): (i32, i32, i32),
        name: &str,
        hash: fn(&mut HostCtx<'_>, &[u8]) -> Result<[u8; 32], HostTrap>,
    ) -> Result<(), HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let data = w.read(ptr, len, name)?;
            let digest = hash(&mut ctx(w, s, f), &data)?;
            w.write(dst, &digest, name)
        })
    }

    pub fn sha3_256(fe: Env, ptr: i32, len: i32, dst: i32) -> Result<(), HostTrap> {
        digest(fe, (ptr, len, dst), "sha3_256", |h, d| h.sha3_256(d))
    }

    pub fn keccak_256(fe: Env, ptr: i32, len: i32, dst: i32) -> Result<(), HostTrap> {
        digest(fe, (ptr, len, dst), "keccak_256", |h, d| h.keccak_256(d))
    }

    pub fn sm3(fe: Env, ptr: i32, len: i32, dst: i32) -> Result<(), HostTrap> {
        digest(fe, (ptr, len, dst), "sm3", |h, d| h.sm3(d))
    }

    pub fn call_contract(
        mut fe: Env,
        ap: i32,
        mp: i32,
        ml: i32,
        ip: i32,
        il: i32,
    ) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let address = w.read(ap, 32, "call_contract")?;
            let address = kexin::Addr(address.try_into().expect("read 32 bytes"));
            let method = w.read(mp, ml, "call_contract")?;
            let input = w.read(ip, il, "call_contract")?;
            ctx(w, s, f)
                .call_contract(&address, &method, &input, Backend::Wasm)
                .map(|s| s as i32)
        })
    }

    pub fn call_result(mut fe: Env, dst: i32, cap: i32) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| {
            let result = ctx(w, s, f).call_result()?;
            deliver(w, Some(&result), dst, cap, "call_result")
        })
    }

    pub fn reentered(mut fe: Env) -> Result<i32, HostTrap> {
        with_host(&mut fe, |w, s, f| ctx(w, s, f).reentered().map(i32::from))
    }
}

/// The result of running one export.
pub struct Run {
    /// The chain state, handed back.
    pub state: ChainState,
    /// The frame, with return data and logs.
    pub frame: Frame,
    /// Gas used (the whole limit if it ran out).
    pub gas_used: u64,
    /// `Ok` if the export returned normally.
    pub outcome: Result<(), Stop>,
}

/// A store with the host functions of one module, reused for many calls on one thread.
///
/// Each call still gets a fresh instance (fresh memory, globals and gas); what is reused is
/// the store and the 21 host functions, which otherwise dominate the cost of a call. A store
/// keeps its instances until it is dropped, so it is replaced after
/// [`RUNS_PER_SESSION`] calls.
struct Session {
    store: Store,
    env: FunctionEnv<HostEnv>,
    imports: wasmer::Imports,
    runs: u32,
}

/// Calls served by one [`Session`] before its store (and the instances it holds) is dropped.
const RUNS_PER_SESSION: u32 = 256;

thread_local! {
    /// Idle sessions by module; a module running a nested call to itself takes a new one.
    static SESSIONS: std::cell::RefCell<HashMap<usize, Session>> = std::cell::RefCell::new(HashMap::new());
}

impl Session {
    fn new(code: &CompiledModule) -> Session {
        let mut store = Store::new(code.engine.clone());
        let env = FunctionEnv::new(
            &mut store,
            HostEnv {
                state: ChainState::default(),
                frame: Frame::default(),
                memory: None,
                gas: None,
            },
        );
        let imports = imports! {
            "kexin_v1" => {
                "input_len" => Function::new_typed_with_env(&mut store, &env, imports_v1::input_len),
                "input_read" => Function::new_typed_with_env(&mut store, &env, imports_v1::input_read),
                "return_data" => Function::new_typed_with_env(&mut store, &env, imports_v1::return_data),
                "revert" => Function::new_typed_with_env(&mut store, &env, imports_v1::revert),
                "storage_read" => Function::new_typed_with_env(&mut store, &env, imports_v1::storage_read),
                "storage_write" => Function::new_typed_with_env(&mut store, &env, imports_v1::storage_write),
                "storage_remove" => Function::new_typed_with_env(&mut store, &env, imports_v1::storage_remove),
                "storage_next_key" => Function::new_typed_with_env(&mut store, &env, imports_v1::storage_next_key),
                "caller" => Function::new_typed_with_env(&mut store, &env, imports_v1::caller),
                "self_address" => Function::new_typed_with_env(&mut store, &env, imports_v1::self_address),
                "block_height" => Function::new_typed_with_env(&mut store, &env, imports_v1::block_height),
                "block_time" => Function::new_typed_with_env(&mut store, &env, imports_v1::block_time),
                "gas_left" => Function::new_typed_with_env(&mut store, &env, imports_v1::gas_left),
                "emit_event" => Function::new_typed_with_env(&mut store, &env, imports_v1::emit_event),
                "debug_log" => Function::new_typed_with_env(&mut store, &env, imports_v1::debug_log),
                "sha3_256" => Function::new_typed_with_env(&mut store, &env, imports_v1::sha3_256),
                "keccak_256" => Function::new_typed_with_env(&mut store, &env, imports_v1::keccak_256),
                "sm3" => Function::new_typed_with_env(&mut store, &env, imports_v1::sm3),
                "call_contract" => Function::new_typed_with_env(&mut store, &env, imports_v1::call_contract),
                "call_result" => Function::new_typed_with_env(&mut store, &env, imports_v1::call_result),
                "reentered" => Function::new_typed_with_env(&mut store, &env, imports_v1::reentered),
            }
        };
        Session {
            store,
            env,
            imports,
            runs: 0,
        }
    }
}

/// Runs `export` in a fresh instance of `code` with `gas_limit` gas.
pub fn run(
    code: &CompiledModule,
    export: &str,
    state: ChainState,
    frame: Frame,
    gas_limit: u64,
) -> Run {
    let key = code as *const CompiledModule as usize;
    let mut session = SESSIONS
        .with(|s| s.borrow_mut().remove(&key))
        .filter(|s| s.runs < RUNS_PER_SESSION)
        .unwrap_or_else(|| Session::new(code));
    session.runs += 1;
    let run = run_in(&mut session, code, export, state, frame, gas_limit);
    SESSIONS.with(|s| s.borrow_mut().insert(key, session));
    run
}

fn run_in(
    session: &mut Session,
    code: &CompiledModule,
    export: &str,
    state: ChainState,
    frame: Frame,
    gas_limit: u64,
) -> Run {
    let Session {
        store,
        env,
        imports: import_object,
        ..
    } = session;
    let store: &mut Store = store;
    *env.as_mut(store) = HostEnv {
        state,
        frame,
        memory: None,
        gas: None,
    };
    let take_back = |store: &mut Store, env: &FunctionEnv<HostEnv>| {
        let data = env.as_mut(store);
        (
            std::mem::take(&mut data.state),
            std::mem::take(&mut data.frame),
        )
    };
    let instance = match Instance::new(store, &code.module, import_object) {
        Ok(instance) => instance,
        Err(e) => {
            let (state, frame) = take_back(store, env);
            let stop = Stop::Trap(format!("the module could not be instantiated: {e}"));
            return Run {
                state,
                frame,
                gas_used: 0,
                outcome: Err(stop),
            };
        }
    };
    let memory = instance.exports.get_memory("memory").ok().cloned();
    let remaining = instance
        .exports
        .get_global("wasmer_metering_remaining_points")
        .ok()
        .cloned();
    let exhausted = instance
        .exports
        .get_global("wasmer_metering_points_exhausted")
        .ok()
        .cloned();
    {
        let data = env.as_mut(store);
        data.memory = memory;
        data.gas = remaining.clone().zip(exhausted.clone());
    }
    let (Some(remaining), Some(exhausted)) = (remaining, exhausted) else {
        let (state, frame) = take_back(store, env);
        let stop = Stop::Trap("the module was not compiled with gas metering".into());
        return Run {
            state,
            frame,
            gas_used: 0,
            outcome: Err(stop),
        };
    };
    let _ = remaining.set(store, Value::I64(gas_limit as i64));
    let _ = exhausted.set(store, Value::I32(0));

    let outcome = match instance.exports.get_typed_function::<(), ()>(store, export) {
        Err(_) => Err(Stop::Trap(format!(
            "the module has no export `{export}` of type () -> ()"
        ))),
        Ok(function) => function
            .call(store)
            .map_err(|error| classify(error, export)),
    };
    let ran_out = exhausted.get(&mut store.as_store_mut()).i32() == Some(1);
    let left = remaining.get(&mut store.as_store_mut()).i64().unwrap_or(0) as u64;
    let gas_used = if ran_out {
        gas_limit
    } else {
        gas_limit.saturating_sub(left)
    };
    let outcome = match outcome {
        Err(Stop::Trap(_)) if ran_out => Err(Stop::OutOfGas),
        other => other,
    };
    let (state, frame) = take_back(store, env);
    Run {
        state,
        frame,
        gas_used,
        outcome,
    }
}

/// Turns a wasmer error into why the run stopped, naming the function that trapped.
fn classify(error: wasmer::RuntimeError, export: &str) -> Stop {
    if let Some(trap) = error.downcast_ref::<HostTrap>() {
        return Stop::Host(trap.clone());
    }
    let place = error
        .trace()
        .first()
        .map(|frame| match frame.function_name() {
            Some(name) => format!(" in function {} (`{name}`)", frame.func_index()),
            None => format!(" in function {}", frame.func_index()),
        })
        .unwrap_or_default();
    Stop::Trap(format!("`{export}` trapped{place}: {}", error.message()))
}
