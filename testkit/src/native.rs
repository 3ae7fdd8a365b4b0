//! The native backend: a contract compiled for this machine, run in-process against the same
//! host logic as the wasm engine. Native runs give breakpoints, backtraces, coverage and
//! panic messages; they are not metered.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Once;

use kexin::native::{with_native_host, NativeHost, Reverted};
use kexin::Addr;

use crate::engine::{Run, Stop};
use crate::host::{Backend, ChainState, Frame, HostCtx, HostTrap, Unmetered};

/// The unwind payload of a host call that faulted; the fault is kept by the host.
struct HostFault;

struct Call {
    state: ChainState,
    frame: Frame,
    revert: Option<Vec<u8>>,
    fault: Option<HostTrap>,
}

/// The [`NativeHost`] of one running call.
struct Host {
    call: RefCell<Call>,
}

impl Host {
    /// Runs one host function through the shared host logic; a fault unwinds the contract.
    fn with<R>(&self, f: impl FnOnce(&mut HostCtx<'_>) -> Result<R, HostTrap>) -> R {
        let result = {
            let call = &mut *self.call.borrow_mut();
            let mut meter = Unmetered;
            let mut ctx = HostCtx {
                state: &mut call.state,
                frame: &mut call.frame,
                meter: &mut meter,
            };
            f(&mut ctx)
        };
        match result {
            Ok(value) => value,
            Err(trap) => {
                self.call.borrow_mut().fault = Some(trap);
                panic::resume_unwind(Box::new(HostFault))
            }
        }
    }
}

impl NativeHost for Host {
    fn input(&self) -> Vec<u8> {
        self.with(|h| h.input())
    }
    fn set_return(&self, data: &[u8]) {
        self.with(|h| h.set_return(data))
    }
    fn revert(&self, data: &[u8]) {
        let trap = self.with(|h| Ok(h.revert(data)));
        let mut call = self.call.borrow_mut();
        match trap {
            HostTrap::Revert(data) => call.revert = Some(data),
            other => call.fault = Some(other),
        }
    }
    fn storage_read(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.with(|h| h.storage_read(key))
    }
    fn storage_write(&self, key: &[u8], value: &[u8]) {
        self.with(|h| h.storage_write(key, value))
    }
    fn storage_remove(&self, key: &[u8]) -> bool {
        self.with(|h| h.storage_remove(key))
    }
    fn storage_next_key(&self, prefix: &[u8], after: Option<&[u8]>) -> Option<Vec<u8>> {
        self.with(|h| h.storage_next_key(prefix, after))
    }
    fn caller(&self) -> Addr {
        self.with(|h| h.caller())
    }
    fn self_address(&self) -> Addr {
        self.with(|h| h.self_address())
    }
    fn block_height(&self) -> u64 {
        self.with(|h| h.block_height())
    }
    fn block_time(&self) -> u64 {
        self.with(|h| h.block_time())
    }
    fn gas_left(&self) -> u64 {
        self.with(|h| h.gas_left())
    }
    fn emit_event(&self, topic: &[u8], data: &[u8]) {
        self.with(|h| h.emit_event(topic, data))
    }
    fn debug_log(&self, message: &[u8]) {
        self.with(|h| h.debug_log(message))
    }
    fn sha3_256(&self, data: &[u8]) -> [u8; 32] {
        self.with(|h| h.sha3_256(data))
    }
    fn keccak_256(&self, data: &[u8]) -> [u8; 32] {
        self.with(|h| h.keccak_256(data))
    }
    fn sm3(&self, data: &[u8]) -> [u8; 32] {
        self.with(|h| h.sm3(data))
    }
    fn call_contract(&self, contract: &Addr, method: &str, input: &[u8]) -> (u32, Vec<u8>) {
        self.with(|h| {
            let status = h.call_contract(contract, method.as_bytes(), input, Backend::Native)?;
            Ok((status, h.call_result()?))
        })
    }
    fn reentered(&self) -> bool {
        self.with(|h| h.reentered())
    }
}

thread_local! {
    /// How many native contract calls are running on this thread.
    static RUNNING: Cell<u32> = const { Cell::new(0) };
    /// The message of the last panic inside a native contract on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that keeps panics of native contracts quiet and records their
/// message and place; other panics go to the previous hook unchanged.
fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if RUNNING.with(Cell::get) > 0 {
                let message = payload_text(info.payload());
                let place = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()));
                LAST_PANIC.with(|p| {
                    *p.borrow_mut() = Some(format!("{message}{}", place.unwrap_or_default()))
                });
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-text payload".to_string()
    }
}

/// Runs the natively compiled `entry` as the call described by `frame`.
pub fn run(entry: fn(), state: ChainState, frame: Frame) -> Run {
    install_panic_hook();
    let host = Rc::new(Host {
        call: RefCell::new(Call {
            state,
            frame,
            revert: None,
            fault: None,
        }),
    });
    RUNNING.with(|r| r.set(r.get() + 1));
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let shared: Rc<dyn NativeHost> = host.clone();
    let result = panic::catch_unwind(AssertUnwindSafe(|| with_native_host(shared, entry)));
    RUNNING.with(|r| r.set(r.get() - 1));
    let call = Rc::try_unwrap(host)
        .ok()
        .expect("the native host is released when the call ends")
        .call
        .into_inner();
    let outcome = match result {
        Ok(()) => Ok(()),
        Err(payload) if payload.is::<Reverted>() => Err(Stop::Host(HostTrap::Revert(
            call.revert.unwrap_or_default(),
        ))),
        Err(payload) if payload.is::<HostFault>() => {
            Err(Stop::Host(call.fault.unwrap_or_else(|| {
                HostTrap::Fault("a host call failed".into())
            })))
        }
        Err(payload) => {
            let message = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| payload_text(&*payload));
            Err(Stop::Panic(message))
        }
    };
    Run {
        state: call.state,
        frame: call.frame,
        gas_used: 0,
        outcome,
    }
}
