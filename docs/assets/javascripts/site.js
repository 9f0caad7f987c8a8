// site.js: site-wide touches. Before printing, open closed <details> and give every link its
// full address, so a printed page keeps the sources and where each link goes.
"use strict";

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
