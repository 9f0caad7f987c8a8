// letters.js: turns a printable letter with blanks into a form with a live preview.
// The page already works without JavaScript: the letter prints with a labelled blank for every
// slot. This script reveals the form that the page carries (hidden), and fills the same letter
// in as the family types. What they type is written as text, never as HTML. It stays in this
// page's memory: no request, no storage, and the form is emptied when the page comes back from
// the browser's back-forward cache.
"use strict";

function mountLetter(root) {
  if ("kbMounted" in root.dataset) return;
  root.dataset.kbMounted = "";
  const t = JSON.parse(root.dataset.kbStrings);
  const form = root.querySelector(".kb-letter__form");
  const sheet = root.querySelector("[data-kb-letter]");
  const status = form.querySelector(".kb-letter__status");
  const fallback = form.querySelector(".kb-letter__fallback");
  const inputs = [...form.elements].filter((el) => el.name && el.closest(".kb-field"));
  const byName = Object.fromEntries(inputs.map((el) => [el.name, el]));
  // The blanks as printed, to put back when a box is emptied again.
  const blanks = [...sheet.querySelectorAll("[data-kb-slot]")].map((slot) => ({
    slot,
    blank: slot.textContent,
  }));

  // Dates are written the way the page's language writes them ("May 3, 2026", "3 de mayo de 2026").
  function formatDate(date) {
    return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long" }).format(date);
  }

  // A date typed as YYYY-MM-DD, read as that day where the reader is.
  function typedDate(value) {
    const [y, m, d] = value.split("-").map(Number);
    return formatDate(new Date(y, m - 1, d));
  }

  function valueOf(name) {
    if (name === "today") return formatDate(new Date());
    const el = byName[name];
    if (!el) return "";
    if (el.type === "checkbox") return el.checked ? "yes" : "";
    const value = el.value.trim();
    return value && el.type === "date" ? typedDate(value) : value;
  }

  function update() {
    blanks.forEach(({ slot, blank }) => {
      const value = valueOf(slot.dataset.kbSlot);
      slot.textContent = value || blank;
      slot.classList.toggle("kb-letter__blank--filled", Boolean(value));
    });
    sheet.querySelectorAll(".kb-letter__p").forEach((p) => {
      const when = p.dataset.kbWhen;
      const unless = p.dataset.kbUnless;
      p.hidden = Boolean((when && !valueOf(when)) || (unless && valueOf(unless)));
    });
  }

  // The letter as plain text: what Copy and Download give, and what prints.
  function letterText() {
    const parts = [...sheet.querySelectorAll(".kb-letter__p")].filter((p) => !p.hidden);
    return parts.map((p) => p.textContent).join("\n\n") + "\n";
  }

  function setError(el, message) {
    const error = form.querySelector(`#${CSS.escape(el.id)}-error`);
    const described = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    const others = described.filter((id) => id !== error.id);
    if (message) {
      error.textContent = message;
      error.hidden = false;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", [...others, error.id].join(" "));
    } else {
      error.textContent = "";
      error.hidden = true;
      el.removeAttribute("aria-invalid");
      if (others.length) el.setAttribute("aria-describedby", others.join(" "));
      else el.removeAttribute("aria-describedby");
    }
  }

  function labelOf(el) {
    const label = form.querySelector(`label[for="${CSS.escape(el.id)}"]`).cloneNode(true);
    label.querySelectorAll(".kb-field__optional").forEach((s) => s.remove());
    return label.textContent.trim();
  }

  // Every required box filled in; else say which, next to each box, and go to the first.
  function check() {
    const bad = [];
    inputs.forEach((el) => {
      if (el.type === "checkbox") return;
      const message = el.required && !el.value.trim() ? t.letter_required.replace("{label}", labelOf(el)) : "";
      setError(el, message);
      if (message) bad.push(el);
    });
    if (bad.length) {
      status.textContent = t.letter_errors.replace("{n}", bad.length);
      bad[0].focus();
      return false;
    }
    return true;
  }

  function say(message) {
    status.textContent = message;
  }

  async function copy() {
    if (!check()) return;
    const text = letterText();
    fallback.hidden = true;
    try {
      await navigator.clipboard.writeText(text);
      say(t.letter_copied);
    } catch {
      // No clipboard (an insecure page, or permission refused): offer the text to copy by hand.
      const box = fallback.querySelector("textarea");
      box.value = text;
      fallback.hidden = false;
      box.focus();
      box.select();
      say(t.letter_copy_failed);
    }
  }

  function download() {
    if (!check()) return;
    const blob = new Blob([letterText()], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = root.dataset.kbFilename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    say(t.letter_downloaded);
  }

  function print() {
    if (check()) window.print();
  }

  function clear() {
    form.reset();
    inputs.forEach((el) => el.type !== "checkbox" && setError(el, ""));
    fallback.hidden = true;
    fallback.querySelector("textarea").value = "";
    say("");
    update();
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (check()) say(t.letter_ready);
  });
  const actions = { copy, download, print };
  form.querySelectorAll("[data-kb-action]").forEach((button) => {
    button.addEventListener("click", () => actions[button.dataset.kbAction]());
  });
  root.kbClear = clear;

  root.querySelectorAll("[data-kb-if]").forEach((marker) => marker.remove());
  root.querySelector(".kb-letter__nojs").hidden = true;
  form.hidden = false;
  clear();
}

// Coming back with the Back button must not show what was typed before.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  document.querySelectorAll('[data-kb-component="letter"]').forEach((root) => root.kbClear && root.kbClear());
});

document$.subscribe(() => {
  document.querySelectorAll('[data-kb-component="letter"]').forEach(mountLetter);
});
