//! Administration (§0.1 access control, pause, configuration): roles with events, the
//! two-step administrator handover, the pause switch, configuration and territories.

use dci_copyright::*;
use kexin_testkit::Chain;

use crate::common::*;

#[test]
fn deployment_sets_admin_configuration_and_territories_with_events() {
    let w = world();
    let info = w.dci.info();
    assert_eq!(info.admin, w.admin);
    assert_eq!(info.pending_admin, None);
    assert!(!info.paused);
    assert_eq!(info.schema_version, SCHEMA_VERSION);
    assert_eq!(info.config, config());
    assert_eq!(info.counts.works, 0);
    let events = w.chain.receipts()[0].events.clone();
    assert_eq!(
        events[0].decode::<AdminTransferred>(),
        Some(AdminTransferred {
            from: kexin::Addr::ZERO,
            to: w.admin
        })
    );
    assert_eq!(
        events[1].decode::<ConfigChanged>(),
        Some(ConfigChanged { config: config() })
    );
    assert_eq!(info.config.territories, vec![CN, HK, 840]);
}

#[test]
fn an_invalid_configuration_is_refused_at_deployment_and_later() {
    let chain = Chain::new();
    let admin = chain.account("admin");
    type Change = Box<dyn Fn(&mut Config)>;
    let invalid: Vec<(&str, Change)> = vec![
        ("quorum 0", Box::new(|c| c.license_quorum_bps = 0)),
        ("quorum 10 001", Box::new(|c| c.license_quorum_bps = 10_001)),
        ("term 0", Box::new(|c| c.max_license_term = 0)),
        ("no witness", Box::new(|c| c.min_witnesses = 0)),
        ("11 witnesses", Box::new(|c| c.min_witnesses = 11)),
        ("no lag", Box::new(|c| c.max_evidence_lag = 0)),
        ("no live licence", Box::new(|c| c.max_live_licenses = 0)),
        ("101 live licences", Box::new(|c| c.max_live_licenses = 101)),
        ("65-byte codes", Box::new(|c| c.dci_max_len = 65)),
        ("prefix as long as a code", Box::new(|c| c.dci_max_len = 3)),
        (
            "prefix with a space",
            Box::new(|c| c.dci_prefix = "DC I".into()),
        ),
        (
            "non-ASCII prefix",
            Box::new(|c| c.dci_prefix = "版权".into()),
        ),
        (
            "territory 0 (worldwide is implicit)",
            Box::new(|c| c.territories.push(0)),
        ),
        (
            "33 territories",
            Box::new(|c| c.territories = (1..=33).collect()),
        ),
    ];
    let w = world();
    for (what, change) in &invalid {
        let mut c = config();
        change(&mut c);
        let deployed = DciRegistryClient::try_deploy(&chain, &admin, &c);
        assert_eq!(err(deployed.map(drop)), bad(Field::Config), "{what}");
        assert_eq!(err(w.dci.try_set_config(&c)), bad(Field::Config), "{what}");
    }
    // The limits themselves are accepted.
    let mut c = config();
    c.license_quorum_bps = 1;
    c.min_witnesses = 10;
    c.max_live_licenses = 100;
    c.dci_max_len = 64;
    c.dci_prefix = String::new();
    c.territories = (1..=32).collect();
    w.dci.set_config(&c);
    c.territories = vec![];
    w.dci.set_config(&c);
}

#[test]
fn configuration_changes_are_the_administrators_and_emit_an_event() {
    let w = world();
    let mut c = config();
    c.license_quorum_bps = 6_000;
    assert_eq!(
        err(w.dci.by(&w.regulator).try_set_config(&c)),
        DciError::Unauthorized
    );
    w.dci.set_config(&c);
    assert_eq!(w.dci.info().config, c);
    assert_eq!(
        w.last_events::<ConfigChanged>(),
        vec![ConfigChanged { config: c }]
    );
}

#[test]
fn territories_are_configuration_changed_by_the_administrator() {
    let w = world();
    let work = w.alices_work();
    let mut t = w.terms();
    t.territory = 446;
    assert_eq!(err(w.try_offer(work, &w.alice, &t)), bad(Field::Territory));
    let mut c = config();
    c.territories.push(446);
    w.dci.set_config(&c);
    assert_eq!(
        w.last_events::<ConfigChanged>(),
        vec![ConfigChanged { config: c.clone() }]
    );
    t.request_id = w.rid();
    w.offer(work, &w.alice, &t);
    c.territories.retain(|code| *code != 446);
    w.dci.set_config(&c);
    t.request_id = w.rid();
    assert_eq!(err(w.try_offer(work, &w.alice, &t)), bad(Field::Territory));
    // Worldwide (0) is always allowed.
    t.request_id = w.rid();
    t.territory = 0;
    w.offer(work, &w.alice, &t);
}

#[test]
fn roles_are_granted_and_revoked_with_events() {
    let w = world();
    assert!(!w.dci.has_role(&Role::MonitoringAgency, &w.carol));
    w.dci.grant_role(&Role::MonitoringAgency, &w.carol);
    assert!(w.dci.has_role(&Role::MonitoringAgency, &w.carol));
    assert_eq!(
        w.last_events::<RoleGranted>(),
        vec![RoleGranted {
            role: Role::MonitoringAgency,
            account: w.carol
        }]
    );
    assert_eq!(
        err(w.dci.try_grant_role(&Role::MonitoringAgency, &w.carol)),
        DciError::Duplicate
    );
    assert_eq!(
        err(w.dci.try_grant_role(&Role::Regulator, &kexin::Addr::ZERO)),
        bad(Field::Account)
    );
    w.dci.revoke_role(&Role::MonitoringAgency, &w.carol);
    assert_eq!(w.last_events::<RoleRevoked>()[0].account, w.carol);
    assert_eq!(
        err(w.dci.try_revoke_role(&Role::MonitoringAgency, &w.carol)),
        DciError::NotFound(Record::RoleGrant)
    );
    // A revoked platform can no longer apply.
    w.dci.revoke_role(&Role::AccessPlatform, &w.platform);
    assert_eq!(
        err(w.application(&[(w.alice, 10_000)]).submit(&w, &w.platform)),
        DciError::Unauthorized
    );
}

#[test]
fn the_administrator_hands_over_in_two_steps() {
    let w = world();
    assert_eq!(
        err(w.dci.by(&w.carol).try_accept_admin()),
        DciError::Unauthorized
    );
    w.dci.propose_admin(&w.carol);
    assert_eq!(w.dci.info().pending_admin, Some(w.carol));
    assert_eq!(
        err(w.dci.by(&w.bob).try_accept_admin()),
        DciError::Unauthorized
    );
    assert_eq!(
        w.dci.info().admin,
        w.admin,
        "nothing changes until accepted"
    );
    w.dci.by(&w.carol).accept_admin();
    assert_eq!(
        w.last_events::<AdminTransferred>(),
        vec![AdminTransferred {
            from: w.admin,
            to: w.carol
        }]
    );
    let info = w.dci.info();
    assert_eq!((info.admin, info.pending_admin), (w.carol, None));
    assert_eq!(
        err(w.dci.try_grant_role(&Role::Regulator, &w.bob)),
        DciError::Unauthorized,
        "the old administrator lost its power"
    );
    w.dci.by(&w.carol).grant_role(&Role::Regulator, &w.bob);
    assert_eq!(
        err(w.dci.by(&w.carol).try_propose_admin(&kexin::Addr::ZERO)),
        bad(Field::Account)
    );
}

#[test]
fn pause_and_unpause_are_for_the_administrator_or_regulator() {
    let w = world();
    w.dci.by(&w.regulator).pause();
    assert_eq!(
        w.last_events::<ContractPaused>(),
        vec![ContractPaused { by: w.regulator }]
    );
    assert!(w.dci.info().paused);
    assert_eq!(err(w.dci.try_pause()), state(State::Paused, Action::Pause));
    // Views keep working while paused.
    assert_eq!(w.dci.get_work(1), None);
    w.dci.unpause();
    assert_eq!(
        w.last_events::<ContractUnpaused>(),
        vec![ContractUnpaused { by: w.admin }]
    );
    assert_eq!(
        err(w.dci.by(&w.regulator).try_unpause()),
        state(State::Running, Action::Unpause)
    );
    assert_eq!(
        err(w.dci.by(&w.authority).try_pause()),
        DciError::Unauthorized
    );
}
