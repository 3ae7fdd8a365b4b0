//! The project the book's quick start creates, as it is at the end of the chapter: the
//! contract of `templates/contract`, rendered for a project called `my-notary`, with the view
//! the chapter adds. `build.rs` assembles it from the template and the chapter, so the
//! chapter's test snippet runs against exactly what a reader would have.

#![cfg_attr(target_arch = "wasm32", no_std)]

include!(concat!(env!("OUT_DIR"), "/notary.rs"));
