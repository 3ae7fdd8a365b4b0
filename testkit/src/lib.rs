//! A local Kexin chain in a crate.
//!
//! The testkit builds a contract crate with the same pipeline as `cargo kexin build`, checks
//! the module against the chain profile, compiles it once per process with wasmer's
//! singlepass compiler and deterministic gas metering, and runs every call in a fresh
//! instance. State is transactional: a call that reverts, traps or runs out of gas leaves no
//! write and no event behind. A test can act as many accounts and move block height and time.
//!
//! ```ignore
//! use kexin_testkit::Chain;
//! use token::TokenClient;
//!
//! let chain = Chain::new();
//! let alice = chain.account("alice");
//! let bob = chain.account("bob");
//! let token = TokenClient::deploy(&chain, &alice, 1_000);
//! token.transfer(&bob, 10);
//! assert_eq!(token.balance_of(&bob), 10);
//! assert!(chain.last_gas() > 0);
//! ```

mod build;
mod chain;
pub mod cost;
mod engine;
pub mod host;
mod native;
pub mod prop;
mod snapshot;
pub mod store;

pub use build::contract as build_contract;
pub use chain::{hex, Block, Chain, Event, Mode, Receipt, DEFAULT_GAS_LIMIT};
pub use cost::CostTable;
pub use engine::{load, CompiledModule, LoadError};
pub use kexin::client::{CallError, Failure, FailureKind};
pub use proptest;
