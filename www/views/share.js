// The Share / Embed dialog: a link to the page as it is (preset, edited settings, open views)
// and an iframe snippet of its embed mode, a compact card with those views as tabs.

/**
 * The recommended height of an embedded widget, in CSS pixels: the embed card (style.css) fits
 * every preset's views in it with no inner scrolling. The README and the example notes use it.
 */
export const EMBED_HEIGHT = 560;

/** The page's Share / Embed dialog. */
export class ShareDialog {
  #dialog;
  #links;

  /**
   * Wires the copy buttons of `dialog` (the page's <dialog id="share-dialog">); `links()`
   * returns {page, embed, title}, the URLs to share and what the widget shows, read each time
   * the dialog opens.
   */
  constructor(dialog, links) {
    this.#dialog = dialog;
    this.#links = links;
    for (const copy of dialog.querySelectorAll("[data-copy]")) {
      copy.addEventListener("click", async () => {
        const field = this.#field(copy.dataset.copy);
        const status = this.#field("share-status");
        field.select();
        try {
          await navigator.clipboard.writeText(field.value);
          status.textContent = "Copied.";
        } catch {
          status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
        }
      });
    }
  }

  /** Fills in the links of the page as it is now and opens the dialog. */
  open() {
    const { page, embed, title } = this.#links();
    this.#field("share-link").value = page;
    this.#field("share-embed").value =
      `<iframe src="${embed}" title="initlab: ${escapeAttribute(title)}" width="100%" height="${EMBED_HEIGHT}" loading="lazy"></iframe>`;
    this.#field("share-status").textContent = "";
    this.#dialog.showModal();
  }

  /** The dialog's element with id `id`. */
  #field(id) {
    return this.#dialog.querySelector(`#${id}`);
  }
}

/** `text` safe inside a double-quoted HTML attribute. */
function escapeAttribute(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
