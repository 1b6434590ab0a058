//! Native benchmarks (divan): one training step of each benchmark network, and the dense-layer
//! kernels on their own. Run with `cargo bench --bench train_step` (or `make bench`).
//!
//! A step is what `Run::step` does per mini-batch: forward, loss and its gradient, backward,
//! optimizer update, on a fixed batch of standard-normal inputs (the data's values do not
//! change the work done). Each result also counts the step's matmul FLOPs, so divan prints
//! the achieved rate next to the time. Native only: the browser benchmark (bench/) times wasm.
#![cfg(not(target_arch = "wasm32"))]

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use initlab::activation::Activation;
use initlab::init::Init;
use initlab::kernels;
use initlab::loss::Loss;
use initlab::mlp::Mlp;
use initlab::optim::{Optimizer, OptimizerKind};
use initlab::rng::{seeded, standard_normal, Stream};

fn main() {
    divan::main();
}

/// One benchmark network: layer widths, activation, loss, optimizer and batch size.
#[derive(Debug, Clone, Copy)]
struct Net {
    sizes: &'static [usize],
    activation: Activation,
    loss: Loss,
    optimizer: OptimizerKind,
    batch: usize,
}

const NETS: [(&str, Net); 4] = [
    (
        "2-64-64-64-1 tanh sgd b32",
        Net {
            sizes: &[2, 64, 64, 64, 1],
            activation: Activation::Tanh,
            loss: Loss::BinaryCrossEntropy,
            optimizer: OptimizerKind::Sgd,
            batch: 32,
        },
    ),
    (
        "2-64-64-64-1 tanh adam b32",
        Net {
            sizes: &[2, 64, 64, 64, 1],
            activation: Activation::Tanh,
            loss: Loss::BinaryCrossEntropy,
            optimizer: OptimizerKind::Adam,
            batch: 32,
        },
    ),
    (
        "64-128-128-10 relu softmax-ce sgd b32",
        Net {
            sizes: &[64, 128, 128, 10],
            activation: Activation::Relu,
            loss: Loss::SoftmaxCrossEntropy,
            optimizer: OptimizerKind::Sgd,
            batch: 32,
        },
    ),
    (
        "2-8-8-1 tanh sgd b10",
        Net {
            sizes: &[2, 8, 8, 1],
            activation: Activation::Tanh,
            loss: Loss::BinaryCrossEntropy,
            optimizer: OptimizerKind::Sgd,
            batch: 10,
        },
    ),
];

/// Matmul FLOPs of one training step: 2 per multiply-add in the forward pass, the weight
/// gradients and the input gradients (which the first layer does not need).
fn step_flops(sizes: &[usize], batch: usize) -> usize {
    let macs: Vec<usize> = sizes.windows(2).map(|p| p[0] * p[1] * batch).collect();
    2 * (3 * macs.iter().sum::<usize>() - macs[0])
}

/// `len` standard-normal values from a fixed seed.
fn normal(len: usize, seed: u64) -> Vec<f32> {
    let mut rng = seeded(seed, Stream::Data);
    (0..len).map(|_| standard_normal(&mut rng) as f32).collect()
}

#[divan::bench(args = NETS.map(|(name, _)| name))]
fn step(bencher: Bencher, name: &str) {
    let net = NETS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a listed net")
        .1;
    let (inputs, outputs) = (net.sizes[0], *net.sizes.last().expect("an output layer"));
    let mut mlp = Mlp::new(net.sizes, net.activation, net.batch);
    let glorot = Init::from_json("glorot_uniform", None, "init").expect("a valid scheme");
    let zeros = Init::from_json("zeros", None, "biasInit").expect("a valid scheme");
    mlp.initialize(&glorot, &zeros, &mut seeded(1, Stream::Init));
    let mut optimizer = Optimizer::new(net.optimizer, 0.01, mlp.params().len());
    let x = normal(net.batch * inputs, 2);
    let mut targets = vec![0.0; net.batch * outputs];
    let classes = outputs.max(2);
    for (i, row) in targets.chunks_exact_mut(outputs).enumerate() {
        net.loss.encode_target(i % classes, classes, row);
    }
    let mut grad = vec![0.0; net.batch * outputs];
    bencher
        .counter(ItemsCount::new(step_flops(net.sizes, net.batch)))
        .bench_local(|| {
            let logits = mlp.forward(&x, net.batch);
            let loss = net
                .loss
                .forward_backward(logits, &targets, outputs, &mut grad);
            mlp.backward(&x, &grad);
            let (params, grads) = mlp.params_and_grads();
            optimizer.step(params, grads);
            loss
        });
}

/// (batch, fan_in, fan_out) of the dense layers the kernels are timed on.
const SHAPES: [(usize, usize, usize); 3] = [(32, 64, 64), (32, 128, 128), (32, 64, 128)];

/// Inputs for one kernel benchmark: x (batch x k), w (n x k), bias (n), delta (batch x n).
fn layer(shape: (usize, usize, usize)) -> (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>) {
    let (b, k, n) = shape;
    (
        normal(b * k, 3),
        normal(n * k, 4),
        normal(n, 5),
        normal(b * n, 6),
    )
}

/// Counts a b x k x n kernel as 2 b k n FLOPs (shown as "bytes" so divan prints a rate).
fn flops((b, k, n): (usize, usize, usize)) -> BytesCount {
    BytesCount::new(2 * b * k * n)
}

#[divan::bench(args = SHAPES)]
fn forward(bencher: Bencher, shape: (usize, usize, usize)) {
    let (b, k, n) = shape;
    let (x, w, bias, _) = layer(shape);
    let mut wt = vec![0.0; k * n];
    kernels::transpose(&w, k, &mut wt);
    let mut out = vec![0.0; b * n];
    bencher
        .counter(flops(shape))
        .bench_local(|| kernels::dense_forward(&x, &wt, &bias, k, &mut out));
}

#[divan::bench(args = SHAPES)]
fn param_grads(bencher: Bencher, shape: (usize, usize, usize)) {
    let (_, k, n) = shape;
    let (x, _, _, delta) = layer(shape);
    let (mut gw, mut gb) = (vec![0.0; n * k], vec![0.0; n]);
    bencher
        .counter(flops(shape))
        .bench_local(|| kernels::dense_param_grads(&delta, &x, k, &mut gw, &mut gb));
}

#[divan::bench(args = SHAPES)]
fn input_grad(bencher: Bencher, shape: (usize, usize, usize)) {
    let (b, k, n) = shape;
    let (_, w, _, delta) = layer(shape);
    let mut dx = vec![0.0; b * k];
    bencher
        .counter(flops(shape))
        .bench_local(|| kernels::dense_input_grad(&delta, &w, n, k, &mut dx));
}
