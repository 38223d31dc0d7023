//! The global allocator of the cardseal npm package (wasm32, no_std).
//!
//! Two reasons to not use dlmalloc there:
//! - **Every freed block is wiped.** Card numbers pass through `String`s and `Vec`s that
//!   grow, shrink and get copied by code we do not control (wasm-bindgen's string
//!   passing reallocates on non-ASCII input, `Vec` growth copies and frees the old
//!   buffer). Zeroizing our own buffers cannot reach those copies; an allocator that
//!   clears each block as it is freed does. After a seal, freed memory holds zeros.
//! - **Size.** dlmalloc weighed about 6 KB of the package's wasm; this is under 1 KB.
//!
//! The design is the simplest that is correct for a page-lifetime heap of a few hundred
//! KB: power-of-two size classes from 16 bytes up, one free list per class (the link in
//! the block's first word), and a bump pointer over pages from `memory.grow`. Blocks are
//! never split or merged; the worst case wastes half a block, which is fine for the
//! short strings and buffers cardseal allocates. Single-threaded: wasm32 without the
//! atomics feature has one thread.
//!
//! [`Heap`] holds the logic over any page source, so native tests can exercise it on an
//! ordinary buffer; [`WipingAlloc`] is the wasm32 global allocator over `memory.grow`.
#![no_std]

use core::alloc::Layout;
use core::ptr::null_mut;

/// The smallest block: 16 bytes, which is also the alignment of every block.
const MIN_SHIFT: u32 = 4;
const MIN_ALIGN: usize = 1 << MIN_SHIFT;
/// Classes 16 B ..= 2 GiB.
const CLASSES: usize = (usize::BITS - MIN_SHIFT) as usize;
/// The wasm page size.
pub const PAGE: usize = 65536;

/// Where fresh memory comes from.
pub trait Pages {
    /// Adds `n` pages; returns the byte address of the first, or `None` when the
    /// memory cannot grow.
    fn grow(&mut self, n: usize) -> Option<usize>;
}

/// The allocator's state: a free list per size class and a bump region.
pub struct Heap<P> {
    free: [usize; CLASSES],
    top: usize,
    end: usize,
    pages: P,
}

/// The size class of `layout`, or `None` when it is too large to serve.
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(MIN_ALIGN);
    let block = size.checked_next_power_of_two()?;
    Some((block.trailing_zeros() - MIN_SHIFT) as usize)
}

impl<P: Pages> Heap<P> {
    /// An empty heap over `pages`.
    pub const fn new(pages: P) -> Heap<P> {
        Heap {
            free: [0; CLASSES],
            top: 0,
            end: 0,
            pages,
        }
    }

    /// Allocates a block for `layout`; null when memory is exhausted.
    ///
    /// # Safety
    /// The memory handed out by `pages` must be writable and used by nothing else.
    pub unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else {
            return null_mut();
        };
        // Free blocks are only 16-byte aligned: larger alignments take a fresh block.
        let head = self.free[c];
        if head != 0 && layout.align() <= MIN_ALIGN {
            let p = head as *mut usize;
            // SAFETY: `head` is a block this heap freed; its first word links the list.
            unsafe {
                self.free[c] = p.read();
                p.write(0);
            }
            return p.cast();
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        let align = layout.align().max(MIN_ALIGN);
        let mut start = (self.top + align - 1) & !(align - 1);
        if start < self.top || start.checked_add(size).is_none_or(|e| e > self.end) {
            // Grow: extend the region when the new pages follow it, else start over there.
            let Some(need) = size.checked_add(align) else {
                return null_mut();
            };
            let n = need.div_ceil(PAGE);
            let Some(base) = self.pages.grow(n) else {
                return null_mut();
            };
            if base != self.end {
                self.top = base;
            }
            self.end = base + n * PAGE;
            start = (self.top + align - 1) & !(align - 1);
        }
        self.top = start + size;
        start as *mut u8
    }

    /// Wipes the block of `ptr` and puts it on its class's free list.
    ///
    /// # Safety
    /// `ptr` must come from [`Heap::alloc`] on this heap with the same `layout`, and not
    /// be used afterwards.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(layout) else {
            return;
        };
        // Volatile, so that no optimiser can drop the stores to memory it sees freed.
        for i in 0..layout.size() {
            // SAFETY: the caller owned `layout.size()` bytes at `ptr`.
            unsafe { ptr.add(i).write_volatile(0) };
        }
        core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
        // SAFETY: every block is at least 16 bytes and 16-byte aligned.
        unsafe { ptr.cast::<usize>().write(self.free[c]) };
        self.free[c] = ptr as usize;
    }
}

#[cfg(target_arch = "wasm32")]
pub use wasm::WipingAlloc;

/// The shadow stack's half of the hygiene (wasm32 only).
///
/// Rust keeps the frames of functions whose locals have their address taken, or are too
/// big for wasm locals (arrays, structs such as AES round keys), on a shadow stack in
/// linear memory. A value moved by value leaves its old bytes in the frame it left, and
/// neither destructors nor the allocator ever see them: after a seal, the crates' round
/// keys and GHASH key were still there. [`stack::scrubbed`] runs a call, then zeroes the
/// whole stack below the caller, as libsodium's `sodium_stackzero` does, so no frame of
/// the call outlives it.
///
/// The package links a stack sized for what its calls need (`-zstack-size` in
/// scripts/build-pkg.sh: 64 KiB, where importing an 8192-bit key, the deepest call, uses
/// about 27 KB, a seal about 3 KB and a keystroke's validation 0.6 KB), so a wipe is one
/// `memory.fill` of at most 64 KiB instead of the default 1 MiB. An overflow cannot go
/// unnoticed: the stack is linked first, at address 0, so a frame below it wraps to the
/// top of the 32-bit address space and traps.
///
/// One wipe a call: the package entry, which zeroes the whole stack after every export
/// anyway ([`wipe_dead_stack`], with no wasm frame live), first announces it with
/// [`defer_next`], and the export's [`scrubbed`] then leaves the wipe to it. Called any
/// other way (wasm-bindgen's class straight), an export wipes below itself.
#[cfg(target_arch = "wasm32")]
pub mod stack {
    use core::sync::atomic::{compiler_fence, AtomicBool, Ordering};

    extern "C" {
        /// The lowest address of the shadow stack, defined by wasm-ld. The stack grows
        /// down towards it; nothing else lives between it and the stack pointer.
        static __stack_low: u8;
    }

    /// Set by [`defer_next`]: the caller wipes the whole stack after the next call, so the
    /// next [`scrubbed`] need not. Cleared by that call and by every wipe. A plain atomic:
    /// wasm32 without threads runs one thread.
    static DEFERRED: AtomicBool = AtomicBool::new(false);

    /// Announces that [`wipe_dead_stack`] runs (with no wasm frame live) right after the
    /// next call: that call's [`scrubbed`] skips its own wipe, so the stack is wiped once.
    pub fn defer_next() {
        DEFERRED.store(true, Ordering::Relaxed);
    }

    /// Runs `f` in frames of its own, then zeroes the shadow stack from its lowest address
    /// up to the caller's frame: every byte `f` (and all it called) could have written.
    /// The caller's own frame is kept, so `f` must not leave secrets in values it returns.
    /// After [`defer_next`] the wipe is left to the caller's [`wipe_dead_stack`].
    #[inline(always)]
    pub fn scrubbed<T>(f: impl FnOnce() -> T) -> T {
        let deferred = DEFERRED.swap(false, Ordering::Relaxed);
        let r = run(f);
        if !deferred {
            wipe_dead_stack();
        }
        r
    }

    /// `f` below an inlining barrier, so its locals live in frames under the caller's.
    #[inline(never)]
    fn run<T>(f: impl FnOnce() -> T) -> T {
        f()
    }

    /// The whole frame of [`wipe_dead_stack`]: 16 bytes, aligned as wasm frames are.
    /// Only its address is used: it marks the top of the memory to wipe.
    #[repr(C, align(16))]
    struct Probe([u8; 16]);

    /// Zeroes every byte of the shadow stack from its bottom up to the top of this
    /// function's frame: all memory below the caller's frame, which no live frame uses
    /// when this runs. Its one local is the probe, so its frame is the probe; the fill
    /// runs in a frameless leaf below it. Clears a pending [`defer_next`].
    #[inline(never)]
    pub fn wipe_dead_stack() {
        DEFERRED.store(false, Ordering::Relaxed);
        let mut probe = Probe([0; 16]);
        let top = core::ptr::addr_of_mut!(probe) as usize + core::mem::size_of::<Probe>();
        fill_zero(low(), top, core::ptr::addr_of_mut!(probe));
        compiler_fence(Ordering::SeqCst);
    }

    /// Zeroes `[max(low, 16), top)`. `probe` (the caller's frame) is taken as a pointer
    /// so that the compiler keeps it in memory, where `top` points.
    #[inline(never)]
    fn fill_zero(low: usize, top: usize, probe: *mut Probe) {
        // Address 0 is not a valid pointer in Rust; the first 16 bytes of the stack
        // would only be reached by a stack full to its last 16 bytes.
        let low = low.max(16);
        if top > low && probe as usize + core::mem::size_of::<Probe>() == top {
            // SAFETY: [low, top) is the shadow stack at and below the caller's frame:
            // memory of frames that have returned, and the caller's probe, which is not
            // read again. Nothing else lives in the stack region. `write_bytes` is one
            // `memory.fill`; the fence keeps it from being moved or dropped.
            unsafe { core::ptr::write_bytes(low as *mut u8, 0, top - low) };
        }
        compiler_fence(Ordering::SeqCst);
    }

    /// The lowest address of the shadow stack (for tests and measurements).
    pub fn low() -> usize {
        // Taking the address of an extern static is safe; it is never read.
        core::ptr::addr_of!(__stack_low) as usize
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::{Heap, Pages};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    /// Pages from the wasm memory's `memory.grow`.
    pub struct WasmPages;

    impl Pages for WasmPages {
        fn grow(&mut self, n: usize) -> Option<usize> {
            let old = core::arch::wasm32::memory_grow(0, n);
            (old != usize::MAX).then(|| old * super::PAGE)
        }
    }

    /// The global allocator: `#[global_allocator] static A: WipingAlloc = WipingAlloc::new();`
    pub struct WipingAlloc(UnsafeCell<Heap<WasmPages>>);

    // SAFETY: wasm32 without the atomics feature runs one thread, and the allocator
    // never calls back into itself.
    unsafe impl Sync for WipingAlloc {}

    impl WipingAlloc {
        /// An empty heap; the first allocation grows the memory.
        #[allow(clippy::new_without_default)]
        pub const fn new() -> WipingAlloc {
            WipingAlloc(UnsafeCell::new(Heap::new(WasmPages)))
        }
    }

    // SAFETY: blocks are disjoint, sized and aligned for their layout (see `Heap`), and
    // the heap is only reached from one thread, one call at a time.
    unsafe impl GlobalAlloc for WipingAlloc {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: see `Sync` above; memory.grow hands out memory nothing else uses.
            unsafe { (*self.0.get()).alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the GlobalAlloc contract is Heap::dealloc's.
            unsafe { (*self.0.get()).dealloc(ptr, layout) }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    extern crate std;
    use super::*;
    use std::vec::Vec;

    /// A 64 MiB arena standing in for the wasm memory; `gap` skips pages between grows,
    /// as if something else had grown the memory.
    struct Arena {
        base: usize,
        used: usize,
        limit: usize,
        gap: usize,
    }

    impl Pages for Arena {
        fn grow(&mut self, n: usize) -> Option<usize> {
            let at = self.used + self.gap * PAGE;
            if at + n * PAGE > self.limit {
                return None;
            }
            self.used = at + n * PAGE;
            Some(self.base + at)
        }
    }

    fn heap(gap: usize) -> Heap<Arena> {
        let limit = 64 << 20;
        let layout = Layout::from_size_align(limit, PAGE).unwrap();
        // Leaked on purpose: the arena lives for the test process.
        let base = unsafe { std::alloc::alloc_zeroed(layout) } as usize;
        assert_ne!(base, 0);
        Heap::new(Arena {
            base,
            used: 0,
            limit,
            gap,
        })
    }

    /// A small deterministic PRNG (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn random_workload_keeps_blocks_disjoint_aligned_intact_and_wipes_them() {
        for gap in [0, 1] {
            let mut h = heap(gap);
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
            for step in 0..20_000u32 {
                if live.is_empty() || (live.len() < 400 && rng.next().is_multiple_of(2)) {
                    let size = match rng.next() % 10 {
                        0 => (rng.next() % 70_000) as usize, // beyond a page
                        1 => 0,
                        _ => (rng.next() % 300) as usize,
                    };
                    let align = [1, 2, 4, 8, 16, 32, 64, 4096][(rng.next() % 8) as usize];
                    let layout = Layout::from_size_align(size, align).unwrap();
                    let p = unsafe { h.alloc(layout) };
                    assert!(!p.is_null(), "step {step}");
                    assert_eq!(p as usize % align, 0, "alignment at step {step}");
                    // Fresh or recycled, a block arrives zeroed.
                    for i in 0..size {
                        assert_eq!(unsafe { *p.add(i) }, 0, "dirty block at step {step}");
                    }
                    let tag = (step % 251) as u8 + 1;
                    unsafe { core::ptr::write_bytes(p, tag, size) };
                    for &(q, l, _) in &live {
                        let (a, b) = (p as usize, q as usize);
                        assert!(
                            a + size.max(1) <= b || b + l.size().max(1) <= a,
                            "overlap at step {step}"
                        );
                    }
                    live.push((p, layout, tag));
                } else {
                    let i = (rng.next() as usize) % live.len();
                    let (p, layout, tag) = live.swap_remove(i);
                    for j in 0..layout.size() {
                        assert_eq!(unsafe { *p.add(j) }, tag, "clobbered at step {step}");
                    }
                    unsafe { h.dealloc(p, layout) };
                    // Wiped, except the free-list link in the first word.
                    for j in core::mem::size_of::<usize>()..layout.size() {
                        assert_eq!(unsafe { *p.add(j) }, 0, "not wiped at step {step}");
                    }
                }
            }
        }
    }

    #[test]
    fn freed_blocks_are_reused_and_exhaustion_is_null() {
        let mut h = heap(0);
        let l = Layout::from_size_align(100, 8).unwrap();
        let a = unsafe { h.alloc(l) };
        unsafe { h.dealloc(a, l) };
        let b = unsafe { h.alloc(Layout::from_size_align(120, 4).unwrap()) };
        assert_eq!(a, b, "same class, the freed block comes back");
        // Larger than the arena: null, not a panic.
        let huge = Layout::from_size_align(100 << 20, 8).unwrap();
        assert!(unsafe { h.alloc(huge) }.is_null());
        let too_big = Layout::from_size_align(isize::MAX as usize - 15, 16).unwrap();
        assert!(unsafe { h.alloc(too_big) }.is_null());
    }
}
