// The preset buttons, grouped the way the notes are: what fails, what works, compare all, then
// the paper cards. Labels and groups come from the core's presets() and paperPresets(); the page
// keeps no list of its own.

/** Group headings, in display order. */
const GROUPS = [
  ["fails", "What fails"],
  ["works", "What works"],
  ["compare", "Compare all"],
  ["papers", "From the papers"],
];

export class PresetBar {
  #buttons = new Map();

  /** Renders `presets` into `root`; `onChoose(id)` runs when a button is pressed. */
  constructor(root, presets, onChoose) {
    const groups = GROUPS.map(([group, heading]) => {
      const members = presets.filter((p) => p.group === group);
      const section = document.createElement("div");
      section.className = `preset-group group-${group}`;
      section.setAttribute("role", "group");
      const title = document.createElement("h2");
      title.id = `presets-${group}`;
      title.textContent = heading;
      // "Compare all" is both the heading and its one button: say it once.
      if (members.length === 1 && members[0].label === heading) title.className = "visually-hidden";
      section.setAttribute("aria-labelledby", title.id);
      const list = document.createElement("div");
      list.className = "preset-buttons";
      for (const preset of members) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = preset.label;
        button.setAttribute("aria-pressed", "false");
        button.addEventListener("click", () => onChoose(preset.id));
        this.#buttons.set(preset.id, button);
        list.append(button);
      }
      section.append(title, list);
      return section;
    });
    root.replaceChildren(...groups);
  }

  /** Marks preset `id` as the current one (none for null, once the runs were edited away). */
  setActive(id) {
    for (const [presetId, button] of this.#buttons) button.setAttribute("aria-pressed", String(presetId === id));
  }
}
