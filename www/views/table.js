// Wide tables on a narrow screen: each sits in its own region that scrolls sideways, focusable
// so a keyboard can scroll it and named so a screen reader says what it holds.

/** An empty table of class `className` inside a scrolling region named `label`: {wrap, table}. */
export function scrollingTable(label, className) {
  const wrap = document.createElement("div");
  wrap.className = "table-scroll";
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", label);
  const table = document.createElement("table");
  table.className = className;
  wrap.append(table);
  return { wrap, table };
}
