//! initlab: initialize and train small multilayer perceptrons to see why weight
//! initialization matters. Plain Rust; only `wasm.rs` knows about JavaScript.

pub mod activation;
pub mod data;
pub mod error;
pub mod loss;
pub mod optim;
pub mod rng;
