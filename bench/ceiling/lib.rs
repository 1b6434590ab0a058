//! The single-core f32x4 matmul ceiling: C = A B for cache-resident 128 x 128 matrices, in
//! register blocks of R rows x 4C columns held in f32x4 accumulators (one multiply and one
//! add per lane and step; wasm has no FMA). Several block shapes are exported because the best
//! one depends on the engine's register allocator; the benchmark takes the fastest.
//!
//! Exports (no wasm-bindgen; plain numbers in and out):
//! - `flops()`: FLOPs of one product, 2 M N K.
//! - `mm_RxC(reps)`: computes the product `reps` times and returns C[0] (so nothing is
//!   optimized away), for R x C in 4x2, 4x3, 4x4, 6x2, 8x2 and 2x4.

#![cfg(all(target_arch = "wasm32", target_feature = "simd128"))]

use core::arch::wasm32::{
    f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_load32_splat, v128_store,
};
use core::ptr::{addr_of, addr_of_mut};

const M: usize = 120;
const N: usize = 96;
const K: usize = 128;

static mut A: [f32; M * K] = [0.0; M * K];
static mut B: [f32; K * N] = [0.0; K * N];
static mut C: [f32; M * N] = [0.0; M * N];

/// FLOPs of one product.
#[no_mangle]
pub extern "C" fn flops() -> f64 {
    (2 * M * N * K) as f64
}

/// Fills A and B with small values (once; the values do not change the speed).
fn fill() {
    // SAFETY: wasm instances are single-threaded and nothing else holds these buffers.
    unsafe {
        let (a, b) = (addr_of_mut!(A) as *mut f32, addr_of_mut!(B) as *mut f32);
        for i in 0..M * K {
            *a.add(i) = (i % 7) as f32 * 0.125;
        }
        for i in 0..K * N {
            *b.add(i) = (i % 5) as f32 * 0.25;
        }
    }
}

/// C = A B, `reps` times, in R x 4C register blocks (M divisible by R, N by 4C).
fn product<const R: usize, const CV: usize>(reps: u32) -> f32 {
    fill();
    // SAFETY: every pointer stays inside its static buffer: rows i..i+R < M, columns
    // j..j+4CV <= N, p < K; wasm instances are single-threaded.
    unsafe {
        let (a, b, c) = (
            addr_of!(A) as *const f32,
            addr_of!(B) as *const f32,
            addr_of_mut!(C) as *mut f32,
        );
        for _ in 0..reps {
            for i in (0..M).step_by(R) {
                for j in (0..N).step_by(4 * CV) {
                    let mut acc = [[f32x4_splat(0.0); CV]; R];
                    for p in 0..K {
                        let mut row = [f32x4_splat(0.0); CV];
                        for (v, x) in row.iter_mut().enumerate() {
                            *x = v128_load(b.add(p * N + j + 4 * v) as *const v128);
                        }
                        for (r, sums) in acc.iter_mut().enumerate() {
                            let s = v128_load32_splat(a.add((i + r) * K + p) as *const u32);
                            for (sum, &x) in sums.iter_mut().zip(&row) {
                                *sum = f32x4_add(*sum, f32x4_mul(s, x));
                            }
                        }
                    }
                    for (r, sums) in acc.iter().enumerate() {
                        for (v, &sum) in sums.iter().enumerate() {
                            v128_store(c.add((i + r) * N + j + 4 * v) as *mut v128, sum);
                        }
                    }
                }
            }
        }
        *c
    }
}

/// Exports `product::<R, CV>` as `name(reps) -> f32`.
macro_rules! export {
    ($($name:ident = $r:literal x $c:literal),*) => {$(
        #[no_mangle]
        pub extern "C" fn $name(reps: u32) -> f32 {
            product::<$r, $c>(reps)
        }
    )*};
}

export!(
    mm_4x2 = 4 x 2,
    mm_4x3 = 4 x 3,
    mm_4x4 = 4 x 4,
    mm_6x2 = 6 x 2,
    mm_8x2 = 8 x 2,
    mm_2x4 = 2 x 4
);
