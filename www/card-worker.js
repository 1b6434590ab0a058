// A worker of the core's full build that measures the cells of a paper card computed at
// initialization (paperCell: a network's per-layer histograms, a Jacobian's spectrum), off the
// main thread. It answers one message at a time, in order:
//
//   {id, type: "init", module, digits}   instantiate the full build from the page's compiled
//                                        module; `digits`: the digit images, or null (digits.js)
//   {id, type: "cell", card, index, seed}   paperCell(card, index, seed)
//
// and replies {id, ok: true, result} or {id, ok: false, error: {message, field}}.

import init, { loadDigits, paperCell } from "./pkg/initlab_full.js";

const handlers = {
  async init({ module, digits }) {
    await init({ module_or_path: module });
    if (digits) loadDigits(digits);
    return null;
  },
  cell: ({ card, index, seed }) => paperCell(card, index, seed),
};

let queue = Promise.resolve();
self.onmessage = ({ data: { id, type, ...args } }) => {
  queue = queue.then(async () => {
    try {
      self.postMessage({ id, ok: true, result: await handlers[type](args) });
    } catch (error) {
      self.postMessage({ id, ok: false, error: { message: String(error?.message ?? error), field: error?.field ?? null } });
    }
  });
};
