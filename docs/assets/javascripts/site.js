// site.js: site-wide touches. Before printing, open closed <details> and give every link its
// full address, so a printed page keeps the sources and where each link goes.
"use strict";

// Component scripts load only where they are used: an element with data-kb-script="NAME" makes
// the page load assets/javascripts/NAME.js, once per visit. The scripts mount through document$,
// which replays the current page to late subscribers, so this works with instant navigation too.
const kbScriptBase = new URL(".", document.currentScript.src);
const kbScriptsLoaded = new Set();
document$.subscribe(() => {
  document.querySelectorAll("[data-kb-script]").forEach((el) => {
    const name = el.dataset.kbScript;
    if (!/^[a-z][a-z-]*$/.test(name) || kbScriptsLoaded.has(name)) return;
    kbScriptsLoaded.add(name);
    const script = document.createElement("script");
    script.src = new URL(`${name}.js`, kbScriptBase).href;
    document.body.append(script);
  });
});

// Material's search dialog has role="dialog" but no name (axe: aria-dialog-name). Name it after
// the search box's own label, in whatever language the theme uses, instead of copying the partial.
const kbSearch = document.querySelector('.md-search[role="dialog"]');
const kbSearchInput = document.querySelector(".md-search__input");
if (kbSearch && kbSearchInput && !kbSearch.hasAttribute("aria-label")) {
  kbSearch.setAttribute("aria-label", kbSearchInput.getAttribute("aria-label"));
}

window.addEventListener("beforeprint", () => {
  document.querySelectorAll(".md-content details:not([open])").forEach((el) => {
    el.setAttribute("open", "");
    el.dataset.kbPrintOpened = "";
  });
  document.querySelectorAll(".md-content a[href]").forEach((a) => {
    a.dataset.kbHref = a.href;
  });
});

window.addEventListener("afterprint", () => {
  document.querySelectorAll("details[data-kb-print-opened]").forEach((el) => {
    el.removeAttribute("open");
    delete el.dataset.kbPrintOpened;
  });
});
