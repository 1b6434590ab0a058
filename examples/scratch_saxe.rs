use initlab::teacher::{Regression, RegressionConfig};
use serde_json::json;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base: f64 = args[1].parse().unwrap();
    let maxs: u64 = args[2].parse().unwrap();
    let outputs: u64 = args[3].parse().unwrap();
    for (init, opts) in [
        ("orthogonal", json!({})),
        (
            "glorot_normal",
            json!({"distribution":"untruncated_normal"}),
        ),
    ] {
        for depth in [1usize, 2, 4, 8, 16, 33] {
            let mut line = format!("{init} depth {depth}:");
            for seed in [1u64, 2] {
                let c = RegressionConfig::from_value(&json!({"depth": depth, "init": init, "initOptions": opts, "seed": seed, "learningRate": base / depth as f64, "outputs": outputs})).unwrap();
                let mut r = Regression::new(c);
                let e0 = r.relative_error();
                let t = std::time::Instant::now();
                let p = r.steps_to(0.05, maxs);
                line += &format!(
                    "  e0 {:.3} reached {:?} (err {:.3}, {:.2}s)",
                    e0,
                    p.reached_at,
                    p.relative_error,
                    t.elapsed().as_secs_f64()
                );
            }
            println!("{line}");
        }
    }
}
