//! {{project-name}}: a notary (存证). Anyone records the SM3 digest of a document once; the
//! chain keeps who recorded it, when, and a short note, so that anyone can later prove the
//! document existed in this form at that time.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::string::String;
use kexin::prelude::*;

/// Longest note, in bytes.
pub const MAX_NOTE: u32 = 140;

/// The notary's state.
#[contract]
pub struct Notary {
    /// Each recorded digest and its record.
    records: Map<Hash32, Record>,
    /// Digests by recorder, in the order they were recorded: `(recorder, number) → digest`.
    by_recorder: Map<(Addr, u64), Hash32>,
    /// How many digests each account recorded.
    counts: Map<Addr, u64>,
}

/// What the chain keeps about a document.
#[data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Who recorded it.
    pub recorder: Addr,
    /// Block time of the recording, in seconds.
    pub recorded_at: Ts,
    /// A short public note (a file name, a case number).
    pub note: String,
}

/// A document's digest was recorded.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notarized {
    /// The SM3 digest.
    pub digest: Hash32,
    /// Who recorded it.
    pub recorder: Addr,
    /// When.
    pub recorded_at: Ts,
}

/// Why a recording was refused.
#[error]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotaryError {
    /// The all-zero digest is not a digest of anything.
    #[msg("the digest is all zeros")]
    ZeroDigest,
    /// The digest was recorded before.
    #[msg("this digest was already recorded at {recorded_at}")]
    AlreadyRecorded {
        /// When it was recorded.
        recorded_at: Ts,
    },
    /// The note is too long.
    #[msg("the note is {length} bytes; at most {max} are allowed")]
    NoteTooLong {
        /// Its length.
        length: u32,
        /// The limit.
        max: u32,
    },
    /// A page of more than `MAX_PAGE_LIMIT` items was asked for.
    #[msg("a page holds at most {max} items")]
    PageTooLarge {
        /// The limit.
        max: u32,
    },
}

#[contract]
impl Notary {
    /// Records `digest` for the caller with a short `note`; returns how many digests the
    /// caller has recorded.
    pub fn notarize(&mut self, digest: Hash32, note: String) -> Result<u64, NotaryError> {
        ensure!(digest != [0; 32], NotaryError::ZeroDigest);
        let length = note.len() as u32;
        ensure!(length <= MAX_NOTE, NotaryError::NoteTooLong { length, max: MAX_NOTE });
        if let Some(existing) = self.records.get(&digest) {
            return Err(NotaryError::AlreadyRecorded { recorded_at: existing.recorded_at });
        }
        let recorder = env::caller();
        let recorded_at = env::block_time();
        self.records.set(&digest, &Record { recorder, recorded_at, note });
        let count = self.counts.get_or_default(&recorder) + 1;
        self.counts.set(&recorder, &count);
        self.by_recorder.set(&(recorder, count), &digest);
        env::emit(&Notarized { digest, recorder, recorded_at });
        Ok(count)
    }

    /// The record of `digest`, if it was recorded.
    pub fn record(&self, digest: Hash32) -> Option<Record> {
        self.records.get(&digest)
    }

    /// Up to `limit` digests recorded by `recorder`, after number `after` (0 for the start).
    pub fn digests_of(&self, recorder: Addr, after: u64, limit: u32) -> Result<Page<(u64, Hash32), u64>, NotaryError> {
        ensure!(limit <= MAX_PAGE_LIMIT, NotaryError::PageTooLarge { max: MAX_PAGE_LIMIT });
        Ok(self.by_recorder.page_prefix(&recorder, Some(&after), limit))
    }
}
