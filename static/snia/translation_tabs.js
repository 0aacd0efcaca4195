// One tab per language on the change forms of translated models
// (adminsite/translations.py): the fieldsets `.snia-translation` become the
// panels of a tab list (WAI-ARIA tabs pattern: arrow keys move between tabs).
// Without JavaScript the three fieldsets stay one under the other.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const panels = Array.from(document.querySelectorAll("fieldset.snia-translation"));
  if (panels.length < 2) return;
  const list = document.createElement("div");
  list.className = "snia-translation-tabs";
  list.setAttribute("role", "tablist");
  const tabs = panels.map((panel, index) => {
    const heading = panel.querySelector(".fieldset-heading, h2");
    const code = (panel.className.match(/snia-translation-([a-z]+)/) || [])[1] || "";
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `snia-translation-tab-${code || index}`;
    tab.setAttribute("role", "tab");
    tab.lang = code;
    tab.textContent = heading ? heading.textContent.trim() : code;
    if (panel.querySelector(".errorlist, .errors")) tab.classList.add("snia-translation-error");
    panel.id = panel.id || `snia-translation-panel-${code || index}`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    tab.setAttribute("aria-controls", panel.id);
    list.appendChild(tab);
    return tab;
  });
  const select = (chosen) => {
    tabs.forEach((tab, index) => {
      const selected = index === chosen;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[index].hidden = !selected;
    });
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(index));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      // Right to left, the arrows follow the page: → goes back.
      const rtl = getComputedStyle(list).direction === "rtl" && event.key.startsWith("Arrow");
      const next = (index + (rtl ? -step : step) + tabs.length) % tabs.length;
      select(next);
      tabs[next].focus();
    });
  });
  panels[0].before(list);
  // A tab with an error opens first, so a refused save shows why.
  const withError = tabs.findIndex((tab) => tab.classList.contains("snia-translation-error"));
  select(withError === -1 ? 0 : withError);
});
