// Code and data out of the page: the selected run as a runnable Keras or PyTorch script (made
// by the core, so it uses the exact initializer the run used, and by default carries the run's
// data, initial weights and batch order to print its numbers), every run's loss history as CSV,
// and the loss chart as PNG.

import { csvField } from "../csv.js";
import { loadFull } from "../full-core.js";
import { script } from "../scripts.js";
import { cssVar } from "./theme.js";

/** How long a download's blob: URL lives, in ms: long enough for the browser to start saving. */
const REVOKE_MS = 30_000;

/** The export buttons of the Share / Embed dialog. */
export class ExportTools {
  /**
   * Wires the buttons of `dialog` (#copy-keras, #copy-pytorch, #download-csv, the fallback
   * #code-fallback with #code-script, and #code-status); the #code-in-kind box asks for a script
   * in kind (fresh draws) rather than the core's default, exact where the script stays small.
   * `source` reads the page each time:
   * {selected() → the selected run's full config, runs() → [{label, history: LossHistory (see
   * trace.js)}] in run order}.
   */
  constructor(dialog, source) {
    const $ = (id) => dialog.querySelector(`#${id}`);
    const status = $("code-status");
    const fallback = $("code-fallback");
    const code = $("code-script");
    const inKind = $("code-in-kind");
    const copy = async (language, name) => {
      status.textContent = `Writing the ${name} script…`;
      try {
        code.value = await script(language, source.selected(), inKind.checked ? { mode: "inKind" } : null);
      } catch (error) {
        status.textContent = `Could not write the ${name} script: ${error.message ?? error}`;
        return;
      }
      try {
        await navigator.clipboard.writeText(code.value);
        fallback.hidden = true;
        status.textContent = `Copied the ${name} script.`;
      } catch {
        fallback.hidden = false;
        code.focus();
        code.select();
        status.textContent = `The clipboard is blocked: the ${name} script is selected below, press Ctrl+C (⌘C) to copy.`;
      }
    };
    $("copy-keras").addEventListener("click", () => copy("keras", "Keras"));
    $("copy-pytorch").addEventListener("click", () => copy("pytorch", "PyTorch"));
    $("download-csv").addEventListener("click", () => {
      download(new Blob([lossCsv(source.runs())], { type: "text/csv" }), "initlab-loss.csv");
      status.textContent = "Downloading initlab-loss.csv.";
    });
    // The dialog is opening: fetch the script generators now, so that a click finds them ready
    // (the clipboard takes text only soon after the click). A failure here shows on the click.
    loadFull().catch(() => {});
    dialog.addEventListener("close", () => {
      fallback.hidden = true;
      status.textContent = "";
    });
  }
}

/** Saves the chart on `canvas` (the loss chart's) as initlab-loss.png, on the page's background. */
export function downloadPng(canvas) {
  opaque(canvas).toBlob((png) => download(png, "initlab-loss.png"), "image/png");
}

/**
 * The loss histories as CSV, one row per history point: the run's label, the first and last
 * step the point covers (the same step until a run is longer than the core keeps step by step),
 * and the mean, min and max mini-batch loss over those steps; a loss cell is empty where it is
 * not finite (a diverged run's last point).
 */
function lossCsv(runs) {
  const lines = ["run,first_step,last_step,mean_loss,min_loss,max_loss"];
  for (const { label, history: h } of runs) {
    for (let k = 0; k < h.length; k++) {
      const first = k * h.stride + 1;
      const losses = [h.mean[k], h.min[k], h.max[k]].map((x) => (Number.isFinite(x) ? String(x) : ""));
      lines.push([csvField(label), first, first + h.count(k) - 1, ...losses].join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A copy of `canvas` on the page's background colour: the chart's own canvas is transparent. */
function opaque(canvas) {
  const copy = document.createElement("canvas");
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext("2d");
  ctx.fillStyle = cssVar("bg");
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return copy;
}

/** Saves `blob` as `name` through an <a download>, revoking its URL afterwards. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_MS);
}
