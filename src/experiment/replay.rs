//! What a script needs to replay a run step for step in another library: the run's data, its
//! initial parameters and its batch order, each drawn from the config's seeds by the very code
//! `Run` draws them with.

use super::{dataset, drawn_network, BatchOrder};
use crate::config::Config;
use crate::data::Dataset;
use crate::mlp::Mlp;

/// A run's start and the samples of its first mini-batches.
#[derive(Debug, Clone)]
pub struct Replay {
    /// The dataset as `Run::data` gives it: features raw, before standardization.
    pub data: Dataset,
    /// The network with its weights and biases as drawn (caches for one sample only): for
    /// `lsuv`, before the data pass, which a script makes itself on the data it carries.
    pub mlp: Mlp,
    /// The training-sample index of every sample of the first `steps` mini-batches, batch by
    /// batch: `steps x batch_size` indices into the training set.
    pub batches: Vec<u32>,
}

impl Replay {
    /// The replay of a validated config's first `steps` steps.
    pub fn new(config: &Config, steps: u32) -> Replay {
        let data = dataset(config);
        let mut order = BatchOrder::new(config.seed, data.train_len());
        let samples = steps as usize * config.batch_size;
        // Training sets hold at most `maxSamples` (5000) samples, so an index fits in a u32.
        let batches = (0..samples).map(|_| order.next_sample() as u32).collect();
        Replay {
            mlp: drawn_network(config, 1),
            data,
            batches,
        }
    }
}
