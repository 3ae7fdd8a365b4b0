//! The property-test driver reports a broken invariant as the shortest failing sequence,
//! printed as a test that can be pasted as is.

use kexin_testkit::proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Add(u32),
}

fn setup() -> Vec<u32> {
    Vec::new()
}

fn apply(world: &mut Vec<u32>, op: &Op) {
    let Op::Add(n) = op;
    world.push(*n);
}

/// Breaks once the numbers add up to 100 or more.
#[allow(clippy::ptr_arg)] // the driver hands invariants `&World`, here `&Vec<u32>`
fn invariants(world: &Vec<u32>) -> Result<(), String> {
    let sum: u32 = world.iter().sum();
    if sum >= 100 {
        return Err(format!("the sum is {sum}"));
    }
    Ok(())
}

#[test]
fn a_broken_invariant_is_printed_as_a_ready_to_paste_test() {
    let result = std::panic::catch_unwind(|| {
        kexin_testkit::check_invariants!(
            setup,
            apply,
            invariants,
            (0u32..200).prop_map(Op::Add),
            cases = 64
        );
    });
    let payload = result.expect_err("the invariant must break");
    let report = payload.downcast_ref::<String>().expect("a text report");
    assert!(
        report.starts_with("an invariant broke after step "),
        "{report}"
    );
    assert!(
        report.contains("as a test:\n\n#[test]\nfn regression() {\n    let mut world = setup();\n"),
        "{report}"
    );
    assert!(
        report.ends_with("    invariants(&world).unwrap();\n}\n"),
        "{report}"
    );
    // Shrinking leaves a sequence that sums to exactly the breaking point.
    let sum: u32 = report
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix("apply(&mut world, &Add(")?
                .strip_suffix("));")?
                .parse::<u32>()
                .ok()
        })
        .sum();
    assert_eq!(sum, 100, "{report}");
}

#[test]
fn the_regression_text_names_each_step() {
    let names = kexin_testkit::prop::Names {
        setup: "world",
        apply: "step",
        invariants: "check",
        at_end: None,
    };
    let text = kexin_testkit::prop::regression(
        names,
        "after step 2 (Add(7)): boom",
        &[Op::Add(3), Op::Add(7)],
    );
    assert!(text.contains("    let mut world = world();\n    step(&mut world, &Add(3));\n    step(&mut world, &Add(7));\n    check(&world).unwrap();\n"), "{text}");
}

/// Holds after every step; breaks at the end of any sequence of three or more steps.
#[allow(clippy::ptr_arg)]
fn short(world: &Vec<u32>) -> Result<(), String> {
    if world.len() >= 3 {
        return Err(format!("{} steps", world.len()));
    }
    Ok(())
}

#[allow(clippy::ptr_arg)]
fn always(_: &Vec<u32>) -> Result<(), String> {
    Ok(())
}

#[test]
fn the_end_of_sequence_check_runs_once_per_sequence_and_is_printed() {
    let result = std::panic::catch_unwind(|| {
        kexin_testkit::check_invariants!(
            setup,
            apply,
            always,
            (0u32..10).prop_map(Op::Add),
            at_end = short,
            cases = 64,
            max_steps = 8
        );
    });
    let payload = result.expect_err("the end check must break");
    let report = payload.downcast_ref::<String>().expect("a text report");
    assert!(
        report.starts_with("an invariant broke at the end: 3 steps"),
        "{report}"
    );
    assert!(
        report.ends_with("    always(&world).unwrap();\n    short(&world).unwrap();\n}\n"),
        "{report}"
    );
}
