//! Gradient-descent optimizers over the network's flat parameter buffer: SGD, momentum,
//! RMSProp and Adam, with Keras's update rules and hyper-parameters.
//!
//! Square roots use `f32::sqrt`: IEEE 754 rounds it correctly on every platform (one
//! `f32.sqrt` instruction on wasm), so it is as deterministic as `libm` and far faster there.

use crate::error::ConfigError;

/// Keras SGD's `momentum`: v <- MOMENTUM v - lr g; w <- w + v.
pub const MOMENTUM: f32 = 0.9;
/// Keras RMSprop's `rho`, the decay of the running mean of g^2.
pub const RMSPROP_RHO: f32 = 0.9;
/// Keras RMSprop's `epsilon`, added to the mean square inside the square root.
pub const RMSPROP_EPSILON: f32 = 1e-7;
/// Keras Adam's `beta_1`, the decay of the first-moment (mean gradient) estimate.
pub const ADAM_BETA1: f32 = 0.9;
/// Keras Adam's `beta_2`, the decay of the second-moment (mean g^2) estimate.
pub const ADAM_BETA2: f32 = 0.999;
/// Keras Adam's `epsilon` ("epsilon hat" of Kingma and Ba), added to sqrt(v).
pub const ADAM_EPSILON: f32 = 1e-7;

/// Which update rule an `Optimizer` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// Plain gradient descent: w <- w - lr g.
    Sgd,
    /// SGD with (heavy-ball) momentum, Keras's form: v <- 0.9 v - lr g; w <- w + v.
    Momentum,
    /// RMSProp, Keras's form: s <- rho s + (1 - rho) g^2; w <- w - lr g / sqrt(s + eps).
    RmsProp,
    /// Adam, Keras's form: m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
    /// w <- w - lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps). The bias corrections are
    /// folded into the step size, so eps acts on the uncorrected sqrt(v).
    Adam,
}

impl OptimizerKind {
    /// Every optimizer, in the order the page lists them.
    pub const ALL: [OptimizerKind; 4] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
    ];

    /// The stable id used in configs, URLs and the JS API.
    pub fn id(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    /// The name a student reads on the page.
    pub fn label(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Momentum => "SGD + momentum",
            OptimizerKind::RmsProp => "RMSProp",
            OptimizerKind::Adam => "Adam",
        }
    }

    /// Parses an id; the error names the `optimizer` field and lists the allowed ids.
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        Self::ALL.into_iter().find(|k| k.id() == id).ok_or_else(|| {
            ConfigError::unknown_id("optimizer", id, &Self::ALL.map(OptimizerKind::id))
        })
    }

    /// The page's starting learning rate: sgd 0.1, momentum 0.05, rmsprop and adam 0.003,
    /// chosen so the demo networks train within a few hundred steps. Keras's own defaults are
    /// 0.01 for SGD (with or without momentum) and 0.001 for RMSprop and Adam.
    pub fn default_learning_rate(self) -> f32 {
        match self {
            OptimizerKind::Sgd => 0.1,
            OptimizerKind::Momentum => 0.05,
            OptimizerKind::RmsProp | OptimizerKind::Adam => 0.003,
        }
    }
}

/// An optimizer with its per-parameter state, sized once for a network's `n_params`
/// parameters (the whole network's flat buffer; nothing is allocated per step).
#[derive(Debug, Clone)]
pub struct Optimizer {
    kind: OptimizerKind,
    learning_rate: f32,
    /// Momentum's velocity v, or Adam's first moment m (empty for SGD and RMSProp).
    first: Vec<f32>,
    /// RMSProp's mean square s, or Adam's second moment v (empty for SGD and momentum).
    second: Vec<f32>,
    /// params_after - params_before of the last step.
    update: Vec<f32>,
    /// b1^t and b2^t for Adam's bias corrections, kept as running products (t = steps taken).
    beta1_power: f32,
    beta2_power: f32,
}

impl Optimizer {
    /// An optimizer of `kind` with step size `learning_rate` for `n_params` parameters, its
    /// state zeroed. The learning rate is validated by the caller's config.
    pub fn new(kind: OptimizerKind, learning_rate: f32, n_params: usize) -> Optimizer {
        let uses_first = matches!(kind, OptimizerKind::Momentum | OptimizerKind::Adam);
        let uses_second = matches!(kind, OptimizerKind::RmsProp | OptimizerKind::Adam);
        Optimizer {
            kind,
            learning_rate,
            first: vec![0.0; if uses_first { n_params } else { 0 }],
            second: vec![0.0; if uses_second { n_params } else { 0 }],
            update: vec![0.0; n_params],
            beta1_power: 1.0,
            beta2_power: 1.0,
        }
    }

    /// Which update rule this optimizer applies.
    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// The step size lr.
    pub fn learning_rate(&self) -> f32 {
        self.learning_rate
    }

    /// The update applied by the last `step`, params_after - params_before, one per parameter
    /// (zeros before the first step): the diagnostics divide it by the weights for
    /// update-to-weight ratios.
    pub fn last_update(&self) -> &[f32] {
        &self.update
    }

    /// Zeroes the state (velocities, moments, the step count and the last update), as if new.
    pub fn reset(&mut self) {
        self.first.fill(0.0);
        self.second.fill(0.0);
        self.update.fill(0.0);
        self.beta1_power = 1.0;
        self.beta2_power = 1.0;
    }

    /// One update of `params` from `grads` (both the whole network's flat buffers, of length
    /// `n_params`) by this optimizer's rule; records what was applied in `last_update`.
    pub fn step(&mut self, params: &mut [f32], grads: &[f32]) {
        debug_assert!(params.len() == self.update.len() && grads.len() == params.len());
        let lr = self.learning_rate;
        let update = &mut self.update;
        match self.kind {
            OptimizerKind::Sgd => {
                for ((p, &g), u) in params.iter_mut().zip(grads).zip(update) {
                    *u = apply(p, -lr * g);
                }
            }
            OptimizerKind::Momentum => {
                let state = self.first.iter_mut();
                for (((p, &g), u), v) in params.iter_mut().zip(grads).zip(update).zip(state) {
                    *v = MOMENTUM * *v - lr * g;
                    *u = apply(p, *v);
                }
            }
            OptimizerKind::RmsProp => {
                let state = self.second.iter_mut();
                for (((p, &g), u), s) in params.iter_mut().zip(grads).zip(update).zip(state) {
                    *s = RMSPROP_RHO * *s + (1.0 - RMSPROP_RHO) * g * g;
                    *u = apply(p, -lr * g / f32::sqrt(*s + RMSPROP_EPSILON));
                }
            }
            OptimizerKind::Adam => {
                self.beta1_power *= ADAM_BETA1;
                self.beta2_power *= ADAM_BETA2;
                let step_size = lr * f32::sqrt(1.0 - self.beta2_power) / (1.0 - self.beta1_power);
                let moments = self.first.iter_mut().zip(self.second.iter_mut());
                for (((p, &g), u), (m, v)) in params.iter_mut().zip(grads).zip(update).zip(moments)
                {
                    *m = ADAM_BETA1 * *m + (1.0 - ADAM_BETA1) * g;
                    *v = ADAM_BETA2 * *v + (1.0 - ADAM_BETA2) * g * g;
                    *u = apply(p, -step_size * *m / (f32::sqrt(*v) + ADAM_EPSILON));
                }
            }
        }
    }
}

/// Adds `delta` to `*p` and returns the change actually made (after f32 rounding).
fn apply(p: &mut f32, delta: f32) -> f32 {
    let before = *p;
    *p = before + delta;
    *p - before
}

#[cfg(test)]
mod tests {
    use super::*;

    const P0: [f32; 4] = [0.5, -1.25, 2.0, 0.0];
    const G1: [f32; 4] = [0.3, -1.0, 2.5, 0.1];
    const G2: [f32; 4] = [-0.2, -0.5, 2.0, 0.4];

    /// Two steps from P0 with G1 then G2; returns the params after each step.
    fn two_steps(kind: OptimizerKind, lr: f32) -> ([f32; 4], [f32; 4]) {
        let mut opt = Optimizer::new(kind, lr, 4);
        let mut p = P0;
        opt.step(&mut p, &G1);
        let p1 = p;
        opt.step(&mut p, &G2);
        (p1, p)
    }

    fn assert_close(got: &[f32], want: &[f64], what: &str) {
        for (g, w) in got.iter().zip(want) {
            assert!(
                (*g as f64 - w).abs() <= 1e-6 * w.abs().max(1.0),
                "{what}: {g} vs {w}"
            );
        }
    }

    fn f64s(x: [f32; 4]) -> [f64; 4] {
        x.map(f64::from)
    }

    #[test]
    fn sgd_step_is_minus_lr_g_exactly() {
        let lr = 0.1;
        let mut opt = Optimizer::new(OptimizerKind::Sgd, lr, 4);
        let mut p = [0.0; 4];
        opt.step(&mut p, &G1);
        assert_eq!(p, G1.map(|g| -lr * g));
        assert_eq!(opt.last_update(), &p);
        let before = p;
        opt.step(&mut p, &G2);
        for i in 0..4 {
            assert_eq!(p[i], before[i] - lr * G2[i]);
        }
    }

    #[test]
    fn momentum_matches_two_hand_steps() {
        let (lr, m) = (0.05, MOMENTUM as f64);
        let (p1, p2) = two_steps(OptimizerKind::Momentum, lr as f32);
        let (p0, g1, g2) = (f64s(P0), f64s(G1), f64s(G2));
        let v1: Vec<f64> = (0..4).map(|i| -lr * g1[i]).collect();
        let w1: Vec<f64> = (0..4).map(|i| p0[i] + v1[i]).collect();
        let w2: Vec<f64> = (0..4).map(|i| w1[i] + m * v1[i] - lr * g2[i]).collect();
        assert_close(&p1, &w1, "momentum step 1");
        assert_close(&p2, &w2, "momentum step 2");
    }

    #[test]
    fn rmsprop_matches_two_hand_steps() {
        let (lr, rho, eps) = (0.003, RMSPROP_RHO as f64, RMSPROP_EPSILON as f64);
        let (p1, p2) = two_steps(OptimizerKind::RmsProp, lr as f32);
        let (p0, g1, g2) = (f64s(P0), f64s(G1), f64s(G2));
        let s1: Vec<f64> = (0..4).map(|i| (1.0 - rho) * g1[i] * g1[i]).collect();
        let s2: Vec<f64> = (0..4)
            .map(|i| rho * s1[i] + (1.0 - rho) * g2[i] * g2[i])
            .collect();
        let w1: Vec<f64> = (0..4)
            .map(|i| p0[i] - lr * g1[i] / libm::sqrt(s1[i] + eps))
            .collect();
        let w2: Vec<f64> = (0..4)
            .map(|i| w1[i] - lr * g2[i] / libm::sqrt(s2[i] + eps))
            .collect();
        assert_close(&p1, &w1, "rmsprop step 1");
        assert_close(&p2, &w2, "rmsprop step 2");
        // The first step is lr * sign(g) / sqrt(1 - rho), whatever the gradient's size (eps
        // shifts it by eps / (2 (1 - rho) g^2) relative: 5e-5 for the smallest g here).
        for i in 0..4 {
            let want = -lr * g1[i].signum() / libm::sqrt(1.0 - rho);
            assert!(((p1[i] as f64 - p0[i]) - want).abs() < 1e-4 * want.abs());
        }
    }

    #[test]
    fn adam_matches_two_hand_steps() {
        let lr = 0.003;
        let (b1, b2, eps) = (ADAM_BETA1 as f64, ADAM_BETA2 as f64, ADAM_EPSILON as f64);
        let (p1, p2) = two_steps(OptimizerKind::Adam, lr as f32);
        let (p0, g1, g2) = (f64s(P0), f64s(G1), f64s(G2));
        let mut w = p0;
        let (mut m, mut v) = ([0.0; 4], [0.0; 4]);
        let mut want = Vec::new();
        for (t, g) in [(1, g1), (2, g2)] {
            let alpha = lr * libm::sqrt(1.0 - b2.powi(t)) / (1.0 - b1.powi(t));
            for i in 0..4 {
                m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                w[i] -= alpha * m[i] / (libm::sqrt(v[i]) + eps);
            }
            want.push(w);
        }
        assert_close(&p1, &want[0], "adam step 1");
        assert_close(&p2, &want[1], "adam step 2");
        // Bias correction makes the first step lr * sign(g).
        for i in 0..4 {
            let step = p1[i] as f64 - p0[i];
            assert!((step + lr * g1[i].signum()).abs() < 1e-4 * lr, "{step}");
        }
    }

    #[test]
    fn epsilon_damps_the_step_of_a_gradient_near_it() {
        // Keras adds Adam's epsilon to the uncorrected sqrt(v) and RMSprop's to s: for g of the
        // order of epsilon the first step is far below lr, not lr * sign(g).
        let (lr, g) = (0.003, 1e-7);
        let (b1, b2, eps) = (ADAM_BETA1 as f64, ADAM_BETA2 as f64, ADAM_EPSILON as f64);
        let alpha = lr * libm::sqrt(1.0 - b2) / (1.0 - b1);
        let adam = -alpha * (1.0 - b1) * g / (libm::sqrt((1.0 - b2) * g * g) + eps);
        let (rho, eps) = (RMSPROP_RHO as f64, RMSPROP_EPSILON as f64);
        let rmsprop = -lr * g / libm::sqrt((1.0 - rho) * g * g + eps);
        for (kind, want) in [
            (OptimizerKind::Adam, adam),
            (OptimizerKind::RmsProp, rmsprop),
        ] {
            let mut opt = Optimizer::new(kind, lr as f32, 1);
            let mut p = [0.0];
            opt.step(&mut p, &[g as f32]);
            assert!(want.abs() < 0.1 * lr, "{kind:?}: {want}");
            assert!(
                (p[0] as f64 - want).abs() < 1e-5 * want.abs(),
                "{kind:?}: {} vs {want}",
                p[0]
            );
        }
    }

    #[test]
    fn every_optimizer_minimizes_a_quadratic() {
        // f(w) = 1/2 sum a_i (w_i - c_i)^2, gradient a_i (w_i - c_i), from w = 0.
        let a = [1.0, 3.0, 0.5, 2.0];
        let c = [1.0, -2.0, 0.5, 3.0];
        let f = |w: &[f32; 4]| {
            (0..4)
                .map(|i| 0.5 * a[i] * (w[i] - c[i]).powi(2))
                .sum::<f32>()
        };
        for kind in OptimizerKind::ALL {
            let mut opt = Optimizer::new(kind, kind.default_learning_rate(), 4);
            let mut w = [0.0; 4];
            let start = f(&w);
            for _ in 0..3000 {
                let g: [f32; 4] = std::array::from_fn(|i| a[i] * (w[i] - c[i]));
                opt.step(&mut w, &g);
            }
            assert!(f(&w) < 1e-5 * start, "{kind:?}: f = {} from {start}", f(&w));
        }
    }

    #[test]
    fn last_update_is_what_was_applied_and_reset_forgets() {
        for kind in OptimizerKind::ALL {
            let mut opt = Optimizer::new(kind, 0.1, 4);
            let mut p = P0;
            for g in [G1, G2, G1] {
                let before = p;
                opt.step(&mut p, &g);
                for i in 0..4 {
                    assert_eq!(opt.last_update()[i], p[i] - before[i], "{kind:?}");
                }
            }
            opt.reset();
            assert!(opt.last_update().iter().all(|&u| u == 0.0));
            let mut fresh = Optimizer::new(kind, 0.1, 4);
            let (mut a, mut b) = (P0, P0);
            opt.step(&mut a, &G2);
            fresh.step(&mut b, &G2);
            assert_eq!(a, b, "{kind:?} after reset");
            assert_eq!((opt.kind(), opt.learning_rate()), (kind, 0.1));
        }
    }

    #[test]
    fn ids_and_defaults() {
        for kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_id(kind.id()), Ok(kind));
        }
        assert_eq!(
            OptimizerKind::from_id("adagrad").unwrap_err().field,
            "optimizer"
        );
        let lrs = OptimizerKind::ALL.map(OptimizerKind::default_learning_rate);
        assert_eq!(lrs, [0.1, 0.05, 0.003, 0.003]);
    }
}
