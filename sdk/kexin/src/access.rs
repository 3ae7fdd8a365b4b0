//! Access control: an owner with two-step transfer, role membership, and a pause switch.
//!
//! These are storage collections like any other; put them in the contract struct and check
//! them at the top of each call:
//!
//! ```ignore
//! ensure!(self.owner.is(&env::caller()), Error::Unauthorized);
//! ensure!(!self.paused.is_paused(), Error::Paused);
//! ```

use crate::storage::{Item, Key, Map, Page, Prefix, Storage};
use crate::Addr;

/// The account that administers a contract, changed only by a two-step handover.
pub struct Owner {
    current: Item<Addr>,
    pending: Item<Addr>,
}

impl Storage for Owner {
    fn at(prefix: Prefix) -> Self {
        Owner { current: Item::at(prefix.child(0)), pending: Item::at(prefix.child(1)) }
    }
}

impl Owner {
    /// The current owner, if one was set.
    pub fn get(&self) -> Option<Addr> {
        self.current.get()
    }

    /// Whether `who` is the owner.
    pub fn is(&self, who: &Addr) -> bool {
        self.current.get().as_ref() == Some(who)
    }

    /// Sets the owner directly (for the constructor).
    pub fn set(&mut self, who: &Addr) {
        self.current.set(who);
    }

    /// Proposes a new owner, who must call [`Owner::accept`] to take over.
    pub fn propose(&mut self, new_owner: &Addr) {
        self.pending.set(new_owner);
    }

    /// The proposed owner, if a handover is under way.
    pub fn pending(&self) -> Option<Addr> {
        self.pending.get()
    }

    /// Completes the handover if `caller` is the proposed owner; returns whether it did.
    pub fn accept(&mut self, caller: &Addr) -> bool {
        if self.pending.get().as_ref() != Some(caller) {
            return false;
        }
        self.pending.remove();
        self.current.set(caller);
        true
    }
}

/// Which accounts hold which roles; `R` is usually a `#[kexin::data]` enum.
pub struct Roles<R> {
    members: Map<(R, Addr), ()>,
}

impl<R> Storage for Roles<R> {
    fn at(prefix: Prefix) -> Self {
        Roles { members: Map::at(prefix) }
    }
}

impl<R: Key + Clone> Roles<R> {
    /// Whether `who` holds `role`.
    pub fn has(&self, role: &R, who: &Addr) -> bool {
        self.members.contains(&(role.clone(), *who))
    }

    /// Grants `role` to `who`; returns `false` if it was already held.
    pub fn grant(&mut self, role: &R, who: &Addr) -> bool {
        let key = (role.clone(), *who);
        if self.members.contains(&key) {
            return false;
        }
        self.members.set(&key, &());
        true
    }

    /// Revokes `role` from `who`; returns `false` if it was not held.
    pub fn revoke(&mut self, role: &R, who: &Addr) -> bool {
        self.members.remove(&(role.clone(), *who))
    }

    /// Up to `limit` holders of `role` after `after`, in address order.
    pub fn members(&self, role: &R, after: Option<&Addr>, limit: u32) -> Page<Addr, Addr> {
        let page = self.members.page_prefix(role, after, limit);
        Page { items: page.items.into_iter().map(|(a, ())| a).collect(), next: page.next }
    }
}

/// A switch that stops state-changing calls while an incident is handled.
pub struct Pause {
    paused: Item<bool>,
}

impl Storage for Pause {
    fn at(prefix: Prefix) -> Self {
        Pause { paused: Item::at(prefix) }
    }
}

impl Pause {
    /// Whether the contract is paused.
    pub fn is_paused(&self) -> bool {
        self.paused.get_or_default()
    }

    /// Pauses; returns `false` if already paused.
    pub fn pause(&mut self) -> bool {
        if self.is_paused() {
            return false;
        }
        self.paused.set(&true);
        true
    }

    /// Unpauses; returns `false` if not paused.
    pub fn unpause(&mut self) -> bool {
        self.paused.remove()
    }
}
