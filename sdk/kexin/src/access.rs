//! Access control: an owner with two-step transfer, role membership, and a pause switch.
//!
//! These are storage collections like any other; put them in the contract struct and check
//! them at the top of each call:
//!
//! ```ignore
//! ensure!(self.owner.is(&env::caller()), Error::Unauthorized);
//! ensure!(!self.paused.is_paused(), Error::Paused);
//! ```

use crate::storage::{Item, Key, Map, Page, Storage};
use crate::Addr;

/// The account that administers a contract, changed only by a two-step handover.
///
/// The owner is stored under the field's prefix `P`, a proposed successor under `P` ‖ `1`.
pub struct Owner<const P: u8 = 0> {
    current: Item<Addr, P>,
    pending: Map<u8, Addr, P>,
}

impl<const P: u8> Storage for Owner<P> {
    const NEW: Self = Owner {
        current: Item::NEW,
        pending: Map::NEW,
    };
}

impl<const P: u8> Owner<P> {
    /// The key (under `P`) of the proposed owner.
    const PENDING: u8 = 1;

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
        self.pending.set(&Self::PENDING, new_owner);
    }

    /// The proposed owner, if a handover is under way.
    pub fn pending(&self) -> Option<Addr> {
        self.pending.get(&Self::PENDING)
    }

    /// Completes the handover if `caller` is the proposed owner; returns whether it did.
    pub fn accept(&mut self, caller: &Addr) -> bool {
        if self.pending().as_ref() != Some(caller) {
            return false;
        }
        self.pending.remove(&Self::PENDING);
        self.current.set(caller);
        true
    }
}

/// Which accounts hold which roles; `R` is usually a `#[kexin::data]` enum. Membership is
/// stored under `P` ‖ role ‖ account.
pub struct Roles<R, const P: u8 = 0> {
    members: Map<(R, Addr), (), P>,
}

impl<R, const P: u8> Storage for Roles<R, P> {
    const NEW: Self = Roles { members: Map::NEW };
}

impl<R: Key + Clone, const P: u8> Roles<R, P> {
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
        Page {
            items: page.items.into_iter().map(|(a, ())| a).collect(),
            next: page.next,
        }
    }
}

/// A switch that stops state-changing calls while an incident is handled.
pub struct Pause<const P: u8 = 0> {
    paused: Item<bool, P>,
}

impl<const P: u8> Storage for Pause<P> {
    const NEW: Self = Pause { paused: Item::NEW };
}

impl<const P: u8> Pause<P> {
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
