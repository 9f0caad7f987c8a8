// stories.js: filters the story cards in place. Without JavaScript the filters are links to a
// page per plan, age and topic; with it they become toggle buttons (one choice per facet).
"use strict";

function mountStoryFilter(root) {
  const cards = [...root.querySelectorAll(".kb-card")];
  const count = root.querySelector(".kb-stories__count");
  const chosen = {};

  function update() {
    let shown = 0;
    cards.forEach((card) => {
      const match = Object.entries(chosen).every(([facet, value]) =>
        card.dataset["kb" + facet[0].toUpperCase() + facet.slice(1)].split(" ").includes(value));
      card.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = Object.keys(chosen).length === 0 ? ""
      : root.dataset.kbCount.replace("{n}", shown).replace("{total}", cards.length);
  }

  root.querySelectorAll(".kb-facet").forEach((facetEl) => {
    const facet = facetEl.dataset.kbFacet;
    facetEl.querySelectorAll(".kb-facet__link").forEach((link) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kb-facet__button";
      button.textContent = link.textContent;
      button.dataset.kbValue = link.dataset.kbValue;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => {
        const on = chosen[facet] !== button.dataset.kbValue;
        facetEl.querySelectorAll(".kb-facet__button").forEach((b) => b.setAttribute("aria-pressed", "false"));
        if (on) {
          chosen[facet] = button.dataset.kbValue;
          button.setAttribute("aria-pressed", "true");
        } else {
          delete chosen[facet];
        }
        update();
      });
      link.replaceWith(button);
    });
  });
}

document$.subscribe(() => {
  document.querySelectorAll('[data-kb-component="story-filter"]').forEach(mountStoryFilter);
});
