//! The wasm SIMD kernels against the scalar kernels, bit for bit, under wasm-bindgen-test in
//! Node: `kernels::matmul`, `kernels::tanh_slice` and `kernels::transpose` take the f32x4 path
//! on wasm (the build enables simd128), `kernels::scalar` is the portable path every other
//! target runs. Equal bits here are what make a seed give the same curve natively and in every
//! browser.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_kernels`; natively this
//! file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use initlab::kernels::{self, scalar, Lhs};
use initlab::rng::{seeded, standard_normal, uniform, Rng, Stream};
use wasm_bindgen_test::wasm_bindgen_test;

/// The bits of each value, so a failure shows which element differs (NaN included).
fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// `len` normal values with scale 10^[-3, 3), so sums mix magnitudes and rounding matters.
fn random(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len)
        .map(|_| (standard_normal(rng) * 10f64.powf(6.0 * uniform(rng) - 3.0)) as f32)
        .collect()
}

/// A size in [1, max], ragged (not a multiple of 4) about three times in four.
fn size(rng: &mut Rng, max: usize) -> usize {
    1 + (uniform(rng) * max as f64) as usize
}

#[wasm_bindgen_test]
fn simd_matmul_equals_scalar_bit_for_bit_on_random_shapes() {
    let mut rng = seeded(11, Stream::Data);
    let mut shapes: Vec<(usize, usize, usize)> = vec![(32, 64, 64), (32, 1, 64), (10, 8, 2)];
    shapes.extend((0..200).map(|_| (size(&mut rng, 37), size(&mut rng, 37), size(&mut rng, 37))));
    for (m, n, depth) in shapes {
        let lhs_data = random(&mut rng, m * depth);
        let (rhs, bias) = (random(&mut rng, depth * n), random(&mut rng, n));
        // The lhs as stored (m x depth) and transposed (depth x m), as the kernels use both.
        let layouts = [(depth, 1), (1, m)];
        for (row, step) in layouts {
            let lhs = Lhs {
                data: &lhs_data,
                row,
                step,
            };
            for bias in [None, Some(bias.as_slice())] {
                let (mut simd, mut reference) = (vec![f32::NAN; m * n], vec![f32::NAN; m * n]);
                kernels::matmul((m, n, depth), lhs, &rhs, bias, &mut simd);
                scalar::matmul((m, n, depth), lhs, &rhs, bias, &mut reference);
                assert_eq!(
                    bits(&simd),
                    bits(&reference),
                    "{m} x {n} x {depth}, lhs strides ({row}, {step}), bias {}",
                    bias.is_some()
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn simd_tanh_equals_scalar_bit_for_bit() {
    let mut rng = seeded(12, Stream::Data);
    let mut z = random(&mut rng, 4099);
    // Both sides of each branch point, the clamp, zeros, infinities, NaN, subnormals.
    let specials = [
        0.55,
        0.549_999_95,
        10.0,
        10.000_001,
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::from_bits(1),
        f32::MIN_POSITIVE,
        f32::MAX,
        -3.5,
    ];
    z.extend(specials);
    for len in [z.len(), 1, 2, 3, 5, 7] {
        let mut simd = vec![0.0; len];
        kernels::tanh_slice(&z[..len], &mut simd);
        let reference: Vec<f32> = z[..len].iter().map(|&x| scalar::tanh(x)).collect();
        assert_eq!(bits(&simd), bits(&reference), "length {len}");
    }
}

#[wasm_bindgen_test]
fn simd_transpose_moves_every_element_on_ragged_shapes() {
    let mut rng = seeded(13, Stream::Data);
    for _ in 0..100 {
        let (n, k) = (size(&mut rng, 37), size(&mut rng, 37));
        let w = random(&mut rng, n * k);
        let mut wt = vec![f32::NAN; n * k];
        kernels::transpose(&w, k, &mut wt);
        let want: Vec<f32> = (0..n * k).map(|e| w[(e % n) * k + e / n]).collect();
        assert_eq!(bits(&wt), bits(&want), "{n} x {k}");
    }
}
