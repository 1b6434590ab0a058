//! The wasm SIMD matmul: register blocks of `ROWS` x `4 VECS` outputs kept in f32x4
//! accumulators, each lane one output element summed over `p` in ascending order exactly as
//! `scalar::matmul` does, so both paths give the same bits. Columns past the last multiple of
//! 4 go to the scalar code. `tanh_slice` runs `scalar::tanh`'s operations on four lanes.

use core::arch::wasm32::{
    f32x4_add, f32x4_div, f32x4_lt, f32x4_mul, f32x4_pmin, f32x4_splat, f32x4_sub, i32x4_add,
    i32x4_shl, i32x4_splat, i32x4_sub, u32x4_splat, v128, v128_and, v128_bitselect, v128_load,
    v128_load32_splat, v128_or, v128_store,
};

use super::tanh_consts::{BIG, EXP, INV_LN2, LN2_HI, LN2_LO, ROUND, SMALL, TAYLOR};
use super::{scalar, Lhs};

/// Output rows per register block (rows of `lhs`).
const ROWS: usize = 4;
/// f32x4 vectors of output columns per register block.
const VECS: usize = 2;

/// `scalar::matmul`'s result, computed in f32x4 register blocks.
///
/// # Safety
/// The caller has checked the lengths: `lhs` holds element (m - 1, depth - 1), `rhs` is
/// depth x n, `out` m x n and `bias` (if any) n long (see `kernels::matmul`).
pub(super) unsafe fn matmul(
    (m, n, depth): (usize, usize, usize),
    lhs: Lhs,
    rhs: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
) {
    let n4 = n - n % 4;
    let full = n4 - n4 % (4 * VECS);
    let shape = Shape {
        m,
        n,
        depth,
        a_row: lhs.row,
        a_step: lhs.step,
    };
    let (a, b, o) = (lhs.data.as_ptr(), rhs.as_ptr(), out.as_mut_ptr());
    let bias_at = |c: usize| bias.map(|bias| bias.as_ptr().add(c));
    for c in (0..full).step_by(4 * VECS) {
        shape.rows::<VECS>(a, b.add(c), bias_at(c), o.add(c));
    }
    for c in (full..n4).step_by(4) {
        shape.rows::<1>(a, b.add(c), bias_at(c), o.add(c));
    }
    if n4 < n {
        scalar::columns((m, n, depth), lhs, rhs, bias, out, n4..n);
    }
}

/// The sizes and `lhs` strides one `matmul` call shares between its blocks.
#[derive(Clone, Copy)]
struct Shape {
    m: usize,
    n: usize,
    depth: usize,
    a_row: usize,
    a_step: usize,
}

impl Shape {
    /// One column strip, `4 C` wide, from top to bottom: blocks of `ROWS` rows, then the
    /// leftover rows one at a time. `b`, `bias` and `out` point at the strip's first column.
    #[inline(always)]
    unsafe fn rows<const C: usize>(
        self,
        a: *const f32,
        b: *const f32,
        bias: Option<*const f32>,
        out: *mut f32,
    ) {
        let full = self.m - self.m % ROWS;
        for i in (0..full).step_by(ROWS) {
            self.block::<ROWS, C>(a.add(i * self.a_row), b, bias, out.add(i * self.n));
        }
        for i in full..self.m {
            self.block::<1, C>(a.add(i * self.a_row), b, bias, out.add(i * self.n));
        }
    }

    /// One R x 4C block of outputs: for each p, splat lhs(i, p) of each row and multiply it
    /// into the loaded row p of `rhs`, adding to the accumulators; then add the bias and store.
    #[inline(always)]
    unsafe fn block<const R: usize, const C: usize>(
        self,
        mut a: *const f32,
        mut b: *const f32,
        bias: Option<*const f32>,
        out: *mut f32,
    ) {
        let mut acc = [[f32x4_splat(0.0); C]; R];
        for _ in 0..self.depth {
            let mut rhs = [f32x4_splat(0.0); C];
            for (c, v) in rhs.iter_mut().enumerate() {
                *v = v128_load(b.add(4 * c) as *const v128);
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let x = v128_load32_splat(a.add(r * self.a_row) as *const u32);
                for (s, &v) in row.iter_mut().zip(&rhs) {
                    *s = f32x4_add(*s, f32x4_mul(x, v));
                }
            }
            a = a.add(self.a_step);
            b = b.add(self.n);
        }
        for (r, row) in acc.iter().enumerate() {
            for (c, &s) in row.iter().enumerate() {
                let s = match bias {
                    Some(bias) => f32x4_add(s, v128_load(bias.add(4 * c) as *const v128)),
                    None => s,
                };
                v128_store(out.add(r * self.n + 4 * c) as *mut v128, s);
            }
        }
    }
}

/// `scalar::tanh` of every element, four at a time (the last `len % 4` by `scalar::tanh`).
pub(super) fn tanh_slice(z: &[f32], a: &mut [f32]) {
    let mut zs = z.chunks_exact(4);
    let mut as_ = a.chunks_exact_mut(4);
    for (z4, a4) in (&mut zs).zip(&mut as_) {
        // SAFETY: both chunks hold exactly 4 floats; v128 loads and stores need no alignment.
        unsafe {
            let v = tanh4(v128_load(z4.as_ptr() as *const v128));
            v128_store(a4.as_mut_ptr() as *mut v128, v);
        }
    }
    for (a, &z) in as_.into_remainder().iter_mut().zip(zs.remainder()) {
        *a = scalar::tanh(z);
    }
}

/// `scalar::tanh` on four lanes, operation for operation (both branches computed, then
/// selected by lane).
#[inline(always)]
fn tanh4(x: v128) -> v128 {
    let splat = f32x4_splat;
    let sign = v128_and(x, u32x4_splat(0x8000_0000));
    let ax = v128_and(x, u32x4_splat(0x7fff_ffff));
    let z = f32x4_mul(ax, ax);
    let mut q = splat(TAYLOR[7]);
    for &t in TAYLOR[..7].iter().rev() {
        q = f32x4_add(f32x4_mul(q, z), splat(t));
    }
    let small = f32x4_add(ax, f32x4_mul(f32x4_mul(ax, z), q));
    let y = f32x4_pmin(ax, splat(BIG));
    let e = exp4(f32x4_add(y, y));
    let one = splat(1.0);
    let large = f32x4_sub(one, f32x4_div(splat(2.0), f32x4_add(e, one)));
    let t = v128_bitselect(small, large, f32x4_lt(ax, splat(SMALL)));
    v128_or(t, sign)
}

/// `scalar::exp` on four lanes.
#[inline(always)]
fn exp4(y: v128) -> v128 {
    let splat = f32x4_splat;
    let t = f32x4_add(f32x4_mul(y, splat(INV_LN2)), splat(ROUND));
    let k = f32x4_sub(t, splat(ROUND));
    let r = f32x4_sub(
        f32x4_sub(y, f32x4_mul(k, splat(LN2_HI))),
        f32x4_mul(k, splat(LN2_LO)),
    );
    let mut p = splat(EXP[5]);
    for &c in EXP[..5].iter().rev() {
        p = f32x4_add(splat(c), f32x4_mul(r, p));
    }
    let one = splat(1.0);
    let p = f32x4_add(one, f32x4_mul(r, f32x4_add(one, f32x4_mul(r, p))));
    let biased = i32x4_add(
        i32x4_sub(t, i32x4_splat(ROUND.to_bits() as i32)),
        i32x4_splat(127),
    );
    f32x4_mul(p, i32x4_shl(biased, 23))
}
