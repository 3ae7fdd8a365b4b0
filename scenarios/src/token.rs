//! A merchant runs a points programme (积分) on the token: it issues points to members, a
//! member gives points to another, and a partner shop is allowed to redeem points on a
//! member's behalf.

use kexin::client::CallError;
use kexin_testkit::Chain;
use token::{TokenClient, TokenError};

pub fn run(chain: &Chain) -> Result<(), String> {
    let merchant = chain.account("merchant");
    let alice = chain.account("alice");
    let bob = chain.account("bob");
    let partner = chain.account("partner-shop");

    let points = TokenClient::try_deploy(chain, &merchant, 1_000_000).map_err(|e| e.to_string())?;
    points
        .try_transfer(&alice, 500)
        .map_err(|e| format!("issue to alice: {e}"))?;
    points
        .try_transfer(&bob, 300)
        .map_err(|e| format!("issue to bob: {e}"))?;
    points
        .try_mint(&merchant, 10_000)
        .map_err(|e| format!("top-up: {e}"))?;
    chain.advance_time(3_600);

    points
        .by(&alice)
        .try_transfer(&bob, 120)
        .map_err(|e| format!("alice gives bob: {e}"))?;
    points
        .by(&bob)
        .try_approve(&partner, 200)
        .map_err(|e| format!("bob allows the shop: {e}"))?;
    points
        .by(&partner)
        .try_transfer_from(&bob, &merchant, 150)
        .map_err(|e| format!("the shop redeems: {e}"))?;

    // A redemption above the allowance is refused and changes nothing.
    match points.by(&partner).try_transfer_from(&bob, &merchant, 100) {
        Err(CallError::Contract(TokenError::InsufficientAllowance {
            have: 50,
            need: 100,
        })) => {}
        other => {
            return Err(format!(
                "an over-allowance redemption must fail, got {other:?}"
            ))
        }
    }

    let expect = |who: &str, have: u128, want: u128| {
        if have == want {
            Ok(())
        } else {
            Err(format!("{who} holds {have} points, expected {want}"))
        }
    };
    expect(
        "alice",
        points.try_balance_of(&alice).map_err(|e| e.to_string())?,
        380,
    )?;
    expect(
        "bob",
        points.try_balance_of(&bob).map_err(|e| e.to_string())?,
        270,
    )?;
    expect(
        "supply",
        points.try_total_supply().map_err(|e| e.to_string())?,
        1_010_000,
    )?;
    Ok(())
}
