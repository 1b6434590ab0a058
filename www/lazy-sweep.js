// The depth sweep as the page holds it before and after its code loads. The sweep's code (the
// DepthSweep, its plan, the worker pool, its statistics) is an eighth of the page's scripts
// and most students never open it: it loads when the page first needs it (the Depth view
// opens, a link carries sweep settings, a script runs a sweep). Until then the sweep has its
// default settings, writes nothing into the link and is not running.

import { Lazy } from "./lazy.js";

/** The page's depth sweep, loaded on first need (see the header). Emits "change" as DepthSweep does. */
export class LazySweep extends Lazy {
  #runs = null;

  /** Gives the DepthSweep, just loaded, the page's runs. */
  prepare(sweep) {
    if (this.#runs) sweep.setRuns(this.#runs);
  }

  /** Whether a sweep is training. */
  get running() {
    return this.loaded?.running ?? false;
  }

  /** Gives the sweep the page's runs (their full configs), now or once it loads. */
  setRuns(configs) {
    this.#runs = configs;
    this.loaded?.setRuns(configs);
  }

  /** What a link writes of the sweep (DepthSweep.linkState): nothing before it loads. */
  linkState() {
    return this.loaded?.linkState() ?? null;
  }

  /**
   * Takes the settings a link gives (readHash's `sweep`, null for none), loading the sweep when
   * there are any; resolves with whether the link asks to run it (DepthSweep.applyLink).
   */
  async applyLink(raw, notices) {
    if (raw === null && this.loaded === null) return false;
    return (await this.load()).applyLink(raw, notices);
  }
}
