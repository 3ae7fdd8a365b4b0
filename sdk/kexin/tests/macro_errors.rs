//! The macros' errors point at the user's code and say what to write instead; the expected
//! messages live next to each case in `tests/ui/*.stderr`.

#[test]
fn macro_errors_explain_the_fix() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
