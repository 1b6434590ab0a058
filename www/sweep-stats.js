// The depth sweep's numbers, without the DOM: a cell's outcome as the charts read it, the band
// over seeds (median, lowest and highest) per initialization and depth, and the sweep's table as
// CSV. A diverged network's loss and a target never reached count as Infinity, worse than any
// number, so they stay in the band (at its top) instead of dropping out of it.

import { csvField } from "./csv.js";

/** The CSV's header: one row per network trained (see sweepCsv). */
export const CSV_HEADER = "init,depth,seed,steps,train_loss,steps_to_target,diverged_at";

/**
 * A cell's final training loss as the charts read it: Infinity when the network diverged or its
 * loss over the training set is not finite; 0 stays 0.
 */
export function finalLoss(result) {
  return result.divergedAt !== null || !Number.isFinite(result.trainLoss) ? Infinity : result.trainLoss;
}

/** A cell's steps to the target loss as the charts read them: Infinity when never reached. */
export function stepsToTarget(result) {
  return result.targetReachedAt ?? Infinity;
}

/**
 * The band of `values` over seeds: {median, min, max} (NaN counts as Infinity; the median of an
 * even count is the mean of the middle two), or null for no values.
 */
export function band(values) {
  if (values.length === 0) return null;
  const sorted = values.map((v) => (Number.isNaN(v) ? Infinity : v)).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

/**
 * Per initialization (index into the sweep's inits, `inits` of them) and depth (`depths`), what
 * the seeds trained so far give: {init, depth, seeds (the results in), loss: band of finalLoss,
 * steps: band of stepsToTarget, diverged, notReached (counts)}, initialization by initialization.
 * `cells` are the plan's (see sweep-plan.js), `resultOf(cell)` a cell's result or undefined.
 */
export function summarize(cells, resultOf, inits, depths) {
  const rows = [];
  for (let init = 0; init < inits; init++) {
    for (const depth of depths) {
      const results = cells.filter((c) => c.init === init && c.depth === depth).flatMap((c) => resultOf(c) ?? []);
      rows.push({
        init,
        depth,
        seeds: results.length,
        loss: band(results.map(finalLoss)),
        steps: band(results.map(stepsToTarget)),
        diverged: results.filter((r) => r.divergedAt !== null).length,
        notReached: results.filter((r) => r.targetReachedAt === null).length,
      });
    }
  }
  return rows;
}

/**
 * The sweep's table as CSV (header CSV_HEADER): one row per cell with a result, in plan order:
 * the init's token (`tokens[cell.init]`), the depth, the seed, the steps the network took, its
 * final loss over the training set, the step it reached the target loss and the step it
 * diverged at; a cell is empty where there is no number (not finite, never reached, healthy).
 */
export function sweepCsv(cells, resultOf, tokens) {
  const lines = [CSV_HEADER];
  for (const cell of cells) {
    const result = resultOf(cell);
    if (!result) continue;
    const loss = Number.isFinite(result.trainLoss) ? String(result.trainLoss) : "";
    const fields = [
      csvField(tokens[cell.init]),
      cell.depth,
      cell.seed,
      result.step,
      loss,
      result.targetReachedAt ?? "",
      result.divergedAt ?? "",
    ];
    lines.push(fields.join(","));
  }
  return `${lines.join("\n")}\n`;
}
