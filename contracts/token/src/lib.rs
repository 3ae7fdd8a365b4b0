//! A fungible points token (积分): the owner mints, holders transfer, and holders may allow
//! another account to spend on their behalf (approve / transfer_from).
//!
//! Amounts are whole points in a `u128`; every sum is checked, so an overflow is an error,
//! never a wrap. A mint is a `Transfer` event from the zero address.

#![cfg_attr(target_arch = "wasm32", no_std)]

use kexin::prelude::*;

/// The token's state.
#[contract]
pub struct Token {
    owner: Owner,
    total_supply: Item<u128>,
    balances: Map<Addr, u128>,
    allowances: Map<(Addr, Addr), u128>,
}

/// Points moved from one account to another (`from` is the zero address for a mint).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The account debited, or the zero address for a mint.
    pub from: Addr,
    /// The account credited.
    pub to: Addr,
    /// Points moved.
    pub amount: u128,
}

/// An owner set how much a spender may move from its balance.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The account whose points may be spent.
    pub owner: Addr,
    /// The account allowed to spend them.
    pub spender: Addr,
    /// The new allowance (not an increment).
    pub amount: u128,
}

/// Why a token call failed.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// The caller is not the token's owner.
    #[msg("only the token's owner may mint")]
    Unauthorized,
    /// The sender holds fewer points than the transfer moves.
    #[msg("the balance is {have} points, {need} are needed")]
    InsufficientBalance {
        /// Points held.
        have: u128,
        /// Points requested.
        need: u128,
    },
    /// The spender may move fewer points than requested.
    #[msg("the allowance is {have} points, {need} are needed")]
    InsufficientAllowance {
        /// Points allowed.
        have: u128,
        /// Points requested.
        need: u128,
    },
    /// A mint or transfer of zero points.
    #[msg("the amount must be at least one point")]
    ZeroAmount,
    /// Minting would take the total supply past `u128::MAX`.
    #[msg("the total supply would overflow")]
    Overflow,
    /// Points sent to the zero address, which nobody controls.
    #[msg("points cannot be sent to the zero address")]
    ZeroAddress,
}

#[contract]
impl Token {
    /// Makes the deployer the owner and credits it with `initial_supply` points.
    #[init]
    pub fn new(&mut self, initial_supply: u128) {
        let owner = env::caller();
        self.owner.set(&owner);
        if initial_supply > 0 {
            self.credit(&owner, initial_supply);
            self.total_supply.set(&initial_supply);
            env::emit(&Transfer {
                from: Addr::ZERO,
                to: owner,
                amount: initial_supply,
            });
        }
    }

    /// Creates `amount` new points for `to`. Only the owner may mint.
    pub fn mint(&mut self, to: Addr, amount: u128) -> Result<(), TokenError> {
        ensure!(self.owner.is(&env::caller()), TokenError::Unauthorized);
        ensure!(amount > 0, TokenError::ZeroAmount);
        ensure!(!to.is_zero(), TokenError::ZeroAddress);
        let supply = self.total_supply.get_or_default().checked_add(amount);
        let supply = supply.ok_or(TokenError::Overflow)?;
        self.total_supply.set(&supply);
        self.credit(&to, amount);
        env::emit(&Transfer {
            from: Addr::ZERO,
            to,
            amount,
        });
        Ok(())
    }

    /// Moves `amount` of the caller's points to `to`.
    pub fn transfer(&mut self, to: Addr, amount: u128) -> Result<(), TokenError> {
        self.move_points(&env::caller(), &to, amount)
    }

    /// Allows `spender` to move up to `amount` of the caller's points (0 revokes).
    pub fn approve(&mut self, spender: Addr, amount: u128) -> Result<(), TokenError> {
        ensure!(!spender.is_zero(), TokenError::ZeroAddress);
        let approval = Approval {
            owner: env::caller(),
            spender,
            amount,
        };
        self.allowances
            .set_or_remove(&(approval.owner, approval.spender), &amount);
        env::emit(&approval);
        Ok(())
    }

    /// Moves `amount` of `from`'s points to `to`, spending the caller's allowance.
    pub fn transfer_from(&mut self, from: Addr, to: Addr, amount: u128) -> Result<(), TokenError> {
        let key = (from, env::caller());
        let allowed = self.allowances.get_or_default(&key);
        ensure!(
            allowed >= amount,
            TokenError::InsufficientAllowance {
                have: allowed,
                need: amount
            }
        );
        self.move_points(&from, &to, amount)?;
        self.allowances.set_or_remove(&key, &(allowed - amount));
        Ok(())
    }

    /// Points held by `who`.
    pub fn balance_of(&self, who: Addr) -> u128 {
        self.balances.get_or_default(&who)
    }

    /// Points `spender` may still move from `owner`.
    pub fn allowance(&self, owner: Addr, spender: Addr) -> u128 {
        self.allowances.get_or_default(&(owner, spender))
    }

    /// All points in existence.
    pub fn total_supply(&self) -> u128 {
        self.total_supply.get_or_default()
    }

    /// The account allowed to mint (the deployer; set by the constructor).
    pub fn owner(&self) -> Addr {
        self.owner.get().or_abort("the constructor sets the owner")
    }

    fn move_points(&mut self, from: &Addr, to: &Addr, amount: u128) -> Result<(), TokenError> {
        ensure!(amount > 0, TokenError::ZeroAmount);
        ensure!(!to.is_zero(), TokenError::ZeroAddress);
        let have = self.balances.get_or_default(from);
        ensure!(
            have >= amount,
            TokenError::InsufficientBalance { have, need: amount }
        );
        self.balances.set_or_remove(from, &(have - amount));
        self.credit(to, amount);
        env::emit(&Transfer {
            from: *from,
            to: *to,
            amount,
        });
        Ok(())
    }

    /// Adds to a balance. Every balance is at most the total supply, itself a `u128`, so this
    /// cannot overflow; if it ever did, the call stops rather than wrap.
    fn credit(&mut self, to: &Addr, amount: u128) {
        let balance = self.balances.get_or_default(to).checked_add(amount);
        self.balances
            .set_or_remove(to, &balance.or_abort("a balance exceeds the total supply"));
    }
}
