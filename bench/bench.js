// The browser benchmark page's logic (see index.html). Everything runs on this page's main
// thread, so each engine has one core: initlab's wasm (SIMD) and TensorFlow.js's wasm backend
// (SIMD, multithreading off).
//
// First the matmul ceiling: every register-blocked f32x4 kernel of bench/ceiling is timed and
// the fastest is kept. Then for each network: a warm-up of both engines (WARMUP_MS each, so the
// wasm engines have tiered the hot code up and TensorFlow.js has made its kernels and buffers),
// then ROUNDS rounds, each timing initlab, TensorFlow.js and the ceiling kernel back to back
// (in an order that rotates, so slow drift hits all three), initlab and TensorFlow.js training
// for at least ROUND_MS each. The page reports every round; tools/bench.mjs takes the medians,
// and compares each initlab round with the TensorFlow.js and ceiling timings of its own round,
// so load from other processes that comes and goes cancels out of the ratios.
//
// initlab is timed through its public JS API: `new Trainer(config)` then `step(n)` calls with n
// = 2,000 (10,000 for the tiny net), or, as the page trains at 60 frames a second, `round`
// calls of 20 steps that each bring back the light reading the page takes every round: the
// progress, the new loss-history points and the new trace points (by cursor).
//
// TensorFlow.js is timed with its core API the way its guides train a custom model: variables,
// `tf.fused.matMul` with the bias (and ReLU when the net uses it, the gradient TensorFlow.js can
// fuse), `tf.losses`, and `optimizer.minimize`. Its batches are made once, up front, from the
// same training data, so no upload is timed.

import * as tfCore from "/node_modules/@tensorflow/tfjs-core/dist/index.js";
import "/node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js";
import init, { loadDigits, Trainer } from "/www/pkg/initlab.js";

/** TensorFlow.js as its script bundles expect it: a global `tf` that the wasm backend extends. */
const tf = (globalThis.tf = { ...tfCore });
const TFJS_DIST = "/node_modules/@tensorflow/tfjs-backend-wasm/dist/";

/** Milliseconds each timed round lasts at least. */
const ROUND_MS = 400;
/** Milliseconds each engine trains each network before the timed rounds. */
const WARMUP_MS = 1500;
/** Timed rounds per engine and network (default). */
const ROUNDS = 5;
/** Where the ceiling kernels are built (`make bench`). */
const CEILING_WASM = "/target/ceiling/wasm32-unknown-unknown/release/initlab_ceiling.wasm";

/** The benchmark networks: an initlab config, its layer widths, and steps per `step(n)` call. */
export const NETS = [
  {
    id: "tanh-sgd",
    label: "2-64-64-64-1 tanh, SGD, batch 32",
    config: { dataset: "circle", hidden: [64, 64, 64], activation: "tanh", optimizer: "sgd" },
    sizes: [2, 64, 64, 64, 1],
    batch: 32,
    stepsPerCall: 2000,
  },
  {
    id: "tanh-adam",
    label: "2-64-64-64-1 tanh, Adam, batch 32",
    config: { dataset: "circle", hidden: [64, 64, 64], activation: "tanh", optimizer: "adam" },
    sizes: [2, 64, 64, 64, 1],
    batch: 32,
    stepsPerCall: 2000,
  },
  {
    id: "digits-sgd",
    label: "64-128-128-10 relu, softmax CE, SGD, batch 32",
    config: { dataset: "digits", hidden: [128, 128], activation: "relu", optimizer: "sgd" },
    sizes: [64, 128, 128, 10],
    batch: 32,
    stepsPerCall: 2000,
  },
  {
    id: "tanh-sgd-20",
    label: "2-64-64-64-1 tanh, SGD, batch 32, 20 steps a call, light reading",
    config: { dataset: "circle", hidden: [64, 64, 64], activation: "tanh", optimizer: "sgd" },
    sizes: [2, 64, 64, 64, 1],
    batch: 32,
    stepsPerCall: 20,
    light: true,
  },
  {
    id: "digits-sgd-20",
    label: "64-128-128-10 relu, softmax CE, SGD, batch 32, 20 steps a call, light reading",
    config: { dataset: "digits", hidden: [128, 128], activation: "relu", optimizer: "sgd" },
    sizes: [64, 128, 128, 10],
    batch: 32,
    stepsPerCall: 20,
    light: true,
  },
  {
    id: "tiny-sgd",
    label: "2-8-8-1 tanh, SGD, batch 10",
    config: { dataset: "circle", hidden: [8, 8], activation: "tanh", optimizer: "sgd" },
    sizes: [2, 8, 8, 1],
    batch: 10,
    stepsPerCall: 10000,
  },
];

/**
 * Matmul FLOPs of one training step: 2 per multiply-add of the forward pass, the weight
 * gradients and the input gradients (the first layer needs none).
 */
export function stepFlops(sizes, batch) {
  const macs = sizes.slice(1).map((fanOut, l) => sizes[l] * fanOut * batch);
  return 2 * (3 * macs.reduce((a, b) => a + b, 0) - macs[0]);
}

/** Runs `chunk()` (which returns the steps it took) until `ROUND_MS` passed; steps per second. */
function timed(chunk, setUp, finish) {
  const start = performance.now();
  setUp();
  let steps = 0;
  do steps += chunk();
  while (performance.now() - start < ROUND_MS);
  finish();
  return (steps * 1000) / (performance.now() - start);
}

/**
 * One initlab round: a new Trainer, then `step(n)` calls, or for a `light` net `round` calls
 * that also fetch what the loss history and the trace gained, as the page's worker does.
 */
function initlabRound(net) {
  let trainer;
  let held;
  const config = { ...net.config, batchSize: net.batch };
  const light = () => {
    const { history, trace } = trainer.round({ steps: net.stepsPerCall, ...held });
    held = {
      history: { stride: history.stride, points: history.from + history.mean.length },
      trace: { stride: trace.stride, points: trace.from + trace.values.length / (trace.layers * trace.fields.length) },
    };
  };
  return timed(
    () => {
      if (net.light) light();
      else trainer.step(net.stepsPerCall);
      return net.stepsPerCall;
    },
    () => {
      trainer = new Trainer(config);
      held = { history: {}, trace: {} };
    },
    () => trainer.free(),
  );
}

/** Loads a classic script and resolves once it ran. */
function script(src) {
  return new Promise((resolve, reject) => {
    const element = Object.assign(document.createElement("script"), { src });
    element.onload = resolve;
    element.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(element);
  });
}

/** Loads TensorFlow.js's wasm backend and switches to it, single-threaded; reports on it. */
async function setUpTfjs() {
  await script(`${TFJS_DIST}tf-backend-wasm.es2017.min.js`);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  tf.wasm.setWasmPaths(TFJS_DIST);
  if (!(await tf.setBackend("wasm"))) throw new Error("TensorFlow.js: no wasm backend");
  await tf.ready();
  return {
    version: tf.version_core,
    backend: tf.getBackend(),
    simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"),
    threads: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"),
  };
}

/** 16 batches of `net.batch` samples drawn (seeded) from initlab's training set for `net`. */
function tfjsBatches(net) {
  const trainer = new Trainer({ ...net.config, batchSize: net.batch });
  const { inputs, classes, trainX, trainY } = trainer.data();
  trainer.free();
  const outputs = net.sizes.at(-1);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % trainY.length;
  return Array.from({ length: 16 }, () => {
    const x = new Float32Array(net.batch * inputs);
    const y = new Float32Array(net.batch * outputs);
    for (let i = 0; i < net.batch; i++) {
      const s = next();
      x.set(trainX.subarray(s * inputs, (s + 1) * inputs), i * inputs);
      if (outputs === 1) y[i] = trainY[s];
      else y[i * classes + trainY[s]] = 1;
    }
    return { x: tf.tensor2d(x, [net.batch, inputs]), y: tf.tensor2d(y, [net.batch, outputs]) };
  });
}

/**
 * The same network in TensorFlow.js: Glorot-uniform weights (drawn here from a seeded LCG, as
 * TensorFlow.js's own random ops need a module the page does not load), zero biases, the same
 * optimizer and learning rate as initlab's defaults.
 */
function tfjsModel(net) {
  const { sizes, config } = net;
  let seed = 42;
  const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const layers = sizes.slice(1).map((fanOut, l) => {
    const limit = Math.sqrt(6 / (sizes[l] + fanOut));
    const w = Float32Array.from({ length: sizes[l] * fanOut }, () => (2 * uniform() - 1) * limit);
    return {
      w: tf.variable(tf.tensor2d(w, [sizes[l], fanOut])),
      b: tf.variable(tf.zeros([fanOut])),
    };
  });
  const variables = layers.flatMap(({ w, b }) => [w, b]);
  const optimizer = config.optimizer === "adam" ? tf.train.adam(0.003) : tf.train.sgd(0.1);
  const relu = config.activation === "relu";
  const loss = (x, y) => {
    let h = x;
    layers.forEach(({ w, b }, l) => {
      const hidden = l < layers.length - 1;
      h = tf.fused.matMul({ a: h, b: w, bias: b, activation: hidden && relu ? "relu" : "linear" });
      if (hidden && !relu) h = tf.tanh(h);
    });
    return sizes.at(-1) === 1 ? tf.losses.sigmoidCrossEntropy(y, h) : tf.losses.softmaxCrossEntropy(y, h);
  };
  return { variables, optimizer, loss };
}

/** One TensorFlow.js round: `optimizer.minimize` steps over the batches, in chunks of 10. */
function tfjsRound(model, batches, at) {
  return timed(
    () => {
      for (let i = 0; i < 10; i++) {
        const { x, y } = batches[at.i++ % batches.length];
        model.optimizer.minimize(() => model.loss(x, y), false, model.variables);
      }
      return 10;
    },
    () => {},
    () => model.variables[0].dataSync(),
  );
}

/** Calls `round()` until `ms` milliseconds have passed. */
function warmUp(round, ms) {
  const start = performance.now();
  while (performance.now() - start < ms) round();
}

/**
 * One network: warm-up, then rounds of initlab, TensorFlow.js and the ceiling kernel in a
 * rotating order; steps/s of every initlab and TensorFlow.js round, GFLOP/s of every ceiling.
 */
function benchNet(net, rounds, ceiling, log) {
  const batches = tfjsBatches(net);
  const model = tfjsModel(net);
  const at = { i: 0 };
  const engines = {
    initlab: () => initlabRound(net),
    tfjs: () => tfjsRound(model, batches, at),
    ceiling: () => ceiling.time(),
  };
  warmUp(engines.initlab, WARMUP_MS);
  warmUp(engines.tfjs, WARMUP_MS);
  const timings = { initlab: [], tfjs: [], ceiling: [] };
  const names = Object.keys(engines);
  for (let r = 0; r < rounds; r++) {
    for (let e = 0; e < names.length; e++) {
      const name = names[(r + e) % names.length];
      timings[name].push(engines[name]());
    }
  }
  tf.dispose([...model.variables, ...batches.flatMap(({ x, y }) => [x, y])]);
  model.optimizer.dispose();
  const show = (values) => values.map((v) => Math.round(v)).join(" ");
  log(`${net.label}: initlab ${show(timings.initlab)}; TF.js ${show(timings.tfjs)}`);
  return { id: net.id, label: net.label, flops: stepFlops(net.sizes, net.batch), ...timings };
}

/**
 * The ceiling kernels (bench/ceiling): each timed as the best of 5 runs of at least 100 ms;
 * returns their GFLOP/s by name, and `time()`, which times the fastest one again (best of 2).
 */
async function ceilingKernels() {
  const { instance } = await WebAssembly.instantiateStreaming(fetch(CEILING_WASM));
  const kernels = instance.exports;
  const gflops = (name, trials) => {
    let reps = 20;
    let best = 0;
    kernels[name](reps);
    for (let trial = 0; trial < trials; ) {
      const start = performance.now();
      kernels[name](reps);
      const ms = performance.now() - start;
      if (ms < 100) {
        reps *= 2;
        continue;
      }
      best = Math.max(best, (reps * kernels.flops()) / ms / 1e6);
      trial++;
    }
    return best;
  };
  const all = {};
  for (const name of Object.keys(kernels).filter((n) => n.startsWith("mm_"))) {
    all[name] = gflops(name, 5);
  }
  const fastest = Object.keys(all).reduce((a, b) => (all[a] >= all[b] ? a : b));
  return { all, fastest, time: () => gflops(fastest, 2) };
}

/**
 * Runs the whole benchmark: `{env, ceiling, nets: [{id, label, flops, initlab, tfjs,
 * ceiling}]}` with steps/s per round for each engine, GFLOP/s of the fastest ceiling kernel per
 * round, and first GFLOP/s per ceiling kernel. `only` (ids) limits the nets; `rounds` sets the
 * timed rounds.
 */
export async function runBenchmark({ only, rounds = ROUNDS } = {}, log = () => {}) {
  await init();
  // The digits nets train on the digit images, which the wasm build does not carry.
  loadDigits(new Uint8Array(await (await fetch("/data/digits.bin")).arrayBuffer()));
  const env = { userAgent: navigator.userAgent, tfjs: await setUpTfjs() };
  const { version, backend, simd, threads } = env.tfjs;
  log(`TensorFlow.js ${version}: ${backend}, SIMD ${simd}, threads ${threads}`);
  const ceiling = await ceilingKernels();
  log(`ceiling GFLOP/s: ${JSON.stringify(ceiling.all, (k, v) => (k ? +v.toFixed(1) : v))}`);
  const nets = [];
  for (const net of NETS.filter((n) => !only || only.includes(n.id))) {
    nets.push(benchNet(net, rounds, ceiling, log));
  }
  return { env, ceiling: ceiling.all, nets };
}

const out = document.getElementById("log");
const print = (line) => (out.textContent += `${line}\n`);
window.runBenchmark = (options) => runBenchmark(options, print);
window.benchmarkReady = true;
out.textContent = "";
if (!navigator.webdriver) runBenchmark({}, print);
