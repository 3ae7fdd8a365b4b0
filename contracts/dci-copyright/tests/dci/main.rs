//! The DCI registry's rules, each checked against the compiled wasm (and the same contract
//! compiled natively, compared call by call) in the testkit.
//!
//! One module per part of the specification (`shared/specs/01-dci-copyright.md`); the
//! bullets of its §1.8 "Bad inputs and attacks" are in `attacks`, one test each.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod attacks;
mod billing;
mod boundaries;
mod events;
mod evidence;
mod licensing;
mod registration;
mod replay;
mod roles;
mod state_machine;
