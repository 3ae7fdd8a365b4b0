//! The token against a model: random sequences of calls from five accounts, with the model
//! predicting each call's outcome and the whole state after every step.

use std::collections::BTreeMap;

use kexin::Addr;
use kexin_testkit::proptest::prelude::*;
use kexin_testkit::Chain;
use token::TokenClient;

const ACCOUNTS: usize = 5;

#[derive(Debug, Clone)]
enum Op {
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    Approve {
        owner: usize,
        spender: usize,
        amount: u128,
    },
    TransferFrom {
        spender: usize,
        from: usize,
        to: usize,
        amount: u128,
    },
    Mint {
        by: usize,
        to: usize,
        amount: u128,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..ACCOUNTS;
    // Small amounts collide with balances; huge ones exercise overflow.
    let amount = prop_oneof![0u128..200, Just(u128::MAX), Just(u128::MAX / 2)];
    prop_oneof![
        (who.clone(), who.clone(), amount.clone()).prop_map(|(from, to, amount)| Op::Transfer {
            from,
            to,
            amount
        }),
        (who.clone(), who.clone(), amount.clone()).prop_map(|(owner, spender, amount)| {
            Op::Approve {
                owner,
                spender,
                amount,
            }
        }),
        (who.clone(), who.clone(), who.clone(), amount.clone()).prop_map(
            |(spender, from, to, amount)| Op::TransferFrom {
                spender,
                from,
                to,
                amount
            }
        ),
        (who.clone(), who, amount).prop_map(|(by, to, amount)| Op::Mint { by, to, amount }),
    ]
}

struct World {
    chain: Chain,
    accounts: Vec<Addr>,
    token: TokenClient<Chain>,
    supply: u128,
    balances: BTreeMap<usize, u128>,
    allowances: BTreeMap<(usize, usize), u128>,
}

fn setup() -> World {
    let chain = Chain::new();
    let accounts: Vec<Addr> = (0..ACCOUNTS)
        .map(|i| chain.account(&format!("account-{i}")))
        .collect();
    let token = TokenClient::deploy(&chain, &accounts[0], 1_000);
    World {
        chain,
        accounts,
        token,
        supply: 1_000,
        balances: BTreeMap::from([(0, 1_000)]),
        allowances: BTreeMap::new(),
    }
}

impl World {
    fn balance(&self, who: usize) -> u128 {
        self.balances.get(&who).copied().unwrap_or(0)
    }

    /// Moves points in the model if the token would; returns whether it does.
    fn model_move(&mut self, from: usize, to: usize, amount: u128) -> bool {
        if amount == 0 || self.balance(from) < amount {
            return false;
        }
        *self.balances.entry(from).or_default() -= amount;
        *self.balances.entry(to).or_default() += amount;
        true
    }
}

fn apply(world: &mut World, op: &Op) {
    let a = world.accounts.clone();
    let (ok, expected) = match *op {
        Op::Transfer { from, to, amount } => {
            let ok = world
                .token
                .by(&a[from])
                .try_transfer(&a[to], amount)
                .is_ok();
            (ok, world.model_move(from, to, amount))
        }
        Op::Approve {
            owner,
            spender,
            amount,
        } => {
            let ok = world
                .token
                .by(&a[owner])
                .try_approve(&a[spender], amount)
                .is_ok();
            world.allowances.insert((owner, spender), amount);
            (ok, true)
        }
        Op::TransferFrom {
            spender,
            from,
            to,
            amount,
        } => {
            let ok = world
                .token
                .by(&a[spender])
                .try_transfer_from(&a[from], &a[to], amount)
                .is_ok();
            let allowed = world.allowances.get(&(from, spender)).copied().unwrap_or(0);
            let expected = allowed >= amount && world.model_move(from, to, amount);
            if expected {
                world.allowances.insert((from, spender), allowed - amount);
            }
            (ok, expected)
        }
        Op::Mint { by, to, amount } => {
            let ok = world.token.by(&a[by]).try_mint(&a[to], amount).is_ok();
            let expected = by == 0 && amount > 0 && world.supply.checked_add(amount).is_some();
            if expected {
                world.supply += amount;
                *world.balances.entry(to).or_default() += amount;
            }
            (ok, expected)
        }
    };
    assert_eq!(
        ok,
        expected,
        "{op:?}: the token {} but the model {}",
        verdict(ok),
        verdict(expected)
    );
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "succeeded"
    } else {
        "refused"
    }
}

fn invariants(world: &World) -> Result<(), String> {
    let supply = world.token.total_supply();
    if supply != world.supply {
        return Err(format!("total supply {supply}, model {}", world.supply));
    }
    let mut sum: u128 = 0;
    for (i, who) in world.accounts.iter().enumerate() {
        let balance = world.token.balance_of(who);
        if balance != world.balance(i) {
            return Err(format!(
                "account {i} holds {balance}, model {}",
                world.balance(i)
            ));
        }
        sum = sum.checked_add(balance).ok_or("balances overflow")?;
        for (j, spender) in world.accounts.iter().enumerate() {
            let allowed = world.token.allowance(who, spender);
            let model = world.allowances.get(&(i, j)).copied().unwrap_or(0);
            if allowed != model {
                return Err(format!("allowance {i}→{j} is {allowed}, model {model}"));
            }
        }
    }
    if sum != supply {
        return Err(format!("balances sum to {sum}, supply is {supply}"));
    }
    // Zero balances and allowances are deleted, never stored: state holds what matters.
    let stored = world.chain.storage(&world.token.address());
    let zero = kexin::codec::to_vec(&0u128);
    if stored.iter().any(|(_, value)| *value == zero) {
        return Err("a zero balance or allowance is stored".into());
    }
    Ok(())
}

#[test]
fn the_token_matches_its_model_after_every_call() {
    kexin_testkit::check_invariants!(setup, apply, invariants, op(), cases = 96);
}
