// Parts of the page whose code loads on first need, not with the page: the depth sweep (most
// students never open it), the paper cards (with the core's full build) and a grid card's
// experiment. A Lazy holds the part once loaded and passes its "change" events on, so the page
// can listen before it exists.

/** A part of the page loaded on first need (see the header); emits the part's "change" events. */
export class Lazy extends EventTarget {
  /** The part once loaded, else null. */
  loaded = null;
  #make;
  #loading = null;

  /** `make()` loads the part's code and resolves with the part (an EventTarget). */
  constructor(make) {
    super();
    this.#make = make;
  }

  /** The part, loading it the first time (a failed load is tried again on the next call). */
  load() {
    this.#loading ??= this.#make().then(
      (part) => {
        this.loaded = part;
        part.addEventListener("change", () => this.dispatchEvent(new Event("change")));
        this.prepare(part);
        return part;
      },
      (error) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Gives the part, just loaded, what it missed before; nothing here. */
  prepare(_part) {}
}
