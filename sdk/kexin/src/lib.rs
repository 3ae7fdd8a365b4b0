//! Kexin (可信): write smart contracts in Rust that compile to small, portable WebAssembly.
//!
//! A contract is a struct of storage collections and an impl block of methods:
//!
//! ```ignore
//! use kexin::prelude::*;
//!
//! #[contract]
//! pub struct Counter {
//!     value: Item<u64>,
//! }
//!
//! #[contract]
//! impl Counter {
//!     pub fn increment(&mut self) -> u64 {
//!         let next = self.value.get_or_default() + 1;
//!         self.value.set(&next);
//!         next
//!     }
//!
//!     pub fn value(&self) -> u64 {
//!         self.value.get_or_default()
//!     }
//! }
//! ```
//!
//! `&mut self` methods change state, `&self` methods are read-only views, a method marked
//! `#[init]` is the constructor, and a method returning `Err` reverts every change it made.
//! Build for `wasm32v1-none` to get a contract; build natively to get a typed test client.

#![cfg_attr(target_arch = "wasm32", no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod access;
pub mod codec;
pub mod crypto;
pub mod env;
pub mod error;
pub mod event;
mod host;
pub mod storage;
mod types;

#[cfg(not(target_arch = "wasm32"))]
pub mod client;
#[cfg(target_arch = "wasm32")]
mod wasm_runtime;

/// The native host interface, implemented by `kexin-testkit`.
#[cfg(not(target_arch = "wasm32"))]
pub mod native {
    pub use crate::host::native::{with_native_host, NativeHost, Reverted};
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use codec::{Decode, Encode};
pub use error::ContractError;
pub use event::Event;
pub use kexin_macros::{contract, data, error, event};
pub use storage::{Item, Key, List, Map, Page, Sequence};
pub use types::{Addr, Bps, Fen, Hash32, Id, Ts, BPS_WHOLE};

/// Everything a contract usually needs, in one import.
pub mod prelude {
    pub use crate::access::{Owner, Pause, Roles};
    pub use crate::env;
    pub use crate::error::OrAbort;
    pub use crate::storage::{Item, List, Map, Page, Sequence, MAX_PAGE_LIMIT};
    pub use crate::{contract, data, ensure, error, event};
    pub use crate::{Addr, Bps, Fen, Hash32, Id, Ts, BPS_WHOLE};
}
