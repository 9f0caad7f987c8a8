"""A Content-Security-Policy on every page, as a <meta> tag (static hosts may not let us set headers).

Only our own files may run: scripts from this site, plus the exact inline scripts the theme writes,
each allowed by its SHA-256 hash computed when the page is built. Nothing may be framed, posted or
loaded from another host. ``'wasm-unsafe-eval'`` lets the search engine (Pagefind) compile its
WebAssembly; it does not allow eval() of JavaScript.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

POLICY = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' {hashes}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
)


def script_hashes(html: str) -> list[str]:
    """'sha256-...' for every inline script that runs (not JSON data blocks, not scripts with src)."""
    found = []
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m["attrs"].lower()
        if "src=" in attrs or "application/json" in attrs:
            continue
        digest = base64.b64encode(hashlib.sha256(m["body"].encode("utf-8")).digest()).decode("ascii")
        found.append(f"'sha256-{digest}'")
    return sorted(set(found))


def policy(html: str) -> str:
    return "; ".join(POLICY).format(hashes=" ".join(script_hashes(html))).replace("  ", " ")


def add_policy(html: str) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    m = CHARSET.search(html)
    if m is None:
        raise ValueError("the page has no <meta charset> to put the Content-Security-Policy after")
    return html[: m.end()] + "\n      " + meta + html[m.end() :]
