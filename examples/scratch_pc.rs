use initlab::config::Config;
use initlab::experiment::Run;
use serde_json::json;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args[1].parse().unwrap();
    for (act, init, opts) in [
        ("linear", "orthogonal", json!({})),
        (
            "linear",
            "glorot_normal",
            json!({"distribution":"untruncated_normal"}),
        ),
        (
            "relu",
            "he_normal",
            json!({"distribution":"untruncated_normal"}),
        ),
    ] {
        for depth in [1usize, 2, 4, 8, 16, 31] {
            for seed in [1u64, 2] {
                let c = Config::from_value(&json!({"dataset":"gauss","hidden": vec![n; depth+1],"activation":act,"init":init,"initOptions":opts,"seed":seed})).unwrap();
                let mut run = Run::new(c).unwrap();
                let t = Instant::now();
                let s = run.jacobian_spectrum(0.0).unwrap();
                let l = depth as f64;
                let edge = (l + 1.0).powf(l + 1.0) / l.powf(l);
                let near0 = s.iter().filter(|&&x| x < 1e-2).count() as f64 / s.len() as f64;
                println!("{act} {init} N={n} L={depth} seed={seed}: max {:.4} min {:.3e} max2 {:.3} edge {:.3} e(L+1) {:.3} ratio {:.3} near0 {:.3} ({:.2}s)", s[0], s[s.len()-1], s[0]*s[0], edge, std::f64::consts::E*(l+1.0), s[0]*s[0]/edge, near0, t.elapsed().as_secs_f64());
            }
        }
    }
}
