//! The property-test driver: random sequences of calls from several accounts, invariants
//! checked after every step, and a failure printed as a ready-to-paste regression test.
//!
//! A test supplies four things: `setup` builds a fresh world (a chain, accounts, deployed
//! contracts), a proptest strategy generates operations, `apply` performs one operation
//! (expected failures are part of the game: apply ignores or checks them), and `invariants`
//! returns an error describing the first broken rule.
//!
//! ```ignore
//! #[derive(Debug, Clone)]
//! enum Op { Transfer { from: usize, to: usize, amount: u128 } }
//!
//! fn setup() -> World { … }
//! fn apply(world: &mut World, op: &Op) { … }
//! fn invariants(world: &World) -> Result<(), String> { … }
//!
//! #[test]
//! fn supply_is_conserved() {
//!     kexin_testkit::check_invariants!(setup, apply, invariants, op_strategy());
//! }
//! ```
//!
//! A check too costly for every step (rebuilding the state from the event stream, say) can
//! run once at the end of each sequence: `check_invariants!(setup, apply, invariants, ops,
//! at_end = rebuilds_from_events)`.
//!
//! On failure proptest shrinks the sequence and the driver panics with the shortest one as a
//! test that calls the same functions: derive `Debug` on the operation type so that it
//! prints as Rust (an enum with literal fields does).

use std::fmt::Debug;

use proptest::strategy::Strategy;
use proptest::test_runner::{
    Config as RunnerConfig, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner,
};

/// How many sequences to try, how long they are, and from which seed.
///
/// Runs are reproducible: the same seed explores the same sequences. For a longer or
/// different exploration set `KEXIN_PROPTEST_CASES`, `KEXIN_PROPTEST_STEPS` and
/// `KEXIN_PROPTEST_SEED`; they win over a test's own numbers.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Random sequences tried (`KEXIN_PROPTEST_CASES` overrides it).
    pub cases: u32,
    /// Longest sequence of operations (`KEXIN_PROPTEST_STEPS` overrides it).
    pub max_steps: usize,
    /// The random seed (`KEXIN_PROPTEST_SEED` overrides it).
    pub seed: u64,
}

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

impl Default for Config {
    fn default() -> Self {
        Config {
            cases: 256,
            max_steps: 24,
            seed: 0,
        }
    }
}

/// A check of a world: `Err` describes the first broken rule.
pub type Check<W> = fn(&W) -> Result<(), String>;

/// The names of the test's functions, for the printed regression test.
#[derive(Clone, Copy, Debug)]
pub struct Names {
    /// The world builder.
    pub setup: &'static str,
    /// The operation runner.
    pub apply: &'static str,
    /// The invariant checker.
    pub invariants: &'static str,
    /// The check run once at the end of each sequence, if any.
    pub at_end: Option<&'static str>,
}

/// Runs random operation sequences and checks the invariants after setup and after every
/// operation; panics with a ready-to-paste regression test when one breaks.
pub fn check<W, Op, S>(
    config: Config,
    names: Names,
    setup: fn() -> W,
    ops: S,
    apply: fn(&mut W, &Op),
    invariants: Check<W>,
    at_end: Option<Check<W>>,
) where
    Op: Debug + Clone,
    S: Strategy<Value = Op>,
{
    // The environment wins over the test's own numbers: CI and long runs set it.
    let config = Config {
        cases: env_number("KEXIN_PROPTEST_CASES").unwrap_or(config.cases),
        max_steps: env_number("KEXIN_PROPTEST_STEPS").unwrap_or(config.max_steps),
        seed: env_number("KEXIN_PROPTEST_SEED").unwrap_or(config.seed),
    };
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&config.seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
    let runner_config = RunnerConfig {
        cases: config.cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    };
    let mut runner = TestRunner::new_with_rng(runner_config, rng);
    let sequences = proptest::collection::vec(ops, 1..=config.max_steps.max(1));
    let result = runner.run(&sequences, |sequence| {
        let mut world = setup();
        invariants(&world).map_err(|e| TestCaseError::fail(format!("after setup: {e}")))?;
        for (step, op) in sequence.iter().enumerate() {
            apply(&mut world, op);
            invariants(&world).map_err(|e| {
                TestCaseError::fail(format!("after step {} ({op:?}): {e}", step + 1))
            })?;
        }
        if let Some(at_end) = at_end {
            at_end(&world).map_err(|e| TestCaseError::fail(format!("at the end: {e}")))?;
        }
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, sequence)) => {
            panic!("{}", regression(names, &reason.to_string(), &sequence))
        }
        Err(TestError::Abort(reason)) => panic!("the property test was aborted: {reason}"),
    }
}

/// The failure report: what broke, then the shrunk sequence as a test.
pub fn regression<Op: Debug>(names: Names, reason: &str, sequence: &[Op]) -> String {
    let mut text = format!(
        "an invariant broke {reason}\n\nshortest failing sequence ({} steps), as a test:\n\n#[test]\nfn regression() {{\n    let mut world = {}();\n",
        sequence.len(),
        names.setup
    );
    for op in sequence {
        text.push_str(&format!("    {}(&mut world, &{op:?});\n", names.apply));
    }
    text.push_str(&format!("    {}(&world).unwrap();\n", names.invariants));
    if let Some(at_end) = names.at_end {
        text.push_str(&format!("    {at_end}(&world).unwrap();\n"));
    }
    text.push_str("}\n");
    text
}

/// Checks invariants over random operation sequences; see [the module](crate::prop).
///
/// `check_invariants!(setup, apply, invariants, strategy)` uses the default [`Config`];
/// add `cases = N`, `max_steps = N` and/or `seed = N` to change it. `at_end = check`, right
/// after the strategy, adds a check run once at the end of each sequence.
#[macro_export]
macro_rules! check_invariants {
    (@run $setup:path, $apply:path, $invariants:path, $ops:expr, $at_end:expr, $at_end_name:expr $(, $key:ident = $value:expr)*) => {{
        #[allow(unused_mut)]
        let mut config = $crate::prop::Config::default();
        $(config.$key = $value;)*
        $crate::prop::check(
            config,
            $crate::prop::Names {
                setup: stringify!($setup),
                apply: stringify!($apply),
                invariants: stringify!($invariants),
                at_end: $at_end_name,
            },
            $setup,
            $ops,
            $apply,
            $invariants,
            $at_end,
        )
    }};
    ($setup:path, $apply:path, $invariants:path, $ops:expr, at_end = $at_end:path $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::check_invariants!(@run $setup, $apply, $invariants, $ops, Some($at_end as $crate::prop::Check<_>), Some(stringify!($at_end)) $(, $key = $value)*)
    };
    ($setup:path, $apply:path, $invariants:path, $ops:expr $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::check_invariants!(@run $setup, $apply, $invariants, $ops, None, None $(, $key = $value)*)
    };
}
