// Style sheets of the parts of the page whose code loads on first need (the paper cards, the
// lesson): added with that code, so the default page downloads only the styles it shows. A
// module adds its sheet with a top-level await, so its importer finds the styles applied.

/** Per sheet URL, the promise of its loading. */
const added = new Map();

/** Adds the style sheet at `url` to the page once; resolves when it applies, rejects (and may be
 * tried again) if it cannot load. */
export function addStyleSheet(url) {
  const href = String(url);
  if (!added.has(href)) {
    added.set(
      href,
      new Promise((resolve, reject) => {
        const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
        link.addEventListener("load", () => resolve());
        link.addEventListener("error", () => {
          added.delete(href);
          link.remove();
          reject(new Error(`could not load the style sheet ${href}`));
        });
        document.head.append(link);
      }),
    );
  }
  return added.get(href);
}
