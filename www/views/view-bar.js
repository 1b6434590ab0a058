// The view toggles: one button per view section of the page (its data-view id and data-toggle
// label), pressed while the view is open. A preset opens the views of its story; any other is
// one click away. A card's own figure (a section marked data-card-view: At initialization, Phase
// diagram, Steps) has its toggle only while a card that draws it is open, or the view is.

/** The row of view toggles. */
export class ViewBar {
  #buttons = new Map();
  /** The ids of the cards' own views (see the header). */
  #cardViews = new Set();

  /** Renders a toggle per `sections` element into `root`; `onToggle(id)` runs on a press. */
  constructor(root, sections, onToggle) {
    for (const section of sections) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = section.dataset.toggle;
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-controls", section.id);
      button.addEventListener("click", () => onToggle(section.dataset.view));
      this.#buttons.set(section.dataset.view, button);
      if ("cardView" in section.dataset) this.#cardViews.add(section.dataset.view);
    }
    const label = document.createElement("span");
    label.className = "picker-label";
    label.textContent = "Show:";
    root.replaceChildren(label, ...this.#buttons.values());
  }

  /** Marks the views in `open` (ids) as pressed; a card's own view shows if open or in `card` (ids). */
  setOpen(open, card) {
    for (const [id, button] of this.#buttons) {
      button.setAttribute("aria-pressed", String(open.includes(id)));
      if (this.#cardViews.has(id)) button.hidden = !open.includes(id) && !card.includes(id);
    }
  }
}
