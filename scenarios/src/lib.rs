//! The main business scenario of each contract in `contracts/`.
//!
//! A scenario deploys its contract on a fresh [`Chain`] and walks through the day-to-day
//! business the contract exists for, with its typed client. `cargo kexin demo` runs them all
//! and prints sizes and gas; each contract's snapshot test runs its own.

use kexin_testkit::Chain;

mod dci;
mod green_power;
mod token;

/// One contract's scenario.
pub struct Scenario {
    /// The contract crate's directory under `contracts/`.
    pub contract: &'static str,
    /// What the scenario shows, in one line.
    pub title: &'static str,
    /// Runs the scenario on a fresh chain; an error names the step that failed.
    pub run: fn(&Chain) -> Result<(), String>,
}

/// Every scenario, in `contracts/` order.
pub fn all() -> Vec<Scenario> {
    vec![
        Scenario {
            contract: "dci-copyright",
            title: "DCI copyright: registration by SM3 digest, co-owned licensing with the exclusivity check, month-end royalty settlement, witnessed evidence and the QR check",
            run: dci::run,
        },
        Scenario {
            contract: "green-power",
            title: "green-power certificates: monthly issuance with carry-over, exchange trades, green-power settlement, retirement and the QR check",
            run: green_power::run,
        },
        Scenario {
            contract: "token",
            title: "a merchant's points programme: issue, spend, delegate redemption",
            run: token::run,
        },
    ]
}

/// The scenario of one contract.
pub fn get(contract: &str) -> Option<Scenario> {
    all().into_iter().find(|s| s.contract == contract)
}
