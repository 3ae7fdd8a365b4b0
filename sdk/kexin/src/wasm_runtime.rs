//! What a wasm contract needs from the SDK besides host calls: memory and a panic handler.
//!
//! Memory is an arena. A call runs in a fresh instance and lives for milliseconds, so memory is
//! handed out from `__heap_base` upward and given back only when the most recent block is
//! freed. Memory grows page by page up to the maximum the module declares; past it, the call
//! reverts. Nothing here returns null, which lets the compiler drop the standard library's
//! allocation-failure handler and the formatting code it drags in.
//!
//! The SDK's own buffers ([`Bytes`]) take memory straight from the arena; `Vec` and `Box` in
//! contract code go through the same arena as the global allocator.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const PAGE: usize = 65_536;

extern "C" {
    /// Set by the linker: the first byte after the stack and static data.
    static __heap_base: u8;
}

/// The first free byte of the arena; 0 until the first allocation.
static NEXT: AtomicUsize = AtomicUsize::new(0);

fn heap_top() -> usize {
    match NEXT.load(Relaxed) {
        // Only the address of the linker-defined symbol is taken; it is never read.
        0 => core::ptr::addr_of!(__heap_base) as usize,
        next => next,
    }
}

fn memory_end() -> usize {
    wasm32::memory_size(0).wrapping_mul(PAGE)
}

/// Moves the arena's top to `end`, growing memory if needed; reverts when it cannot grow.
fn claim_to(end: usize) {
    let have = memory_end();
    if end > have && wasm32::memory_grow(0, end.wrapping_sub(have).div_ceil(PAGE)) == usize::MAX {
        crate::error::abort();
    }
    NEXT.store(end, Relaxed);
}

/// A new block of `size` bytes aligned to `align` (a power of two).
fn bump(size: usize, align: usize) -> NonNull<u8> {
    let mask = align.wrapping_sub(1);
    let start = heap_top().wrapping_add(mask) & !mask;
    claim_to(
        start
            .checked_add(size)
            .unwrap_or_else(|| crate::error::abort()),
    );
    NonNull::new(start as *mut u8).unwrap_or_else(|| crate::error::abort())
}

/// Gives a block back if it is the most recent one.
fn release(ptr: *mut u8, size: usize) {
    if (ptr as usize).wrapping_add(size) == NEXT.load(Relaxed) {
        NEXT.store(ptr as usize, Relaxed);
    }
}

/// The arena as the global allocator, for `Vec`, `String` and `Box` in contract code.
pub struct Arena;

#[global_allocator]
static ALLOCATOR: Arena = Arena;

// SAFETY: every block handed out lies inside linear memory (claimed, growing memory if needed,
// before it is returned), is aligned as requested, and never overlaps another live block:
// the top only moves back over a block when that block is the most recent one and is freed.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(layout.size(), layout.align()).as_ptr()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        release(ptr, layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if (ptr as usize).wrapping_add(layout.size()) == NEXT.load(Relaxed) {
            // The most recent block grows or shrinks in place.
            claim_to((ptr as usize).wrapping_add(new_size));
            return ptr;
        }
        let new = bump(new_size, layout.align()).as_ptr();
        // SAFETY: both blocks are live, distinct, and at least `min(old, new)` long.
        unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        new
    }
}

/// A growable byte buffer taken straight from the arena.
///
/// The SDK builds keys, values and events in these rather than in `Vec<u8>`: `Vec`'s growth
/// code, and its allocation-failure path that brings the standard library's formatting code
/// with it, would cost kilobytes in every contract. A buffer turns into a `Vec<u8>` without
/// copying when a contract needs one.
pub struct Bytes {
    ptr: NonNull<u8>,
    len: usize,
    cap: usize,
}

impl Bytes {
    /// An empty buffer.
    pub const fn new() -> Bytes {
        Bytes {
            ptr: NonNull::dangling(),
            len: 0,
            cap: 0,
        }
    }

    /// Makes room for `additional` more bytes: in place if this is the most recent block,
    /// otherwise in a new block twice the size.
    fn reserve(&mut self, additional: usize) {
        let needed = self
            .len
            .checked_add(additional)
            .unwrap_or_else(|| crate::error::abort());
        if needed <= self.cap {
            return;
        }
        let start = self.ptr.as_ptr() as usize;
        if self.cap != 0 && start.wrapping_add(self.cap) == NEXT.load(Relaxed) {
            claim_to(start.wrapping_add(needed));
            self.cap = needed;
            return;
        }
        let cap = needed.max(self.cap.wrapping_mul(2)).max(32);
        let new = bump(cap, 1);
        // SAFETY: the old block holds `len` initialised bytes; the new block is distinct and
        // has room for `cap ≥ len` bytes.
        unsafe { core::ptr::copy_nonoverlapping(self.ptr.as_ptr(), new.as_ptr(), self.len) };
        self.ptr = new;
        self.cap = cap;
    }

    /// Appends bytes.
    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.reserve(bytes.len());
        // SAFETY: `reserve` made room for `bytes.len()` bytes after `len`; the regions are
        // distinct because `bytes` cannot borrow this buffer's spare capacity.
        unsafe {
            core::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                self.ptr.as_ptr().wrapping_add(self.len),
                bytes.len(),
            );
        }
        self.len = self.len.wrapping_add(bytes.len());
    }

    /// A buffer filled by the host: `fill(dst, cap)` copies up to `cap` bytes to `dst` and
    /// returns the full length (or -1 for "nothing"). The host is offered all the free memory
    /// at the top of the arena, so one call suffices unless the value is larger than that.
    pub fn from_host(fill: &dyn Fn(i32, i32) -> i32) -> Option<Bytes> {
        let start = heap_top();
        let room = memory_end().saturating_sub(start);
        let n = fill(start as i32, room as i32);
        if n < 0 {
            return None;
        }
        let n = n as usize;
        claim_to(start.wrapping_add(n));
        if n > room {
            // Memory has grown to hold the value: ask again.
            fill(start as i32, n as i32);
        }
        // The host initialised `n` bytes at `start`, which are now claimed for this buffer.
        Some(Bytes {
            ptr: NonNull::new(start as *mut u8)?,
            len: n,
            cap: n,
        })
    }

    /// The `len` bytes at the arena's top, written there by `fill(dst)`.
    ///
    /// # Safety
    /// `fill` must write all `len` bytes at `dst` (a host call that copies exactly that many).
    pub unsafe fn from_host_exact(len: usize, fill: fn(i32)) -> Bytes {
        let start = heap_top();
        claim_to(start.wrapping_add(len));
        fill(start as i32);
        let ptr = NonNull::new(start as *mut u8).unwrap_or_else(|| crate::error::abort());
        Bytes { ptr, len, cap: len }
    }

    /// The buffer as a `Vec<u8>`, without copying.
    pub fn into_vec(self) -> alloc::vec::Vec<u8> {
        let this = core::mem::ManuallyDrop::new(self);
        if this.cap == 0 {
            return alloc::vec::Vec::new();
        }
        // SAFETY: the block came from the arena (the global allocator) with alignment 1 and
        // size `cap`; the first `len` bytes are initialised; ownership moves to the Vec.
        unsafe { alloc::vec::Vec::from_raw_parts(this.ptr.as_ptr(), this.len, this.cap) }
    }
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::new()
    }
}

impl core::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: the first `len` bytes of the block are initialised (or `len` is 0 and the
        // pointer is dangling but aligned, which is valid for an empty slice).
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Bytes {
    fn drop(&mut self) {
        release(self.ptr.as_ptr(), self.cap);
    }
}

/// `memcpy` for the contract: words while both pointers are 8-byte aligned, then bytes.
///
/// The compiler calls `memcpy` for copies it does not inline. The `compiler_builtins` version
/// (weakly linked, so this one takes precedence) is 900 bytes of alignment handling; contracts
/// copy short buffers, for which this loop is as fast. Volatile stores keep the compiler from
/// turning the loop back into a call to `memcpy`.
///
/// # Safety
/// The C contract: `src` and `dest` are valid for `n` bytes and do not overlap.
#[no_mangle]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    let mut i: usize = 0;
    if (dest as usize | src as usize) & 7 == 0 {
        while i.wrapping_add(8) <= n {
            // SAFETY: both pointers are 8-aligned (checked above, and `i` is a multiple of 8)
            // and valid for the 8 bytes at `i < n`, by the caller's contract.
            unsafe { (dest.add(i) as *mut u64).write_volatile((src.add(i) as *const u64).read()) };
            i = i.wrapping_add(8);
        }
    }
    while i < n {
        // SAFETY: `i < n`, so both bytes are in the ranges the caller vouched for.
        unsafe { dest.add(i).write_volatile(src.add(i).read()) };
        i = i.wrapping_add(1);
    }
    dest
}

/// A panic reverts the call with the panic code. The message is not formatted in the wasm:
/// formatting machinery would cost kilobytes in every contract.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    crate::error::abort()
}
