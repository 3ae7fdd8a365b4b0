//! What a wasm contract needs from the SDK besides host calls: an allocator and a panic handler.
//!
//! The allocator is a bump allocator: a call runs in a fresh instance and lives for
//! milliseconds, so memory is handed out from `__heap_base` upward and given back only when
//! the most recent allocation is freed or grown (the common case of a `Vec` being built).
//! Memory grows page by page up to the maximum the module declares; past it, the allocator
//! reverts the call itself. It never returns null, which lets the compiler drop the standard
//! allocation-failure handler and the formatting code it drags in.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const PAGE: usize = 65_536;

extern "C" {
    /// Set by the linker: the first byte after the stack and static data.
    static __heap_base: u8;
}

/// The bump allocator installed as the global allocator of every Kexin contract.
pub struct BumpAllocator {
    /// Next free byte; 0 until the first allocation.
    next: AtomicUsize,
}

#[global_allocator]
static ALLOCATOR: BumpAllocator = BumpAllocator { next: AtomicUsize::new(0) };

impl BumpAllocator {
    fn next_free(&self) -> usize {
        match self.next.load(Relaxed) {
            // Only the address of the linker-defined symbol is taken; it is never read.
            0 => core::ptr::addr_of!(__heap_base) as usize,
            next => next,
        }
    }

    /// Moves the end of the heap to `start + size`, growing memory if needed, and returns
    /// `start`; reverts the call when memory cannot grow.
    #[inline(always)]
    fn claim(&self, start: usize, size: usize) -> *mut u8 {
        let end = start.checked_add(size).unwrap_or_else(|| crate::error::abort());
        let have = wasm32::memory_size(0).wrapping_mul(PAGE);
        if end > have && wasm32::memory_grow(0, (end - have).div_ceil(PAGE)) == usize::MAX {
            crate::error::abort();
        }
        self.next.store(end, Relaxed);
        match core::ptr::NonNull::new(start as *mut u8) {
            Some(block) => block.as_ptr(),
            None => crate::error::abort(),
        }
    }
}

// SAFETY: every block handed out lies inside linear memory (claimed or grown before it is
// returned), is aligned as requested, and never overlaps another live block, because the
// heap end only moves back over a block when that block is the last one and is being freed.
unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let mask = layout.align().wrapping_sub(1);
        let start = self.next_free().wrapping_add(mask) & !mask;
        self.claim(start, layout.size())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if (ptr as usize).wrapping_add(layout.size()) == self.next.load(Relaxed) {
            self.next.store(ptr as usize, Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if (ptr as usize).wrapping_add(layout.size()) == self.next.load(Relaxed) {
            // The last block grows or shrinks in place.
            return self.claim(ptr as usize, new_size);
        }
        // SAFETY: `layout` has a valid alignment and `new_size` was checked by the caller.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: forwarding the caller's guarantees to `alloc`, which never returns null.
        let new = unsafe { self.alloc(new_layout) };
        // SAFETY: both blocks are live, distinct, and at least `min(old, new)` long.
        unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        new
    }
}

/// A growable byte buffer taken straight from the bump allocator.
///
/// The SDK builds keys, values and events in these rather than in `Vec<u8>`: `Vec`'s growth
/// code, and its allocation-failure path that brings the standard library's formatting code
/// with it, would cost kilobytes in every contract. Growing the most recent buffer happens in
/// place. A buffer turns into a `Vec<u8>` without copying when a contract needs one.
pub struct Bytes {
    ptr: core::ptr::NonNull<u8>,
    len: usize,
    cap: usize,
}

impl Bytes {
    /// An empty buffer.
    pub const fn new() -> Bytes {
        Bytes { ptr: core::ptr::NonNull::dangling(), len: 0, cap: 0 }
    }

    /// An empty buffer with room for `cap` bytes.
    pub fn with_capacity(cap: usize) -> Bytes {
        let mut bytes = Bytes::new();
        bytes.reserve(cap);
        bytes
    }

    /// Makes room for `additional` more bytes.
    fn reserve(&mut self, additional: usize) {
        let needed = self.len.checked_add(additional).unwrap_or_else(|| crate::error::abort());
        if needed <= self.cap {
            return;
        }
        let cap = needed.max(self.cap.wrapping_mul(2)).max(16);
        let ptr = if self.cap == 0 {
            // SAFETY: a 1-aligned layout of non-zero size; `alloc` never returns null.
            unsafe { ALLOCATOR.alloc(Layout::from_size_align_unchecked(cap, 1)) }
        } else {
            // SAFETY: `ptr` was allocated by `ALLOCATOR` with `(self.cap, 1)`; `realloc`
            // never returns null and keeps the first `len` bytes.
            unsafe {
                ALLOCATOR.realloc(
                    self.ptr.as_ptr(),
                    Layout::from_size_align_unchecked(self.cap, 1),
                    cap,
                )
            }
        };
        self.ptr = core::ptr::NonNull::new(ptr).unwrap_or_else(|| crate::error::abort());
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
                self.ptr.as_ptr().add(self.len),
                bytes.len(),
            );
        }
        self.len += bytes.len();
    }

    /// Where the host may write up to `cap` bytes (after [`Bytes::with_capacity`]).
    pub fn spare_ptr(&mut self) -> *mut u8 {
        // SAFETY: `len ≤ cap`, so the result stays within (or one past) the allocation.
        unsafe { self.ptr.as_ptr().add(self.len) }
    }

    /// Records that the host wrote `n` bytes at [`Bytes::spare_ptr`].
    ///
    /// # Safety
    /// The `n` bytes after the current length must have been initialised, and `len + n`
    /// must not exceed the capacity.
    pub unsafe fn assume_written(&mut self, n: usize) {
        self.len += n;
    }

    /// The buffer as a `Vec<u8>`, without copying.
    pub fn into_vec(self) -> alloc::vec::Vec<u8> {
        let this = core::mem::ManuallyDrop::new(self);
        if this.cap == 0 {
            return alloc::vec::Vec::new();
        }
        // SAFETY: the block came from the global allocator with alignment 1 (u8's) and size
        // `cap`; the first `len` bytes are initialised; ownership moves to the Vec.
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
        if self.cap != 0 {
            // SAFETY: the block came from `ALLOCATOR` with this layout and is freed once.
            unsafe { ALLOCATOR.dealloc(self.ptr.as_ptr(), Layout::from_size_align_unchecked(self.cap, 1)) }
        }
    }
}

/// A panic reverts the call with the panic code. The message is not formatted in the wasm:
/// formatting machinery would cost kilobytes in every contract.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    crate::error::abort()
}
