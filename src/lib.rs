//! initlab: initialize and train small multilayer perceptrons to see why weight
//! initialization matters. Plain Rust; only `wasm.rs` knows about JavaScript.

#![warn(missing_docs)]

pub mod activation;
pub mod catalog;
#[cfg(feature = "codegen")]
pub mod codegen;
pub mod config;
pub mod csv;
pub mod data;
pub mod diagnostics;
pub mod error;
pub mod experiment;
pub mod history;
pub mod init;
pub mod kernels;
pub mod loss;
pub mod meanfield;
pub mod mlp;
pub mod optim;
pub mod order;
pub mod papers;
pub mod presets;
pub mod quadrature;
pub mod rng;
pub mod trace;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
