//! The network: a dense multilayer perceptron with every parameter in one flat buffer.
//!
//! Layer `l` maps `sizes[l]` inputs to `sizes[l + 1]` outputs. Hidden layers apply the
//! network's activation; the last layer is linear and its outputs (logits) go to the loss,
//! which applies sigmoid or softmax itself in a numerically stable way.
//!
//! All parameters live in `params` (and their gradients in `grads`, same layout), layer by layer:
//! the weights (fan_out x fan_in, row-major, one row per neuron) then the biases (fan_out).
//! The optimizer updates the whole buffer in one pass. Caches are sized once for the largest
//! batch, so a training step allocates nothing. The forward pass reads a transposed copy of the
//! weights (fan_in x fan_out, see `kernels`), refreshed after any mutable access to `params`.

use std::ops::Range;

use crate::activation::Activation;
use crate::init::Init;
use crate::kernels;
use crate::rng::Rng;

/// Where one dense layer's parameters sit in the flat buffers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Inputs per neuron.
    pub fan_in: usize,
    /// Neurons in this layer.
    pub fan_out: usize,
    /// The weights, fan_out x fan_in, in `params`/`grads`.
    pub weights: Range<usize>,
    /// The biases, fan_out, in `params`/`grads`.
    pub biases: Range<usize>,
}

/// A dense MLP with its parameters, gradients and forward caches.
#[derive(Debug, Clone)]
pub struct Mlp {
    activation: Activation,
    layers: Vec<Layer>,
    params: Vec<f32>,
    grads: Vec<f32>,
    /// Each layer's weights transposed, fan_in x fan_out, for the forward pass.
    transposed: Vec<Vec<f32>>,
    /// Whether `params` may have changed since `transposed` was written.
    transposed_stale: bool,
    max_batch: usize,
    /// Pre-activations per layer, batch x fan_out (the last layer's are the logits).
    pre: Vec<Vec<f32>>,
    /// Activations per hidden layer, batch x fan_out.
    post: Vec<Vec<f32>>,
    /// Backward scratch: the gradient flowing into the current layer and out of it.
    delta: Vec<f32>,
    grad_in: Vec<f32>,
    batch: usize,
}

impl Mlp {
    /// A network with layer widths `sizes` (inputs, hidden..., outputs), all parameters zero,
    /// and caches for batches of up to `max_batch` samples. `sizes` has at least two entries,
    /// all positive (the config checks this).
    pub fn new(sizes: &[usize], activation: Activation, max_batch: usize) -> Mlp {
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut at = 0;
        for pair in sizes.windows(2) {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            let weights = at..at + fan_in * fan_out;
            let biases = weights.end..weights.end + fan_out;
            at = biases.end;
            layers.push(Layer {
                fan_in,
                fan_out,
                weights,
                biases,
            });
        }
        let widest = sizes.iter().copied().max().unwrap_or(1);
        let pre = layers
            .iter()
            .map(|l| vec![0.0; max_batch * l.fan_out])
            .collect();
        let hidden = &layers[..layers.len() - 1];
        let post = hidden
            .iter()
            .map(|l| vec![0.0; max_batch * l.fan_out])
            .collect();
        let transposed = layers
            .iter()
            .map(|l| vec![0.0; l.fan_in * l.fan_out])
            .collect();
        Mlp {
            activation,
            params: vec![0.0; at],
            grads: vec![0.0; at],
            transposed,
            transposed_stale: true,
            layers,
            max_batch,
            pre,
            post,
            delta: vec![0.0; max_batch * widest],
            grad_in: vec![0.0; max_batch * widest],
            batch: 0,
        }
    }

    /// Draws every layer's weights from `weights` and biases from `biases`, layer by layer
    /// from the input side, all from one `rng`.
    pub fn initialize(&mut self, weights: &Init, biases: &Init, rng: &mut Rng) {
        self.transposed_stale = true;
        for layer in &self.layers {
            let (fan_in, fan_out) = (layer.fan_in, layer.fan_out);
            weights.sample(
                fan_in,
                fan_out,
                rng,
                &mut self.params[layer.weights.clone()],
            );
            biases.sample_bias(fan_in, fan_out, rng, &mut self.params[layer.biases.clone()]);
        }
    }

    /// The hidden-layer activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The dense layers, input side first; the last one is the linear output layer.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The largest batch the caches hold.
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// Every parameter, in the layout described at the top of this module.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// Every parameter, mutably (for the optimizer).
    pub fn params_mut(&mut self) -> &mut [f32] {
        self.transposed_stale = true;
        &mut self.params
    }

    /// The parameter gradients of the last `backward`, same layout as `params`.
    pub fn grads(&self) -> &[f32] {
        &self.grads
    }

    /// Parameters and gradients at once, for the optimizer's update.
    pub fn params_and_grads(&mut self) -> (&mut [f32], &[f32]) {
        self.transposed_stale = true;
        (&mut self.params, &self.grads)
    }

    /// Layer `l`'s weights, fan_out x fan_in.
    pub fn weights(&self, l: usize) -> &[f32] {
        &self.params[self.layers[l].weights.clone()]
    }

    /// Layer `l`'s biases.
    pub fn biases(&self, l: usize) -> &[f32] {
        &self.params[self.layers[l].biases.clone()]
    }

    /// Layer `l`'s weight gradients from the last `backward`, fan_out x fan_in.
    pub fn weight_grads(&self, l: usize) -> &[f32] {
        &self.grads[self.layers[l].weights.clone()]
    }

    /// Layer `l`'s pre-activations from the last `forward`, batch x fan_out.
    pub fn pre_activations(&self, l: usize) -> &[f32] {
        &self.pre[l][..self.batch * self.layers[l].fan_out]
    }

    /// Layer `l`'s outputs from the last `forward`, batch x fan_out: the activations of a
    /// hidden layer, the logits of the output layer.
    pub fn outputs(&self, l: usize) -> &[f32] {
        let cache = self.post.get(l).unwrap_or(&self.pre[l]);
        &cache[..self.batch * self.layers[l].fan_out]
    }

    /// Forward pass of `x` (batch x inputs, `batch <= max_batch`), caching every layer's
    /// pre-activations and activations; returns the logits, batch x outputs.
    pub fn forward(&mut self, x: &[f32], batch: usize) -> &[f32] {
        self.batch = batch;
        if self.transposed_stale {
            for (layer, wt) in self.layers.iter().zip(&mut self.transposed) {
                kernels::transpose(&self.params[layer.weights.clone()], layer.fan_in, wt);
            }
            self.transposed_stale = false;
        }
        for (l, layer) in self.layers.iter().enumerate() {
            let n = batch * layer.fan_out;
            let input = if l == 0 {
                x
            } else {
                &self.post[l - 1][..batch * layer.fan_in]
            };
            let b = &self.params[layer.biases.clone()];
            let wt = &self.transposed[l];
            kernels::dense_forward(input, wt, b, layer.fan_in, &mut self.pre[l][..n]);
            if let Some(post) = self.post.get_mut(l) {
                self.activation
                    .apply_slice(&self.pre[l][..n], &mut post[..n]);
            }
        }
        self.outputs(self.layers.len() - 1)
    }

    /// Backward pass after `forward(x, batch)`: given dLoss/dlogits (batch x outputs, already
    /// averaged over the batch), overwrites `grads` with dLoss/dparams.
    pub fn backward(&mut self, x: &[f32], grad_logits: &[f32]) {
        self.backward_with(x, grad_logits, |_, _| {});
    }

    /// `backward`, showing `sink(l, delta)` each layer's back-propagated gradient on the way:
    /// `delta` = dLoss/d(pre-activations) of layer `l`, batch x fan_out, output layer first
    /// (the readings' histograms of Glorot & Bengio's figures).
    pub fn backward_with(
        &mut self,
        x: &[f32],
        grad_logits: &[f32],
        mut sink: impl FnMut(usize, &[f32]),
    ) {
        let batch = self.batch;
        let last = self.layers.len() - 1;
        self.delta[..grad_logits.len()].copy_from_slice(grad_logits);
        for l in (0..=last).rev() {
            let layer = &self.layers[l];
            let (k, n) = (layer.fan_in, layer.fan_out);
            let delta = &self.delta[..batch * n];
            sink(l, delta);
            let input = if l == 0 {
                x
            } else {
                &self.post[l - 1][..batch * k]
            };
            let (gw, gb) = self.grads[layer.weights.start..layer.biases.end].split_at_mut(k * n);
            kernels::dense_param_grads(delta, input, k, gw, gb);
            if l > 0 {
                let w = &self.params[layer.weights.clone()];
                let grad_in = &mut self.grad_in[..batch * k];
                kernels::dense_input_grad(delta, w, n, k, grad_in);
                let z = &self.pre[l - 1][..batch * k];
                let a = &self.post[l - 1][..batch * k];
                self.activation
                    .backward_slice(z, a, grad_in, &mut self.delta[..batch * k]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, Stream};

    /// A 3 -> 4 -> 2 tanh network with distinct parameters, set through `params_mut`.
    fn small(max_batch: usize) -> Mlp {
        let mut mlp = Mlp::new(&[3, 4, 2], Activation::Tanh, max_batch);
        for (i, p) in mlp.params_mut().iter_mut().enumerate() {
            *p = 0.3 * ((i as f32) * 0.7).sin();
        }
        mlp
    }

    /// The network's maths in f64 from the module doc's layout: per layer, z = W a + b
    /// (W fan_out x fan_in, row-major), then tanh on hidden layers. Returns every layer's z
    /// and output, batch x fan_out.
    fn reference(mlp: &Mlp, x: &[f32], batch: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
        let mut a: Vec<f64> = x.iter().map(|&v| v as f64).collect();
        let last = mlp.layers().len() - 1;
        let mut layers = Vec::new();
        for (l, layer) in mlp.layers().iter().enumerate() {
            let (k, n) = (layer.fan_in, layer.fan_out);
            let (w, b) = (
                &mlp.params()[layer.weights.clone()],
                &mlp.params()[layer.biases.clone()],
            );
            let mut z = vec![0.0; batch * n];
            for s in 0..batch {
                for j in 0..n {
                    let dot: f64 = (0..k).map(|i| w[j * k + i] as f64 * a[s * k + i]).sum();
                    z[s * n + j] = dot + b[j] as f64;
                }
            }
            let out: Vec<f64> = if l < last {
                z.iter().map(|&v| libm::tanh(v)).collect()
            } else {
                z.clone()
            };
            a = out.clone();
            layers.push((z, out));
        }
        layers
    }

    fn assert_close(got: &[f32], want: &[f64], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: length");
        for (g, w) in got.iter().zip(want) {
            assert!((*g as f64 - w).abs() < 1e-5, "{what}: {g} vs {w}");
        }
    }

    #[test]
    fn layers_tile_the_flat_buffer_weights_then_biases() {
        let mlp = Mlp::new(&[3, 4, 2], Activation::Relu, 5);
        let ranges: Vec<_> = mlp
            .layers()
            .iter()
            .map(|l| (l.fan_in, l.fan_out, l.weights.clone(), l.biases.clone()))
            .collect();
        assert_eq!(ranges, [(3, 4, 0..12, 12..16), (4, 2, 16..24, 24..26)]);
        assert_eq!((mlp.params().len(), mlp.grads().len()), (26, 26));
        assert_eq!((mlp.activation(), mlp.max_batch()), (Activation::Relu, 5));
        assert_eq!(mlp.weights(1), &mlp.params()[16..24]);
        assert_eq!(mlp.biases(0), &mlp.params()[12..16]);
    }

    #[test]
    fn forward_computes_each_layer_as_its_definition() {
        let mut mlp = small(4);
        let x: Vec<f32> = (0..9).map(|i| (i as f32 * 0.37).cos()).collect();
        // A batch of 3 in caches sized for 4: only the batch's rows are read and shown.
        let logits = mlp.forward(&x, 3).to_vec();
        let want = reference(&mlp, &x, 3);
        assert_close(&logits, &want[1].1, "logits");
        for (l, (z, out)) in want.iter().enumerate() {
            assert_close(mlp.pre_activations(l), z, "pre-activations");
            assert_close(mlp.outputs(l), out, "outputs");
        }
        // Parameters changed through either mutable access take effect in the next forward.
        mlp.params_mut()[24] += 1.0;
        let moved = mlp.forward(&x, 3).to_vec();
        for s in 0..3 {
            assert!((moved[2 * s] - logits[2 * s] - 1.0).abs() < 1e-6);
        }
        mlp.params_and_grads().0[25] -= 2.0;
        assert!((mlp.forward(&x, 3)[1] - logits[1] + 2.0).abs() < 1e-6);
    }

    #[test]
    fn backward_gives_the_chain_rule_of_the_definition() {
        let mut mlp = small(2);
        let x = [0.5, -1.0, 0.25, 1.5, 0.75, -0.5];
        // Loss = sum of logits * c for fixed c: dLoss/dlogits = c.
        let c = [0.3, -0.7, 1.1, 0.2];
        mlp.forward(&x, 2);
        mlp.backward(&x, &c);
        let loss = |mlp: &Mlp| -> f64 {
            let logits = &reference(mlp, &x, 2)[1].1;
            logits.iter().zip(&c).map(|(l, c)| l * *c as f64).sum()
        };
        let h = 1e-3;
        for i in 0..mlp.params().len() {
            let mut up = mlp.clone();
            up.params_mut()[i] += h as f32;
            let mut down = mlp.clone();
            down.params_mut()[i] -= h as f32;
            let fd = (loss(&up) - loss(&down)) / (2.0 * h);
            assert!(
                (mlp.grads()[i] as f64 - fd).abs() < 1e-3,
                "param {i}: {} vs {fd}",
                mlp.grads()[i]
            );
        }
        assert_eq!(mlp.weight_grads(0), &mlp.grads()[0..12]);
    }

    #[test]
    fn initialize_draws_weights_and_biases_from_their_schemes() {
        let mut mlp = Mlp::new(&[3, 4, 2], Activation::Tanh, 1);
        let weights = Init::from_json(
            "constant",
            Some(&serde_json::json!({"value": 0.25})),
            "init",
        )
        .unwrap();
        let biases = Init::from_json("random_normal", None, "biasInit").unwrap();
        let mut rng = seeded(5, Stream::Init);
        mlp.initialize(&weights, &biases, &mut rng);
        for l in 0..2 {
            assert!(mlp.weights(l).iter().all(|&w| w == 0.25));
            let b = mlp.biases(l);
            assert!(b.iter().all(|&b| b != 0.0 && b.abs() < 0.5), "{b:?}");
        }
    }
}
