//! The paper cards' claims, reproduced on the core alone with the checks their badges show
//! (`papers::*::verdict`), for the card's seed and a second one, and their theory against
//! closed forms; the at-initialization cards measured cell by cell as the page measures them.

mod common;
use common::assert_checks_hold;
use initlab::papers::{
    glorot_bengio, he, measure, pennington, schoenholz, Card, CellReading, CARDS,
};

/// He et al.: He trains and Glorot stalls at 30 layers, and the step-0 spreads are theory's.
fn he_card_reproduces(seed: u64) {
    let configs: Vec<_> = he::CARD
        .configs()
        .unwrap()
        .into_iter()
        .map(|mut c| {
            c.seed = seed;
            c.data_seed = seed;
            c
        })
        .collect();
    let runs: Vec<_> = configs
        .iter()
        .map(|c| measure(c, he::STEPS).unwrap().0)
        .collect();
    let verdict = he::verdict(&configs, &runs);
    assert_checks_hold(seed, &verdict.checks);
    assert!(verdict.reproduced);
}

#[test]
fn he_card_reproduces_with_the_cards_seed() {
    he_card_reproduces(1);
}

#[test]
fn he_card_reproduces_with_a_second_seed() {
    he_card_reproduces(2);
}

#[test]
fn he_card_expects_the_closed_forms() {
    let configs = he::CARD.configs().unwrap();
    // Glorot on 64 x 64 layers: σ_w² = 64 · 2 / 128 = 1, and ReLU halves the second moment.
    let glorot = he::theory_ratio(&configs[0]);
    assert!((glorot / 0.5f64.powf(14.5) - 1.0).abs() < 1e-6, "{glorot}");
    let he_ratio = he::theory_ratio(&configs[1]);
    assert!((he_ratio - 1.0).abs() < 1e-6, "{he_ratio}");
    assert!((he::chance_loss(&configs[0]) - std::f64::consts::LN_2).abs() < 1e-12);
}

#[test]
fn he_card_fails_readings_that_contradict_the_paper() {
    // Both runs swapped: Glorot's readings as He's and the other way round.
    let configs = he::CARD.configs().unwrap();
    let runs: Vec<_> = configs.iter().map(|c| measure(c, 0).unwrap().0).collect();
    let swapped = [runs[1].clone(), runs[0].clone()];
    let verdict = he::verdict(&configs, &swapped);
    assert!(!verdict.reproduced);
    assert!(verdict.checks[2..].iter().all(|c| !c.passed), "{verdict:?}");
}

/// Schoenholz et al.: the grid of seed `seed` peaks near the critical σ_w², nothing deeper than
/// 6 ξ_c learns much, and the trained region follows ξ_c.
fn schoenholz_card_reproduces(seed: u64) {
    let grid = schoenholz::grid(seed);
    let cells: Vec<CellReading> = grid
        .cells
        .iter()
        .map(|c| CellReading {
            accuracy: measure(&c.config, grid.steps).unwrap().1,
        })
        .collect();
    let verdict = schoenholz::verdict(&grid, &cells);
    assert_checks_hold(seed, &verdict.checks);
}

#[test]
fn schoenholz_card_reproduces_with_the_cards_seed() {
    schoenholz_card_reproduces(1);
}

#[test]
fn schoenholz_card_reproduces_with_a_second_seed() {
    schoenholz_card_reproduces(2);
}

#[test]
fn schoenholz_theory_is_critical_where_chi_is_one() {
    let critical = schoenholz::critical_sigma_w2();
    // The paper's σ_b² = 0.05 puts the order-to-chaos line near σ_w² = 1.76 (its Figure 1).
    assert!((critical - 1.76).abs() < 0.01, "{critical}");
    // ξ_c diverges there and shrinks on both sides.
    assert!(schoenholz::xi_c(critical) > 1000.0);
    assert!(schoenholz::xi_c(1.0) < schoenholz::xi_c(1.5));
    assert!(schoenholz::xi_c(4.0) < schoenholz::xi_c(2.5));
    // In the ordered phase with q* -> the fixed point, ξ_c = -1 / ln χ_1.
    let grid = schoenholz::grid(1);
    assert_eq!(grid.cells.len(), grid.x.values.len() * grid.y.values.len());
    assert!((grid.trains - 0.55).abs() < 1e-12 && (grid.chance - 0.1).abs() < 1e-12);
}

#[test]
fn schoenholz_card_fails_a_grid_that_peaks_elsewhere() {
    // A grid where only the largest σ_w² learns: the peak is far from critical.
    let grid = schoenholz::grid(1);
    let last = grid.x.values.len() - 1;
    let cells: Vec<_> = grid
        .cells
        .iter()
        .map(|c| CellReading {
            accuracy: if c.x == last { 1.0 } else { 0.1 },
        })
        .collect();
    let verdict = schoenholz::verdict(&grid, &cells);
    assert!(
        !verdict.checks[0].passed && !verdict.checks[2].passed,
        "{verdict:?}"
    );
    assert!(!verdict.reproduced);
}

#[test]
fn rank_correlation_is_spearmans() {
    let r = schoenholz::rank_correlation(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]);
    assert!((r - 1.0).abs() < 1e-12);
    let r = schoenholz::rank_correlation(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0]);
    assert!((r + 1.0).abs() < 1e-12);
    // Ties share their mean rank: ranks (1.5, 1.5, 3) against (1, 2, 3).
    let r = schoenholz::rank_correlation(&[5.0, 5.0, 6.0], &[1.0, 2.0, 3.0]);
    assert!((r - 0.866_025_403_784_438_6).abs() < 1e-12, "{r}");
    assert!(schoenholz::rank_correlation(&[1.0, 2.0], &[1.0, 2.0]).is_nan());
}

#[test]
fn every_card_lists_its_words() {
    for card in CARDS {
        assert!(card.paper.citation.contains("20"), "{}", card.preset.id);
        assert!(card.paper.summary.matches(". ").count() >= 1);
        assert!(!card.paper.scaled_down.is_empty());
        assert_eq!(
            Card::by_id(card.preset.id).unwrap().paper.citation,
            card.paper.citation
        );
    }
}

/// Card `id`'s cells measured one by one as the page's workers measure them (`Card::cell`), as
/// the JSON list the page gives back.
fn at_init_cells(id: &str, seed: u64) -> serde_json::Value {
    let card = Card::by_id(id).unwrap();
    let experiment = card.experiment_json();
    assert_eq!(experiment["kind"], "atInit");
    let count = experiment["cells"].as_array().unwrap().len();
    serde_json::Value::Array((0..count).map(|i| card.cell(i, seed).unwrap()).collect())
}

#[test]
fn glorot_bengio_card_measured_cell_by_cell_is_the_cores_experiment() {
    for seed in [glorot_bengio::SEED, 2] {
        let verdict = Card::by_id("glorot2010")
            .unwrap()
            .checks(&at_init_cells("glorot2010", seed))
            .unwrap();
        assert_eq!(
            verdict.checks,
            glorot_bengio::experiment(seed).unwrap().checks
        );
        assert!(verdict.reproduced, "seed {seed}");
    }
}

#[test]
fn pennington_card_measured_cell_by_cell_is_the_cores_experiment() {
    // The card's seed only: tests/card_pennington.rs reproduces the claim on a second seed, and
    // the 15 spectra take seconds.
    let seed = pennington::SEED;
    let measured = at_init_cells("pennington2017", seed);
    let verdict = Card::by_id("pennington2017")
        .unwrap()
        .checks(&measured)
        .unwrap();
    assert_eq!(verdict.checks, pennington::experiment(seed).unwrap().checks);
    assert!(verdict.reproduced);
    // Each cell as the page lists it names the network and depth its measurement has, and the
    // largest singular value theory gives it: 1 for the orthogonal linear network (measured
    // within the isometry tolerance), the Fuss-Catalan edge's root for the Gaussian one (the
    // badge's check, on the squares), none for ReLU.
    let experiment = Card::by_id("pennington2017").unwrap().experiment_json();
    for (cell, spectrum) in experiment["cells"]
        .as_array()
        .unwrap()
        .iter()
        .zip(measured.as_array().unwrap())
    {
        assert_eq!(cell["network"], spectrum["network"]);
        assert_eq!(cell["depth"], spectrum["depth"]);
        let depth = cell["depth"].as_u64().unwrap() as usize;
        let largest = spectrum["singularValues"][0].as_f64().unwrap();
        match cell["network"].as_str().unwrap() {
            "linear, orthogonal" => {
                assert_eq!(cell["theoryLargest"], 1.0);
                assert!((largest - 1.0).abs() <= pennington::ISOMETRY_TOLERANCE);
            }
            "linear, Gaussian" => {
                let edge = cell["theoryLargest"].as_f64().unwrap();
                assert!((edge * edge / pennington::fuss_catalan_edge(depth) - 1.0).abs() < 1e-12);
                let ratio = largest * largest / (edge * edge);
                assert!(
                    (1.0 / pennington::EDGE_FACTOR..=pennington::EDGE_FACTOR).contains(&ratio),
                    "depth {depth}: {ratio}"
                );
            }
            _ => assert!(cell["theoryLargest"].is_null()),
        }
    }
}

#[test]
fn at_init_cards_runs_are_their_cells_networks() {
    let configs = glorot_bengio::CARD.configs().unwrap();
    for (i, init) in glorot_bengio::INITS.iter().enumerate() {
        assert_eq!(
            configs[i],
            glorot_bengio::config(init, glorot_bengio::SEED).unwrap()
        );
    }
    let configs = pennington::CARD.configs().unwrap();
    assert_eq!(configs.len(), pennington::networks().len());
    for (network, config) in configs.iter().enumerate() {
        assert_eq!(
            *config,
            pennington::config(network, 4, pennington::SEED).unwrap()
        );
    }
}

#[test]
fn at_init_cards_refuse_cells_and_readings_of_another_shape() {
    let card = Card::by_id("glorot2010").unwrap();
    assert_eq!(card.cell(2, 1).unwrap_err().field, "cell");
    assert_eq!(
        Card::by_id("he2015").unwrap().cell(0, 1).unwrap_err().field,
        "paper"
    );
    let mut cells = at_init_cells("glorot2010", 1);
    let list = cells.as_array_mut().unwrap();
    list.swap(0, 1);
    assert_eq!(card.checks(&cells).unwrap_err().field, "readings[0]");
    let mut cells = at_init_cells("glorot2010", 1);
    cells[1]["backpropStd"] = serde_json::json!([1.0, 2.0]);
    assert_eq!(card.checks(&cells).unwrap_err().field, "readings[1]");
    let card = Card::by_id("pennington2017").unwrap();
    let spectrum = card.cell(0, 1).unwrap();
    let wrong: Vec<_> = (0..15).map(|_| spectrum.clone()).collect();
    assert_eq!(
        card.checks(&serde_json::Value::Array(wrong))
            .unwrap_err()
            .field,
        "readings[1]"
    );
}
