//! DCI copyright (数字版权链): an access platform applies to register a novel co-owned by its
//! author (70 %) and a studio (30 %), keyed by the SM3 digest of the manuscript's bytes; the
//! registry authority assigns the DCI code and the QR check confirms it. The co-owners
//! offer an exclusive network-dissemination licence (both sign: licensing is unanimous) to
//! a video site, which accepts; a rival exclusive offer is refused as a conflict, while a
//! non-exclusive print licence with a lump sum goes through. At month end the video site
//! reports its revenue, the holders accept, the settlement centre splits the royalty 70/30
//! and confirms payment. A monitoring agency records a pirated copy, two independent
//! witnesses attest it, the author opens a case that ends with the takedown, and the
//! public QR check still verifies the work.

use dci_copyright::{
    CaseStatus, Config, DciError, DciRegistryClient, FeeModel, LicenseStatus, Role, DAY,
};
use kexin::client::CallError;
use kexin::Hash32;
use kexin_testkit::Chain;
use sm3::{Digest, Sm3};

/// 2024-03-01 00:00 UTC.
const MAR_2024: u64 = 1_709_251_200;
/// 2024-04-01 00:00 UTC: March is complete.
const APR_2024: u64 = 1_711_929_600;
/// Mainland China and Hong Kong (ISO-3166 numeric).
const CN: u16 = 156;
const HK: u16 = 344;
/// 复制 reproduction, 发行 distribution, 信息网络传播 network dissemination.
const COPY: u32 = 1 << 0;
const DISTRIBUTE: u32 = 1 << 1;
const NETWORK: u32 = 1 << 7;

/// SM3 of real bytes, as a platform computes it off-chain.
pub fn sm3(bytes: &[u8]) -> Hash32 {
    Sm3::digest(bytes).into()
}

fn step<T, E: std::fmt::Debug>(what: &str, result: Result<T, CallError<E>>) -> Result<T, String> {
    result.map_err(|e| format!("{what}: {e:?}"))
}

/// The contract error of a call that must fail.
fn refused<T: std::fmt::Debug>(
    what: &str,
    result: Result<T, CallError<DciError>>,
    expected: DciError,
) -> Result<(), String> {
    match result {
        Err(CallError::Contract(e)) if e == expected => Ok(()),
        other => Err(format!("{what} must fail with {expected:?}, got {other:?}")),
    }
}

pub fn run(chain: &Chain) -> Result<(), String> {
    let cpcc = chain.account("cpcc");
    let registry = chain.account("cpcc-registry");
    let platform = chain.account("dci-kit-platform");
    let other_platform = chain.account("image-platform");
    let monitor = chain.account("monitoring-centre");
    let notary = chain.account("notary");
    let court = chain.account("internet-court");
    let centre = chain.account("fee-settlement-centre");
    let ncac = chain.account("ncac");
    let author = chain.account("author-li");
    let studio = chain.account("studio-wang");
    let video = chain.account("video-site");
    let rival = chain.account("rival-site");
    let publisher = chain.account("hk-publisher");

    chain.set_block(1, MAR_2024);
    let config = Config {
        license_quorum_bps: 10_000,
        max_license_term: 5 * 365 * DAY,
        min_witnesses: 2,
        max_evidence_lag: 30 * DAY,
        max_live_licenses: 32,
        dci_prefix: "DCI".into(),
        dci_max_len: 32,
        territories: vec![CN, HK],
    };
    let dci = step(
        "deploy",
        DciRegistryClient::try_deploy(chain, &cpcc, &config),
    )?;
    for (role, who) in [
        (Role::RegistryAuthority, registry),
        (Role::AccessPlatform, platform),
        (Role::AccessPlatform, other_platform),
        (Role::MonitoringAgency, monitor),
        (Role::EvidenceWitness, notary),
        (Role::EvidenceWitness, court),
        (Role::SettlementAgent, centre),
        (Role::Regulator, ncac),
    ] {
        step("grant a role", dci.try_grant_role(&role, &who))?;
    }

    // 登记: the platform applies on behalf of the authenticated co-owners; only digests of
    // the manuscript, the metadata and the salted author identity go on chain.
    let manuscript = "第一章 长夜。The manuscript of a novel, as uploaded to the platform.";
    let content = sm3(manuscript.as_bytes());
    let holders = vec![(author, 7_000), (studio, 3_000)];
    let work = step(
        "apply for registration",
        dci.by(&platform).try_apply_registration(
            &"DCIKIT-20240301-0001".into(),
            &holders,
            &sm3(b"salt-7f3a|author-li|110101199001011234"),
            &sm3("长夜".as_bytes()),
            1,
            1,
            &None,
            &content,
            &sm3(br#"{"title":"...","category":1,"nature":1}"#),
            MAR_2024 - 60 * DAY,
            &Some(MAR_2024 - 30 * DAY),
        ),
    )?;
    // The same file from another platform is a double registration.
    refused(
        "a second registration of the same file",
        dci.by(&other_platform).try_apply_registration(
            &"IMG-88001".into(),
            &vec![(rival, 10_000)],
            &sm3(b"salt|someone else"),
            &sm3(b"copied title"),
            1,
            1,
            &None,
            &content,
            &sm3(b"{}"),
            MAR_2024 - DAY,
            &None,
        ),
        DciError::Duplicate,
    )?;
    let code: String = "DCI-2024-A0000001".into();
    step(
        "approve the registration",
        dci.by(&registry).try_approve_registration(
            work,
            &code,
            &sm3(b"electronic registration certificate.pdf"),
        ),
    )?;
    let check = step("verify the QR code", dci.try_verify(&code, &content))?;
    if !check.registered || check.work.as_ref().map(|w| &w.holders) != Some(&holders) {
        return Err(format!("the QR check must confirm the work: {check:?}"));
    }

    // 许可: licensing needs every co-owner's signature; the author proposes, the studio
    // co-signs, the video site accepts.
    let term = (MAR_2024, MAR_2024 + 2 * 365 * DAY);
    let exclusive = step(
        "propose an exclusive licence",
        dci.by(&author).try_offer_license(
            &"LI-LIC-001".into(),
            work,
            &video,
            NETWORK,
            true,
            false,
            CN,
            term.0,
            term.1,
            &FeeModel::RevenueShare { bps: 1_500 },
            &sm3(b"exclusive network licence contract.pdf"),
            MAR_2024 + 14 * DAY,
        ),
    )?;
    step("co-sign", dci.by(&studio).try_cosign_license(exclusive))?;
    step("accept", dci.by(&video).try_accept_license(exclusive))?;
    // A rival exclusive licence of the same right, territory and time is refused.
    refused(
        "an overlapping exclusive offer",
        dci.by(&author).try_offer_license(
            &"LI-LIC-002".into(),
            work,
            &rival,
            NETWORK | COPY,
            true,
            false,
            0,
            MAR_2024 + 30 * DAY,
            MAR_2024 + 60 * DAY,
            &FeeModel::Lump { amount: 10_000_000 },
            &sm3(b"rival contract.pdf"),
            MAR_2024 + 14 * DAY,
        ),
        DciError::Conflict,
    )?;
    // A non-exclusive print licence in Hong Kong, for a lump sum.
    let print = step(
        "propose a print licence",
        dci.by(&studio).try_offer_license(
            &"WANG-2024-017".into(),
            work,
            &publisher,
            COPY | DISTRIBUTE,
            false,
            false,
            HK,
            MAR_2024 + DAY,
            MAR_2024 + 366 * DAY,
            &FeeModel::Lump { amount: 5_000_000 },
            &sm3(b"print licence contract.pdf"),
            MAR_2024 + 7 * DAY,
        ),
    )?;
    step("co-sign", dci.by(&author).try_cosign_license(print))?;
    step("accept", dci.by(&publisher).try_accept_license(print))?;

    // 结算: March is over; the video site reports its revenue, the holders accept it, the
    // fee settlement centre bills it with the lump sum and confirms both payments.
    chain.set_block(2, APR_2024 + 3_600);
    let report = step(
        "report March usage",
        dci.by(&video).try_report_usage(
            &"VS-USAGE-202403".into(),
            exclusive,
            MAR_2024,
            APR_2024,
            2_150_000,
            123_456_789,
            &sm3(b"usage report 2024-03.csv"),
        ),
    )?;
    step(
        "accept the report",
        dci.by(&studio).try_accept_usage(report),
    )?;
    let royalty = step(
        "settle March",
        dci.by(&centre)
            .try_create_settlement(&"SC-202404-0001".into(), exclusive, &vec![report]),
    )?;
    let lump = step(
        "settle the lump sum",
        dci.by(&centre)
            .try_create_settlement(&"SC-202404-0002".into(), print, &vec![]),
    )?;
    refused(
        "settling the same report twice",
        dci.by(&centre)
            .try_create_settlement(&"SC-202404-0003".into(), exclusive, &vec![report]),
        DciError::Duplicate,
    )?;
    let bill = step("read the settlement", dci.try_get_settlement(royalty))?
        .ok_or("the settlement exists")?;
    // ⌈123 456 789 × 15 %⌉ = 18 518 519; 70 % is 12 962 963.3 → 12 962 963 plus the
    // remaining fen (the largest share), 30 % is 5 555 555.
    if bill.amount != 18_518_519 || bill.splits != vec![(author, 12_962_964), (studio, 5_555_555)] {
        return Err(format!("unexpected royalty split: {bill:?}"));
    }
    step(
        "confirm the royalty payment",
        dci.by(&centre)
            .try_confirm_payment(royalty, &sm3(b"bank transfer ref 20240403-771")),
    )?;
    step(
        "confirm the lump-sum payment",
        dci.by(&centre)
            .try_confirm_payment(lump, &sm3(b"bank transfer ref 20240403-772")),
    )?;
    let income = step(
        "the author's March statement",
        dci.try_statement(&author, APR_2024, APR_2024 + DAY - 1, 0, 100),
    )?;
    let (income, next) = income;
    if next.is_some() || income.paid != 12_962_964 + 3_500_000 || income.outstanding != 0 {
        return Err(format!("unexpected statement: {income:?}"));
    }

    // 维权: a pirated copy is found; two independent witnesses attest the evidence and the
    // author opens a case, which ends with the takedown.
    let evidence = step(
        "record evidence",
        dci.by(&monitor).try_record_evidence(
            &"MON-20240401-0042".into(),
            work,
            &sm3(b"https://pirate.example/novel/ch1"),
            APR_2024,
            &sm3(b"screenshots + html + TSA token"),
        ),
    )?;
    step(
        "notary attests",
        dci.by(&notary).try_attest_evidence(evidence),
    )?;
    step(
        "internet court attests",
        dci.by(&court).try_attest_evidence(evidence),
    )?;
    let case = step(
        "open a case",
        dci.by(&author).try_open_case(
            &"LI-CASE-001".into(),
            work,
            &vec![evidence],
            &sm3(b"salt-91c2|pirate.example operator"),
        ),
    )?;
    for (status, document) in [
        (CaseStatus::NoticeSent, "takedown notice.pdf"),
        (CaseStatus::Removed, "takedown confirmation.pdf"),
        (CaseStatus::Closed, "case closing note.pdf"),
    ] {
        step(
            "advance the case",
            dci.by(&author)
                .try_advance_case(case, &status, &sm3(document.as_bytes())),
        )?;
    }

    // The public views: the QR check, the holder's works and the work's licences.
    let check = step("verify again", dci.try_verify(&code, &content))?;
    if !check.registered || check.content_matches != check.registered {
        return Err(format!("the work must still verify: {check:?}"));
    }
    let forged = step(
        "verify a forged file",
        dci.try_verify(&code, &sm3(b"a different file")),
    )?;
    if forged.registered {
        return Err("a different file must not verify".into());
    }
    let works = step("the author's works", dci.try_works_of(&author, 0, 10))?;
    if works.items != vec![work] {
        return Err(format!("the author holds one work: {:?}", works.items));
    }
    let now = APR_2024 + 3_600;
    let licences = step(
        "the work's licences in force",
        dci.try_licenses_of_work(work, &Some(now), 0, 10),
    )?;
    if licences.items != vec![exclusive, print] {
        return Err(format!("both licences are in force: {:?}", licences.items));
    }
    let offer = step("read the print licence", dci.try_get_license(print))?;
    if offer.map(|l| l.status) != Some(LicenseStatus::Active) {
        return Err("the print licence has started".into());
    }
    Ok(())
}
