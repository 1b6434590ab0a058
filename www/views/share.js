// The Share / Embed dialog: a link to the page as it is (preset, edited settings, open views)
// and an iframe snippet of its embed mode, one column with only those views.

/** Height of the embedded frame, in CSS pixels: a story view or two without scrolling. */
const EMBED_HEIGHT = 900;

/** The header's Share / Embed button and its dialog. */
export class ShareDialog {
  /**
   * Wires `button` to open `dialog` (the page's <dialog id="share-dialog">); `links()` returns
   * {page, embed}, the URLs to share, read each time the dialog opens.
   */
  constructor(button, dialog, links) {
    const $ = (id) => dialog.querySelector(`#${id}`);
    const status = $("share-status");
    button.addEventListener("click", () => {
      const { page, embed } = links();
      $("share-link").value = page;
      $("share-embed").value = `<iframe src="${embed}" title="initlab: weight initialization" width="100%" height="${EMBED_HEIGHT}" loading="lazy"></iframe>`;
      status.textContent = "";
      dialog.showModal();
    });
    for (const copy of dialog.querySelectorAll("[data-copy]")) {
      copy.addEventListener("click", async () => {
        const field = $(copy.dataset.copy);
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
}
