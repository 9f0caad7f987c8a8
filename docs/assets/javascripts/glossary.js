// glossary.js: the filter box on the glossary index and the "Copy link" button on term pages.
// Both enhance markup that already works without JavaScript (a plain list; the address as text).
"use strict";

function mountGlossaryFilter(root) {
  const box = root.querySelector(".kb-filter");
  const input = root.querySelector(".kb-filter__input");
  const count = root.querySelector(".kb-filter__count");
  const items = [...root.querySelectorAll(".kb-glossary__group li")];
  const normalise = (s) => s.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const texts = items.map((li) => normalise(li.textContent));
  box.hidden = false;

  function update() {
    const words = normalise(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach((li, i) => {
      const match = words.every((w) => texts[i].includes(w));
      li.hidden = !match;
      if (match) shown += 1;
    });
    root.querySelectorAll(".kb-glossary__group").forEach((group) => {
      group.hidden = !group.querySelector("li:not([hidden])");
    });
    count.textContent = !words.length ? "" : shown === 0 ? count.dataset.kbNone
      : count.dataset.kbTemplate.replace("{n}", shown).replace("{total}", items.length);
  }
  input.addEventListener("input", update);
}

function mountCopyButton(button) {
  const status = button.parentElement.querySelector(".kb-share__status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.kbCopy);
    } catch {
      // No clipboard permission: select the address so the reader can copy it by hand.
      const code = button.parentElement.querySelector(".kb-share__url");
      window.getSelection().selectAllChildren(code);
      return;
    }
    if (status) status.textContent = button.dataset.kbCopied;
  });
}

document$.subscribe(() => {
  document.querySelectorAll('[data-kb-component="glossary-filter"]').forEach(mountGlossaryFilter);
  document.querySelectorAll("[data-kb-copy]").forEach(mountCopyButton);
});
