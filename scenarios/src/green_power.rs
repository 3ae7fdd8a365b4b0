//! Green-power certificates (绿证): the issuing authority registers a wind farm and a PV
//! plant, the grid company reports two months of metered output, monthly lots are issued
//! with the sub-MWh remainder carried over, the GEC platform fills a listing, the Beijing
//! Power Exchange settles a green-power contract month by month (证电合一), consumers retire
//! their certificates for consumption proofs, and the public QR check traces a proof back to
//! the meter readings.

use green_power::{
    Config, Energy, GreenPowerClient, GreenPowerError, HoldingStatus, Purpose, ReadingSource, Role,
};
use kexin::client::CallError;
use kexin::Hash32;
use kexin_testkit::Chain;

/// 2024-02-01 00:00 Beijing time: January is complete.
const FEB_2024: u64 = 1_706_716_800;
/// 2024-03-01 00:00 Beijing time: February is complete.
const MAR_2024: u64 = 1_709_222_400;

/// A stand-in for the SM3 digest of an off-chain document, derived from its name.
pub fn doc(name: &str) -> Hash32 {
    let mut out = [0u8; 32];
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, slot) in out.iter_mut().enumerate() {
        for b in name.bytes().chain([i as u8]) {
            state = (state ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        *slot = (state >> 24) as u8;
    }
    out
}

fn step<T, E: std::fmt::Debug>(what: &str, result: Result<T, CallError<E>>) -> Result<T, String> {
    result.map_err(|e| format!("{what}: {e:?}"))
}

pub fn run(chain: &Chain) -> Result<(), String> {
    let nea = chain.account("nea-issuing-centre");
    let grid = chain.account("state-grid");
    let platform = chain.account("gec-platform");
    let bjx = chain.account("beijing-power-exchange");
    let regulator = chain.account("regulator");
    let wind = chain.account("wind-farm");
    let solar = chain.account("pv-plant");
    let steel = chain.account("steel-mill");
    let games = chain.account("games-committee");

    let gec = step(
        "deploy",
        GreenPowerClient::try_deploy(chain, &nea, &Config::GEC_2024),
    )?;
    for (role, who) in [
        (Role::IssuingAuthority, nea),
        (Role::DataProvider, grid),
        (Role::Exchange, platform),
        (Role::Exchange, bjx),
        (Role::Regulator, regulator),
    ] {
        step("grant a role", gec.try_grant_role(&role, &who))?;
    }

    // 建档立卡: two projects, 17-character registration codes.
    let wind_farm = step(
        "register the wind farm",
        gec.try_register_project(
            &"W1507830200100017".into(),
            &wind,
            &Energy::Wind,
            50_000,
            true,
        ),
    )?;
    let pv_plant = step(
        "register the PV plant",
        gec.try_register_project(
            &"S6501200300200025".into(),
            &solar,
            &Energy::Solar,
            2_000,
            true,
        ),
    )?;

    // January is complete: the grid reports, the authority verifies and issues.
    chain.set_block(100, FEB_2024 + 3 * 86_400);
    let provider = gec.by(&grid);
    let r1 = step(
        "wind January",
        provider.try_submit_reading(
            wind_farm,
            202401,
            12_345_678,
            &ReadingSource::Grid,
            &doc("grid/wind/202401"),
        ),
    )?;
    let r2 = step(
        "PV January",
        provider.try_submit_reading(
            pv_plant,
            202401,
            800_500,
            &ReadingSource::Grid,
            &doc("grid/pv/202401"),
        ),
    )?;
    step("verify", gec.try_verify_reading(r1))?;
    step("verify", gec.try_verify_reading(r2))?;
    let wind_jan = step(
        "issue wind January",
        gec.try_issue_lot(wind_farm, 202401, true),
    )?;
    step(
        "issue PV January",
        gec.try_issue_lot(pv_plant, 202401, true),
    )?;

    // February: the PV plant's first report is disputed and corrected.
    chain.set_block(200, MAR_2024 + 2 * 86_400);
    let r3 = step(
        "wind February",
        provider.try_submit_reading(
            wind_farm,
            202402,
            9_000_400,
            &ReadingSource::Grid,
            &doc("grid/wind/202402"),
        ),
    )?;
    let r4 = step(
        "PV February",
        provider.try_submit_reading(
            pv_plant,
            202402,
            1_400_600,
            &ReadingSource::Grid,
            &doc("grid/pv/202402"),
        ),
    )?;
    step("verify", gec.try_verify_reading(r3))?;
    step(
        "dispute",
        gec.try_dispute_reading(r4, &doc("dispute/pv/202402")),
    )?;
    let r5 = step(
        "PV February corrected",
        provider.try_submit_reading(
            pv_plant,
            202402,
            700_600,
            &ReadingSource::Grid,
            &doc("grid/pv/202402/v2"),
        ),
    )?;
    step("verify", gec.try_verify_reading(r5))?;
    let wind_feb = step(
        "issue wind February",
        gec.try_issue_lot(wind_farm, 202402, true),
    )?;
    step(
        "issue PV February",
        gec.try_issue_lot(pv_plant, 202402, true),
    )?;
    let carried = gec.try_project(pv_plant).map_err(|e| e.to_string())?;
    if carried.map(|p| p.carry_kwh) != Some(100) {
        return Err("the PV plant must carry 100 kWh (500 + 600 over two months)".into());
    }

    let jan_holding = first_holding(&gec, wind_jan)?;
    let feb_holding = first_holding(&gec, wind_feb)?;

    // 挂牌: the wind farm lists 3,000 January GECs on the GEC platform; 2,000 are bought.
    let listed = step(
        "list",
        gec.by(&wind).try_list(
            jan_holding,
            3_000,
            500,
            &platform,
            &"WIND-LIST-2024-01".into(),
        ),
    )?;
    let bought = step(
        "fill the listing",
        gec.by(&platform)
            .try_settle_listing(listed, &steel, 2_000, &doc("platform/order/88001")),
    )?;

    // 绿电交易: a three-month contract, settled monthly by the Beijing Power Exchange.
    let exchange = gec.by(&bjx);
    let trade = step(
        "record the green-power trade",
        exchange.try_record_green_trade(
            &wind,
            &games,
            wind_farm,
            &(202401, 202403),
            20_000_000,
            &doc("route/zhangbei-beijing"),
            &doc("contract/BJX-2024-0001"),
        ),
    )?;
    step(
        "settle January",
        exchange.try_settle_green_trade(
            trade,
            202401,
            8_000_500,
            &doc("settlement/202401"),
            jan_holding,
        ),
    )?;
    step(
        "settle February",
        exchange.try_settle_green_trade(
            trade,
            202402,
            6_000_900,
            &doc("settlement/202402"),
            feb_holding,
        ),
    )?;
    // A second settlement of the same month is refused.
    match exchange.try_settle_green_trade(
        trade,
        202402,
        1_000,
        &doc("settlement/202402/again"),
        feb_holding,
    ) {
        Err(CallError::Contract(GreenPowerError::Duplicate { .. })) => {}
        other => return Err(format!("a settlement replay must fail, got {other:?}")),
    }

    // 核销: the games committee claims its consumption; the steel mill retires part of its
    // purchase for energy-consumption control.
    let games_jan = first_available(&gec, &games, 0)?;
    let games_feb = first_available(&gec, &games, games_jan)?;
    let olympics = step(
        "retire for the games",
        gec.by(&games).try_retire(
            &vec![games_jan, games_feb],
            &vec![8_000, 6_000],
            &doc("beneficiary/games-venues"),
            &Purpose::ConsumptionClaim,
            &(202401, 202402),
            &"GAMES-2024-001".into(),
        ),
    )?;
    step(
        "retire for the steel mill",
        gec.by(&steel).try_retire(
            &vec![bought],
            &vec![1_500],
            &doc("beneficiary/steel-mill"),
            &Purpose::EnergyControl,
            &(202401, 202401),
            &"STEEL-Q1-01".into(),
        ),
    )?;
    // Retiring the same certificates again is refused.
    if gec
        .by(&games)
        .try_retire(
            &vec![games_jan],
            &vec![1],
            &doc("x"),
            &Purpose::Voluntary,
            &(202401, 202401),
            &"GAMES-2024-002".into(),
        )
        .is_ok()
    {
        return Err("a second retirement of retired certificates must fail".into());
    }

    // The public QR check.
    let proof = step("read the proof", gec.try_proof(olympics))?.ok_or("the proof exists")?;
    let trace = step(
        "verify the QR code",
        gec.try_verify_proof(olympics, &proof.qr_sm3),
    )?;
    if trace.proof.mwh != 14_000 || trace.ranges.len() != 2 || trace.proof.trades != vec![trade] {
        return Err(format!("unexpected trace: {trace:?}"));
    }
    if trace.ranges[0].reading.data_sm3 != doc("grid/wind/202401") {
        return Err("the trace must lead back to the January meter data".into());
    }
    match gec.try_verify_proof(olympics, &doc("forged")) {
        Err(CallError::Contract(GreenPowerError::ProofMismatch)) => {}
        other => return Err(format!("a forged QR code must fail, got {other:?}")),
    }
    step("the wind farm's balance", gec.by(&wind).try_balance(&wind))?;
    step("who holds serial 5000", gec.try_serial_owner(5_000))?;
    step("January statistics", gec.try_stats(202401))?;
    Ok(())
}

/// The single holding a lot was issued as.
fn first_holding(gec: &GreenPowerClient<Chain>, lot: u64) -> Result<u64, String> {
    let (holdings, _) = gec
        .try_holdings_of_lot(lot, 0, 1)
        .map_err(|e| e.to_string())?;
    holdings
        .first()
        .map(|h| h.id)
        .ok_or_else(|| "the lot has a holding".into())
}

/// The first available holding of `owner` after holding id `after`.
fn first_available(
    gec: &GreenPowerClient<Chain>,
    owner: &kexin::Addr,
    after: u64,
) -> Result<u64, String> {
    let (holdings, _) = gec
        .try_holdings_of(owner, &HoldingStatus::Available, after, 1)
        .map_err(|e| e.to_string())?;
    holdings
        .first()
        .map(|h| h.id)
        .ok_or_else(|| "an available holding".into())
}
