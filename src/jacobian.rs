//! The input-output Jacobian of a network's hidden layers at one input, and its singular
//! values: Pennington, Schoenholz & Ganguli (2017) call a network dynamically isometric when
//! they all sit near 1, so that every direction of a signal passes the layers unchanged.
//!
//! The hidden layers map the first hidden layer's activations x¹ to the last's, x^L; with
//! h^l = W^l x^(l-1) + b^l and x^l = φ(h^l),
//!
//! J = ∂x^L / ∂x¹ = D^L W^L D^(L-1) W^(L-1) ··· D² W², D^l = diag(φ'(h^l)),
//!
//! an N_L x N_1 matrix: the product of the L - 1 layers after the first (the identity for one
//! hidden layer). The first layer is left out because its inputs are the data's few features
//! (2 for the plane), which would cap the rank at that; a network of L - 1 equal layers after
//! it is the paper's deep network of depth L - 1.

use crate::mlp::Mlp;
use crate::spectrum;

/// J at the input `x` (one sample, `mlp`'s input width), row-major, N_L x N_1 (see the module
/// doc): row r is ∂x^L_r / ∂x¹. Leaves the network's caches holding the forward pass of `x`;
/// the parameters do not change.
///
/// # Panics
/// If the network has no hidden layer or `x` is not one sample (a caller bug: `Run` checks).
pub fn hidden_jacobian(mlp: &mut Mlp, x: &[f32]) -> (usize, usize, Vec<f32>) {
    let hidden = mlp.layers().len() - 1;
    assert!(hidden >= 1, "the Jacobian spans the hidden layers");
    mlp.forward(x, 1);
    let top = mlp.layers()[hidden - 1].fan_out;
    // Back-propagate the identity: each of the `top` rows is one output coordinate's gradient.
    let mut rows = vec![0.0f32; top * top];
    rows.iter_mut().step_by(top + 1).for_each(|d| *d = 1.0);
    let mut width = top;
    for l in (1..hidden).rev() {
        let (k, n) = (mlp.layers()[l].fan_in, mlp.layers()[l].fan_out);
        debug_assert_eq!(n, width);
        let (z, a) = (mlp.pre_activations(l), mlp.outputs(l));
        let mut through = vec![0.0f32; top * n];
        for (row, out) in rows.chunks_exact(n).zip(through.chunks_exact_mut(n)) {
            mlp.activation().backward_slice(z, a, row, out);
        }
        let mut next = vec![0.0f32; top * k];
        crate::kernels::dense_input_grad(&through, mlp.weights(l), n, k, &mut next);
        rows = next;
        width = k;
    }
    (top, width, rows)
}

/// The singular values of `hidden_jacobian(mlp, x)`, largest first: min(N_L, N_1) of them.
pub fn hidden_spectrum(mlp: &mut Mlp, x: &[f32]) -> Vec<f64> {
    let (rows, columns, j) = hidden_jacobian(mlp, x);
    spectrum::singular_values(&j, rows, columns)
}
