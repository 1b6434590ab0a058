//! The order in which training samples reach the mini-batches: epoch after epoch, each a fresh
//! shuffle of the previous one from the run's batch stream, batches running on across epoch ends.

use rand::seq::SliceRandom;

use crate::rng::{self, Rng, Stream};

/// The training-sample indices a run takes, one after another: `next` gives the next sample of
/// the current epoch's order and, at the end of an epoch (and before the first sample), shuffles
/// the order again (Fisher-Yates, `seed`'s `Stream::Batches`). A batch of size b takes the next b
/// samples, so a batch may end one epoch and start the next.
#[derive(Debug, Clone)]
pub struct BatchOrder {
    rng: Rng,
    order: Vec<usize>,
    cursor: usize,
}

impl BatchOrder {
    /// The order of a run with seed `seed` over `n_train` training samples (`n_train > 0`),
    /// before its first sample.
    pub fn new(seed: u64, n_train: usize) -> BatchOrder {
        BatchOrder {
            rng: rng::seeded(seed, Stream::Batches),
            order: (0..n_train).collect(),
            cursor: n_train,
        }
    }

    /// The next training sample's index, in `0..n_train`.
    pub fn next_sample(&mut self) -> usize {
        if self.cursor == self.order.len() {
            self.order.shuffle(&mut self.rng);
            self.cursor = 0;
        }
        self.cursor += 1;
        self.order[self.cursor - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every epoch is a permutation, epochs differ, and batches run on across epoch ends.
    #[test]
    fn epochs_are_permutations_and_the_seed_fixes_them() {
        let n = 10;
        let mut order = BatchOrder::new(3, n);
        let samples: Vec<usize> = (0..5 * n).map(|_| order.next_sample()).collect();
        for epoch in samples.chunks(n) {
            let mut sorted = epoch.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        }
        assert_ne!(samples[..n], samples[n..2 * n]);
        let mut again = BatchOrder::new(3, n);
        assert!(samples.iter().all(|&s| s == again.next_sample()));
        let mut other = BatchOrder::new(4, n);
        assert!(samples.iter().any(|&s| s != other.next_sample()));
    }
}
