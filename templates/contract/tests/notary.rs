//! The notary's rules, checked against the compiled wasm (and the same code compiled
//! natively) in the Kexin testkit.

use kexin_testkit::Chain;
use {{crate_name}}::{NotaryClient, NotaryError, Notarized, Record};

/// SM3("abc"), the standard's test vector.
const ABC: [u8; 32] = [
    0x66, 0xc7, 0xf0, 0xf4, 0x62, 0xee, 0xed, 0xd9, 0xd1, 0xf2, 0xd4, 0x6b, 0xdc, 0x10, 0xe4, 0xe2,
    0x41, 0x67, 0xc4, 0x87, 0x5c, 0xf2, 0xf7, 0xa2, 0x29, 0x7d, 0xa0, 0x2b, 0x8f, 0x4b, 0xa8, 0xe0,
];

#[test]
fn a_digest_is_recorded_once_with_its_recorder_and_time() {
    let chain = Chain::new();
    let alice = chain.account("alice");
    let notary = NotaryClient::deploy(&chain, &alice);
    assert_eq!(notary.notarize(&ABC, &"contract v1".into()), 1);
    let event = chain.last_receipt().unwrap().events[0].decode::<Notarized>().unwrap();
    assert_eq!(event.digest, ABC);
    let record = notary.record(&ABC).expect("recorded");
    assert_eq!(record, Record { recorder: alice, recorded_at: chain.block().time, note: "contract v1".into() });
}

#[test]
fn recording_the_same_digest_again_is_refused() {
    let chain = Chain::new();
    let alice = chain.account("alice");
    let bob = chain.account("bob");
    let notary = NotaryClient::deploy(&chain, &alice);
    notary.notarize(&ABC, &String::new());
    let recorded_at = chain.block().time;
    chain.advance_time(60);
    let error = notary.by(&bob).try_notarize(&ABC, &"mine".into()).unwrap_err();
    assert_eq!(error.contract_error(), Some(&NotaryError::AlreadyRecorded { recorded_at }));
    assert_eq!(notary.record(&ABC).unwrap().recorder, alice);
}

#[test]
fn bad_input_is_refused() {
    let chain = Chain::new();
    let alice = chain.account("alice");
    let notary = NotaryClient::deploy(&chain, &alice);
    assert_eq!(notary.try_notarize(&[0; 32], &String::new()).unwrap_err().contract_error(), Some(&NotaryError::ZeroDigest));
    let long = "x".repeat(141);
    assert_eq!(
        notary.try_notarize(&ABC, &long).unwrap_err().contract_error(),
        Some(&NotaryError::NoteTooLong { length: 141, max: 140 })
    );
    assert!(notary.try_notarize(&ABC, &"x".repeat(140)).is_ok(), "140 bytes is the limit");
}

#[test]
fn each_recorders_digests_page_in_order() {
    let chain = Chain::new();
    let alice = chain.account("alice");
    let notary = NotaryClient::deploy(&chain, &alice);
    for i in 1..=5u8 {
        notary.notarize(&[i; 32], &String::new());
    }
    let page = notary.digests_of(&alice, 0, 2);
    assert_eq!(page.items, vec![(1, [1; 32]), (2, [2; 32])]);
    let page = notary.digests_of(&alice, page.next.unwrap(), 100);
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.next, None);
    assert_eq!(notary.try_digests_of(&alice, 0, 101).unwrap_err().contract_error(), Some(&NotaryError::PageTooLarge { max: 100 }));
}

#[test]
fn the_day_in_a_snapshot() {
    let chain = Chain::new();
    let alice = chain.account("alice");
    let notary = NotaryClient::deploy(&chain, &alice);
    notary.notarize(&ABC, &"contract v1".into());
    let _ = notary.try_notarize(&ABC, &"again".into());
    insta::assert_yaml_snapshot!(chain.snapshot());
}
