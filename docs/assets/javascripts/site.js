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

// Search costs nothing until it is used. Focus on the search button (in the header, which stays
// across instant navigation) starts loading search.js and Pagefind; a click, Enter or "/" opens the
// dialog. If the search cannot load, the visitor goes to the site map instead.
const kbSiteRoot = new URL("../../", document.currentScript.src);
const kbSearchOpener = document.querySelector("[data-kb-search-open]");
let kbSearchApi = null;
function kbSearchLoad() {
  kbSearchApi ??= import(new URL("assets/javascripts/search.js", kbSiteRoot).href).then((m) => m.mount(kbSiteRoot));
  return kbSearchApi;
}
function kbSearchOpen() {
  kbSearchLoad().then(
    (search) => search.open(),
    () => location.assign(new URL("site-map/", kbSiteRoot).href),
  );
}
if (kbSearchOpener) {
  kbSearchOpener.addEventListener("focus", kbSearchLoad, { once: true });
  kbSearchOpener.addEventListener("click", kbSearchOpen);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    event.preventDefault();
    kbSearchOpen();
  });
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
