// search.js: the search dialog (an ES module). site.js loads it only when a visitor starts a
// search: focus on the search button, a click on it, or the "/" key. It then loads Pagefind's
// engine from this site (pagefind/pagefind.js), which fetches only the index chunks a query needs
// and one small fragment per result shown. Nothing a visitor types leaves the browser.
//
// The dialog's markup is in overrides/partials/search-dialog.html (words from mkdocs.yml).
// It is a modal <dialog>: focus moves in when it opens and back when it closes; Esc closes it.
// Results are a list of links with excerpts; the status line is a live region.

const STEP = 8; // results shown at once; "Show more" adds as many again
const DEBOUNCE_MS = 150;

let api = null;

export function mount(siteRoot) {
  api ??= loadDialog(siteRoot).then(() => create(siteRoot));
  return api;
}

// The dialog's markup (overrides/partials/search-dialog.html, rendered once per build) is not in
// every page: it comes with the first search, next to the button in the header.
async function loadDialog(siteRoot) {
  const response = await fetch(new URL("assets/javascripts/search-dialog.json", siteRoot));
  if (!response.ok) throw new Error(`search dialog: HTTP ${response.status}`);
  const { html } = await response.json();
  const opener = document.querySelector("[data-kb-search-open]");
  opener.insertAdjacentHTML("afterend", html);
  opener.setAttribute("aria-controls", "kb-search-dialog");
}

function create(siteRoot) {
  const dialog = document.querySelector("[data-kb-search-dialog]");
  const opener = document.querySelector("[data-kb-search-open]");
  const form = dialog.querySelector("[data-kb-search-form]");
  const input = dialog.querySelector("[data-kb-search-input]");
  const status = dialog.querySelector("[data-kb-search-status]");
  const list = dialog.querySelector("[data-kb-search-results]");
  const more = dialog.querySelector("[data-kb-search-more]");
  const kindNames = Object.fromEntries(
    [...form.querySelectorAll("input[data-kb-tag]")].map((radio) => [radio.value, radio.dataset.kbTag]),
  );
  // The header stays across instant navigation, so these links must not be relative to a page.
  dialog.querySelectorAll("[data-kb-search-path]").forEach((a) => {
    a.href = new URL(a.dataset.kbSearchPath, siteRoot).href;
  });

  // The stylesheet goes next to the dialog, in the header: instant navigation keeps the header but
  // replaces what it does not know in <head>.
  const styles = loadStyles(new URL("assets/stylesheets/search.css", siteRoot).href, dialog.parentElement);
  let ready = false;
  const engine = loadEngine(siteRoot);
  engine.then(
    () => (ready = true),
    () => {}, // reported when a search needs it
  );
  let returnFocusTo = null;
  let current = null; // {query, kind, results, shown}
  let searchNumber = 0;

  function say(template, values = {}) {
    status.textContent = Object.entries(values).reduce((text, [k, v]) => text.replaceAll(`{${k}}`, v), template);
  }

  async function open() {
    if (dialog.open) return;
    returnFocusTo = document.activeElement && document.activeElement !== document.body ? document.activeElement : opener;
    await styles;
    dialog.showModal();
    input.focus();
    input.select();
  }

  function close() {
    if (!dialog.open) return;
    dialog.close();
  }

  dialog.addEventListener("close", () => {
    const target = returnFocusTo && returnFocusTo.isConnected ? returnFocusTo : opener;
    target.focus();
  });

  async function run(immediate = false) {
    const query = input.value.trim();
    const kind = form.elements["kb-search-kind"].value;
    const mine = ++searchNumber;
    list.setAttribute("aria-busy", "true"); // until this search (or a newer one) has its results
    try {
      if (!query) {
        current = null;
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "";
        return;
      }
      if (!immediate) await delay(DEBOUNCE_MS);
      if (mine !== searchNumber) return;
      if (!ready) say(status.dataset.kbLoading);
      const pagefind = await engine;
      const search = await pagefind.search(query, kind ? { filters: { kind } } : {});
      if (mine !== searchNumber) return;
      current = { query, kind, results: search.results, shown: 0 };
      list.replaceChildren();
      await showMore(false);
      if (mine !== searchNumber) return;
      const n = search.results.length;
      say(n === 0 ? status.dataset.kbNone : n === 1 ? status.dataset.kbOne : status.dataset.kbMany, {
        n: String(n),
        q: query,
      });
    } catch (err) {
      if (mine !== searchNumber) return;
      say(status.dataset.kbError);
      console.error("Search could not load:", err);
    } finally {
      if (mine === searchNumber) list.removeAttribute("aria-busy");
    }
  }

  async function showMore(moveFocus) {
    const state = current;
    const next = state.results.slice(state.shown, state.shown + STEP);
    const data = await Promise.all(next.map((r) => r.data()));
    if (state !== current) return;
    const items = data.map((d) => resultItem(d, kindNames)).filter(Boolean);
    list.append(...items);
    state.shown += next.length;
    more.hidden = state.shown >= state.results.length;
    if (moveFocus && items.length) items[0].querySelector("a").focus();
  }

  input.addEventListener("input", () => run());
  form.addEventListener("change", (event) => {
    if (event.target.name === "kb-search-kind") run(true);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });
  more.addEventListener("click", () => showMore(true));
  dialog.querySelector("[data-kb-search-close]").addEventListener("click", close);

  dialog.addEventListener("click", (event) => {
    // A click on the backdrop (outside the dialog's box) closes it; so does choosing a result.
    if (event.target === dialog) close();
    else if (event.target.closest("a[href]")) close();
  });

  dialog.addEventListener("keydown", (event) => {
    // Keys pressed in the dialog belong to it: Material's page shortcuts (n, p, ...) stay quiet.
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault(); // a search field would only clear itself on the first Esc
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (document.activeElement === input && event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      event.preventDefault();
      if (event.key === "ArrowDown") links[Math.min(at + 1, links.length - 1)].focus();
      else if (at === 0) input.focus();
      else links[at - 1].focus();
    }
  });

  return { open, close, engine };
}

function resultItem(data, kindNames) {
  const url = new URL(data.url, location.href);
  if (url.origin !== location.origin) return null; // results only ever point into this site
  const li = document.createElement("li");
  li.className = "kb-search__result";
  const link = document.createElement("a");
  link.className = "kb-search__result-link";
  link.href = url.href;
  link.textContent = data.meta?.title || url.pathname;
  li.append(link);
  const kind = data.filters?.kind?.[0];
  if (kind && kindNames[kind]) {
    const tag = document.createElement("span");
    tag.className = "kb-search__result-kind";
    tag.textContent = kindNames[kind];
    li.append(" ", tag);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "kb-search__excerpt";
  excerpt.append(...highlighted(data.excerpt || ""));
  li.append(excerpt);
  return li;
}

// Pagefind's excerpt is text with <mark> around the words found. Keep exactly that: text and
// <mark>, nothing else, whatever a page's content holds.
export function highlighted(excerptHtml) {
  const doc = new DOMParser().parseFromString(`<p>${excerptHtml}</p>`, "text/html");
  const out = [];
  for (const node of doc.body.firstChild?.childNodes || []) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function loadEngine(siteRoot) {
  return import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
    // The engine runs in this page (no worker): one file fewer to fetch, and the index is small.
    await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 24, noWorker: true });
    await pagefind.init();
    return pagefind;
  });
}

function loadStyles(href, where) {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve); // unstyled is still usable
    where.append(link);
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
