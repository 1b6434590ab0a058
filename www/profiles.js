// What the "layer by layer" charts and the theory table draw beside the measurements: the
// mean-field prediction at initialization (the core's meanField(config)) and the step-0
// readings it predicts. Pure functions of plain numbers, no DOM, so they are tested in Node
// (tests/unit/profiles.test.js).

/**
 * Runs whose step-0 points and theory line a profile chart draws, of `count` runs with run
 * `shown` the one the single-run views show: every run's when there are at most two, else only
 * `shown`'s, so six runs stay readable.
 */
export function detailedRuns(count, shown) {
  return count <= 2 ? Array.from({ length: count }, (_, i) => i) : [shown];
}

/**
 * The per-layer activation spread (std) that `prediction` (a meanField() result, or null)
 * predicts, output layer last as layerStats(); null when there is none or the theory does not
 * apply.
 */
export function predictedSpread(prediction) {
  return prediction?.applies ? prediction.layers.map((layer) => layer.activationStd) : null;
}

/** Hidden activations whose predicted mean is at most this fraction of their spread are zero-mean. */
const ZERO_MEAN = 0.1;

/**
 * Whether `prediction`'s gradient ratios hold for the gradient chart: the theory predicts one
 * sample's gradient, the chart measures a batch's, whose norm adds terms between samples; those
 * vanish on average when every hidden layer's activations have mean zero (tanh, SELU), not
 * otherwise (ReLU's are all positive).
 */
export function gradientTheoryApplies(prediction) {
  if (!prediction?.applies) return false;
  return prediction.layers
    .filter((layer) => layer.hidden)
    .every((layer) => Math.abs(layer.activationMean) <= ZERO_MEAN * layer.activationStd);
}

/**
 * The per-layer gradient norm `prediction` predicts (output layer last), given the readings at
 * step 0 `initialStats`: its ratios between layers (gradientRatio, relative to the last hidden
 * layer) times the last hidden layer's measured step-0 norm, since the theory fixes the shape of
 * the profile, not its scale. Null where gradientTheoryApplies says no, or there is no reading.
 */
export function predictedGradient(prediction, initialStats) {
  if (!gradientTheoryApplies(prediction) || !initialStats) return null;
  const lastHidden = prediction.layers.filter((layer) => layer.hidden).length - 1;
  const anchor = initialStats[lastHidden]?.gradientNorm;
  if (!(anchor > 0 && Number.isFinite(anchor))) return null;
  return prediction.layers.map((layer) => (layer.gradientRatio === null ? null : anchor * layer.gradientRatio));
}

/**
 * The series of a profile chart of `count` runs, [{run, kind}], in drawing order: for each of
 * detailedRuns(count, shown) its "theory" line (where `hasTheory(run)`) and its "step0" points,
 * then every run's "now" points, drawn last so that they stay on top.
 */
export function profileSeries(count, shown, hasTheory) {
  const series = [];
  for (const run of detailedRuns(count, shown)) {
    if (hasTheory(run)) series.push({ run, kind: "theory" });
    series.push({ run, kind: "step0" });
  }
  for (let run = 0; run < count; run++) series.push({ run, kind: "now" });
  return series;
}

/**
 * The y columns of `series` (from profileSeries): `values[kind][run]`, a per-layer list, or an
 * empty one when a run has none of that kind yet.
 */
export function profileColumns(series, values) {
  return series.map(({ run, kind }) => values[kind]?.[run] ?? []);
}

/**
 * "Theory does not apply to Zeros: every weight is 0, ...": the note for a run called `label`
 * whose prediction `prediction` does not apply (its `reason` without the leading "init id: "),
 * or null when it applies or there is none.
 */
export function doesNotApply(label, prediction) {
  if (!prediction || prediction.applies) return null;
  const reason = (prediction.reason ?? "").replace(/^[a-z_]+: /, "");
  return `Theory does not apply to ${label}${reason ? `: ${reason}` : ""}.`;
}

/**
 * The theory table's rows, one per layer (output last): {layer (1-based, or "output"),
 * predicted, initial, now, initialRatio, nowRatio}, the activation spread predicted, measured
 * at step 0 (`initialStats`) and now (`stats`), and measured ÷ predicted (null where the
 * prediction is 0 or a measurement is not finite).
 */
export function theoryRows(prediction, initialStats, stats) {
  const predicted = predictedSpread(prediction);
  if (!predicted) return [];
  const ratio = (measured, theory) => (theory > 0 && Number.isFinite(measured) ? measured / theory : null);
  return predicted.map((theory, l) => {
    const initial = initialStats?.[l]?.activationStd ?? null;
    const now = stats?.[l]?.activationStd ?? null;
    return {
      layer: l === predicted.length - 1 ? "output" : String(l + 1),
      predicted: theory,
      initial,
      now,
      initialRatio: ratio(initial, theory),
      nowRatio: ratio(now, theory),
    };
  });
}
