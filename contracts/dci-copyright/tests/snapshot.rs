//! The DCI scenario as a reviewed snapshot: state decoded field by field, every call with
//! its arguments, result, events and gas. A change in behaviour or in gas shows up as a diff
//! of `snapshots/snapshot__scenario.snap`.

#[test]
fn scenario() {
    let chain = kexin_testkit::Chain::new();
    let scenario = kexin_scenarios::get("dci-copyright").expect("the contract has a scenario");
    (scenario.run)(&chain).expect("the scenario runs");
    insta::assert_yaml_snapshot!(chain.snapshot());
}
