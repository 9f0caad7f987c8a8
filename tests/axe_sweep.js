// One page of the every-page sweep (tests/test_browser_pages.py): axe with every rule, where the two
// contrast rules check only the text styles this sweep has not yet seen pass or fail.
//
// Contrast comes from CSS alone (the sanitizer drops every style attribute), so text that looks the
// same over the same backgrounds gets the same verdict. A "style" is the text's colour, size, weight,
// shadow and decoration, its parent's colour, and the colour, image, opacity, position and filter of
// each box from it up to the root. A style counts as seen once axe has looked at an element of it,
// except when axe could not judge it for where it sits (then it is offered again on the next page).
async ([seen, options, contrastRules]) => {
  const POSITIONAL = new Set(["bgOverlap", "elmPartiallyObscured", "elmPartiallyObscuring", "outsideViewport"]);
  const known = new Set(seen);
  const boxes = new Map();
  const box = (el) => {
    if (!el || el.nodeType !== 1) return "";
    if (!boxes.has(el)) {
      const s = getComputedStyle(el);
      const own = [s.backgroundColor, s.backgroundImage, s.opacity, s.position, s.mixBlendMode, s.filter,
                   s.clipPath, s.clip, s.display].join(",");
      boxes.set(el, own + ">" + box(el.parentElement));
    }
    return boxes.get(el);
  };
  const styleOf = (el) => {
    const s = getComputedStyle(el);
    const parent = el.parentElement;
    const p = parent ? getComputedStyle(parent) : s;
    return [el.tagName, s.color, s.fontSize, s.fontWeight, s.textShadow, s.textDecorationLine,
            s.textDecorationColor, s.borderBottomStyle, s.borderBottomColor, s.borderBottomWidth,
            parent ? parent.tagName : "", p.color, p.display, box(el)].join(";");
  };
  const picked = new Map();
  const pageStyles = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const control = /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName);
    if (!control && ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!el.checkVisibility({ visibilityProperty: true }) || el.getClientRects().length === 0) continue;
    const style = styleOf(el);
    if (known.has(style) || pageStyles.has(style)) continue;
    pageStyles.add(style);
    picked.set(el, style);
  }
  const off = Object.fromEntries(contrastRules.map((rule) => [rule, { enabled: false }]));
  const rest = await axe.run(document, { ...options, rules: { ...(options.rules || {}), ...off } });
  const violations = rest.violations;
  const judged = [];
  if (picked.size) {
    const contrast = await axe.run(
      { include: [...picked.keys()] },
      { runOnly: { type: "rule", values: contrastRules }, resultTypes: ["violations", "incomplete"], elementRef: true },
    );
    // Text that axe could not judge because of where it sits (something over it, or out of view) is
    // offered again on the next page; any other verdict, or none (axe skips hidden text), is the style's.
    const again = new Set();
    for (const result of contrast.incomplete) {
      for (const node of result.nodes) {
        const reasons = [...node.any, ...node.all, ...node.none].map((check) => check.data?.messageKey);
        if (reasons.some((reason) => POSITIONAL.has(reason))) again.add(node.element);
      }
    }
    for (const [el, style] of picked) if (!again.has(el)) judged.push(style);
    for (const v of contrast.violations) {
      violations.push({ ...v, nodes: v.nodes.map(({ element, ...node }) => node) });
    }
  }
  return { violations, judged: [...new Set(judged)], picked: picked.size };
}
