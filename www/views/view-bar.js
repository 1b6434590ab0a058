// The view toggles: one button per view section of the page (its data-view id and data-toggle
// label), pressed while the view is open. A preset opens the views of its story; any other is
// one click away.

/** The row of view toggles. */
export class ViewBar {
  #buttons = new Map();

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
    }
    const label = document.createElement("span");
    label.className = "picker-label";
    label.textContent = "Show:";
    root.replaceChildren(label, ...this.#buttons.values());
  }

  /** Marks the views in `open` (ids) as pressed. */
  setOpen(open) {
    for (const [id, button] of this.#buttons) button.setAttribute("aria-pressed", String(open.includes(id)));
  }
}
