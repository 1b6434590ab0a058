// The embed card's view tabs: in embed mode the open views share the card's one view area, a tab
// each (the WAI-ARIA tabs pattern: arrow keys, Home and End move between tabs, one tab in the
// Tab order), instead of a column the reader scrolls inside the frame.

/** The tab list of the open views. */
export class ViewTabs {
  #root;
  #onSelect;
  #labels = new Map();
  #tabs = [];

  /**
   * Renders into `root` (an element with role="tablist") a tab per open view among `sections`
   * (the view sections: data-view id, data-toggle label); `onSelect(id)` runs when one is chosen.
   */
  constructor(root, sections, onSelect) {
    this.#root = root;
    this.#onSelect = onSelect;
    for (const section of sections) this.#labels.set(section.dataset.view, { label: section.dataset.toggle, panel: section.id });
    root.addEventListener("keydown", (event) => this.#key(event));
  }

  /** Shows a tab per view of `open` (ids, in order), `selected` chosen; none for a single view. */
  show(open, selected) {
    this.#tabs = open.map((id) => {
      const { label, panel } = this.#labels.get(id);
      const tab = document.createElement("button");
      tab.type = "button";
      tab.id = `tab-${id}`;
      tab.dataset.view = id;
      tab.textContent = label;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel);
      tab.setAttribute("aria-selected", String(id === selected));
      tab.tabIndex = id === selected ? 0 : -1;
      tab.addEventListener("click", () => this.#onSelect(id));
      return tab;
    });
    this.#root.replaceChildren(...this.#tabs);
    this.#root.hidden = open.length < 2;
  }

  /** Arrow keys, Home and End choose the neighbouring, first or last tab and focus it. */
  #key(event) {
    const at = this.#tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const n = this.#tabs.length;
    const to = { ArrowRight: (at + 1) % n, ArrowLeft: (at + n - 1) % n, Home: 0, End: n - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const id = this.#tabs[to].dataset.view;
    this.#onSelect(id);
    this.#root.querySelector(`#tab-${id}`)?.focus();
  }
}
