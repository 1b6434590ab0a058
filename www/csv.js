// CSV as the page's downloads write it (RFC 4180): the loss histories and the depth sweep's table.

/** `text` as one CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(text) {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
