//! Events: typed records that indexers and regulators read from the chain.

use crate::codec::Encode;

/// A type that can be emitted with [`crate::env::emit`]; derive it with `#[kexin::event]`.
pub trait Event: Encode {
    /// The event's name, used as its topic.
    const NAME: &'static str;
}
