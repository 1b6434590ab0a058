//! The wasm SIMD matmul: register blocks of `ROWS` x `4 VECS` outputs kept in f32x4
//! accumulators, each lane one output element summed over `p` in ascending order exactly as
//! `scalar::matmul` does, so both paths give the same bits. The last `n % 4` columns (a whole
//! narrow layer, such as a single output) put rows in the lanes instead; the last `m % 4` rows
//! of those go to the scalar code. `tanh_slice` runs `scalar::tanh`'s operations on four lanes.

use core::arch::wasm32::{
    f32x4, f32x4_add, f32x4_div, f32x4_extract_lane, f32x4_lt, f32x4_mul, f32x4_pmin, f32x4_splat,
    f32x4_sub, i32x4_add, i32x4_shl, i32x4_shuffle, i32x4_splat, i32x4_sub, u32x4_splat, v128,
    v128_and, v128_bitselect, v128_load, v128_load32_splat, v128_or, v128_store,
};

use super::tanh_consts::{BIG, EXPM1, INV_LN2, LN2_HI, LN2_LO, ROUND, SMALL};
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
        let m4 = m - m % 4;
        let edge = (a, b.add(n4), bias_at(n4), o.add(n4));
        match (n - n4, lhs.row == 1) {
            (1, true) => shape.narrow::<1, true>(m4, edge),
            (1, false) => shape.narrow::<1, false>(m4, edge),
            (2, true) => shape.narrow::<2, true>(m4, edge),
            (2, false) => shape.narrow::<2, false>(m4, edge),
            (_, true) => shape.narrow::<3, true>(m4, edge),
            (_, false) => shape.narrow::<3, false>(m4, edge),
        }
        scalar::block((m, n, depth), lhs, rhs, bias, out, (m4..m, n4..n));
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

/// Where a narrow edge starts: `lhs` at row 0, and `rhs`, `bias`, `out` at its first column.
type Edge = (*const f32, *const f32, Option<*const f32>, *mut f32);

impl Shape {
    /// The `NC` (< 4) rightmost columns for rows `0..m4` (a multiple of 4), four rows per
    /// f32x4 (eight while they last, for two independent sums in flight). `CONTIGUOUS` says
    /// `lhs` rows are adjacent (`a_row == 1`), so four rows load as one vector.
    #[inline(always)]
    unsafe fn narrow<const NC: usize, const CONTIGUOUS: bool>(self, m4: usize, edge: Edge) {
        let (a, b, bias, out) = edge;
        let pairs = m4 - m4 % 8;
        for i in (0..pairs).step_by(8) {
            self.narrow_block::<2, NC, CONTIGUOUS>(
                a.add(i * self.a_row),
                b,
                bias,
                out.add(i * self.n),
            );
        }
        for i in (pairs..m4).step_by(4) {
            self.narrow_block::<1, NC, CONTIGUOUS>(
                a.add(i * self.a_row),
                b,
                bias,
                out.add(i * self.n),
            );
        }
    }

    /// Rows `0..4 RV` by the `NC` edge columns: for each p, four rows of `lhs` in one vector
    /// times the splat of row p of `rhs` at each column; then the bias, stored lane by lane.
    #[inline(always)]
    unsafe fn narrow_block<const RV: usize, const NC: usize, const CONTIGUOUS: bool>(
        self,
        mut a: *const f32,
        mut b: *const f32,
        bias: Option<*const f32>,
        out: *mut f32,
    ) {
        let mut acc = [[f32x4_splat(0.0); NC]; RV];
        for _ in 0..self.depth {
            for (v, sums) in acc.iter_mut().enumerate() {
                let x = self.four_rows::<CONTIGUOUS>(a.add(4 * v * self.a_row));
                for (c, sum) in sums.iter_mut().enumerate() {
                    *sum = f32x4_add(*sum, f32x4_mul(x, f32x4_splat(*b.add(c))));
                }
            }
            a = a.add(self.a_step);
            b = b.add(self.n);
        }
        for (v, sums) in acc.iter().enumerate() {
            for (c, &sum) in sums.iter().enumerate() {
                let sum = match bias {
                    Some(bias) => f32x4_add(sum, f32x4_splat(*bias.add(c))),
                    None => sum,
                };
                let o = out.add(4 * v * self.n + c);
                *o = f32x4_extract_lane::<0>(sum);
                *o.add(self.n) = f32x4_extract_lane::<1>(sum);
                *o.add(2 * self.n) = f32x4_extract_lane::<2>(sum);
                *o.add(3 * self.n) = f32x4_extract_lane::<3>(sum);
            }
        }
    }

    /// lhs(i, p) .. lhs(i + 3, p) as one vector, given a pointer to lhs(i, p).
    #[inline(always)]
    unsafe fn four_rows<const CONTIGUOUS: bool>(self, a: *const f32) -> v128 {
        if CONTIGUOUS {
            v128_load(a as *const v128)
        } else {
            let r = self.a_row;
            f32x4(*a, *a.add(r), *a.add(2 * r), *a.add(3 * r))
        }
    }

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

/// `kernels::transpose` (lengths checked there) in 4 x 4 tiles: four rows of `w` loaded as
/// vectors and shuffled into four columns; the ragged edges element by element.
pub(super) fn transpose(w: &[f32], k: usize, wt: &mut [f32]) {
    let n = w.len() / k;
    let (n4, k4) = (n - n % 4, k - k % 4);
    for j in (0..n4).step_by(4) {
        for p in (0..k4).step_by(4) {
            // SAFETY: rows j..j+4 < n and columns p..p+4 <= k of w (n x k), and rows p..p+4 and
            // columns j..j+4 of wt (k x n), are in bounds; v128 accesses need no alignment.
            unsafe {
                let row = |r: usize| v128_load(w.as_ptr().add((j + r) * k + p) as *const v128);
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3));
                let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
                let t1 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
                let t2 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
                let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
                let columns = [
                    i32x4_shuffle::<0, 1, 4, 5>(t0, t2),
                    i32x4_shuffle::<2, 3, 6, 7>(t0, t2),
                    i32x4_shuffle::<0, 1, 4, 5>(t1, t3),
                    i32x4_shuffle::<2, 3, 6, 7>(t1, t3),
                ];
                for (q, column) in columns.into_iter().enumerate() {
                    v128_store(wt.as_mut_ptr().add((p + q) * n + j) as *mut v128, column);
                }
            }
        }
    }
    scalar::transpose(w, k, wt, (0..n4, k4..k));
    scalar::transpose(w, k, wt, (n4..n, 0..k));
}

/// `scalar::tanh` of every element, four at a time (the last `len % 4` by `scalar::tanh`).
pub(super) fn tanh_slice(z: &[f32], a: &mut [f32]) {
    // Opaque to the compiler, so the constants stay in registers or one load away instead of
    // being rebuilt from immediates at every use inside the loop.
    let c = core::hint::black_box(Consts::new());
    let mut zs = z.chunks_exact(4);
    let mut as_ = a.chunks_exact_mut(4);
    for (z4, a4) in (&mut zs).zip(&mut as_) {
        // SAFETY: both chunks hold exactly 4 floats; v128 loads and stores need no alignment.
        unsafe {
            let v = tanh4(v128_load(z4.as_ptr() as *const v128), &c);
            v128_store(a4.as_mut_ptr() as *mut v128, v);
        }
    }
    for (a, &z) in as_.into_remainder().iter_mut().zip(zs.remainder()) {
        *a = scalar::tanh(z);
    }
}

/// The constants of `tanh4`, each splatted to four lanes.
struct Consts {
    sign: v128,
    abs: v128,
    big: v128,
    small: v128,
    half: v128,
    one: v128,
    inv_ln2: v128,
    round: v128,
    round_bits: v128,
    ln2_hi: v128,
    ln2_lo: v128,
    expm1: [v128; 7],
    exponent_bias: v128,
}

impl Consts {
    fn new() -> Consts {
        let splat = f32x4_splat;
        Consts {
            sign: u32x4_splat(0x8000_0000),
            abs: u32x4_splat(0x7fff_ffff),
            big: splat(BIG),
            small: splat(SMALL),
            half: splat(0.5),
            one: splat(1.0),
            inv_ln2: splat(INV_LN2),
            round: splat(ROUND),
            round_bits: u32x4_splat(ROUND.to_bits()),
            ln2_hi: splat(LN2_HI),
            ln2_lo: splat(LN2_LO),
            expm1: EXPM1.map(|v| splat(v)),
            exponent_bias: i32x4_splat(127),
        }
    }
}

/// `scalar::tanh` on four lanes, operation for operation (both forms computed, then selected
/// by lane).
#[inline(always)]
fn tanh4(x: v128, c: &Consts) -> v128 {
    let ax = v128_and(x, c.abs);
    let y = f32x4_pmin(ax, c.big);
    let u = f32x4_mul(c.half, expm1_4(f32x4_add(y, y), c));
    let r = f32x4_div(c.one, f32x4_add(c.one, u));
    let small = f32x4_sub(u, f32x4_mul(f32x4_mul(u, u), r));
    let large = f32x4_sub(c.one, r);
    let t = v128_bitselect(small, large, f32x4_lt(ax, c.small));
    v128_or(t, v128_and(x, c.sign))
}

/// `scalar::expm1` on four lanes.
#[inline(always)]
fn expm1_4(y: v128, c: &Consts) -> v128 {
    let t = f32x4_add(f32x4_mul(y, c.inv_ln2), c.round);
    let k = f32x4_sub(t, c.round);
    let r = f32x4_sub(f32x4_sub(y, f32x4_mul(k, c.ln2_hi)), f32x4_mul(k, c.ln2_lo));
    let mut q = c.expm1[6];
    for &e in c.expm1[..6].iter().rev() {
        q = f32x4_add(e, f32x4_mul(r, q));
    }
    let p = f32x4_add(r, f32x4_mul(f32x4_mul(r, r), q));
    let scale = i32x4_shl(i32x4_add(i32x4_sub(t, c.round_bits), c.exponent_bias), 23);
    f32x4_add(f32x4_sub(scale, c.one), f32x4_mul(scale, p))
}
