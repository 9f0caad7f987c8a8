"""Measuring: one MkDocs build in a subprocess (wall time, CPU time, peak memory), first-visit page
weight of a built site, and the live-reload time of ``mkdocs serve``.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from statistics import median
from urllib.parse import urljoin, urlsplit

PYTHON = sys.executable
ASSET_SUFFIXES = {".css", ".js", ".mjs", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"}


def env_for(site_url: str) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass
class Build:
    ok: bool
    wall: float
    cpu: float
    max_rss_mb: float
    log: str = field(repr=False, default="")
    timed_out: bool = False
    load_avg: float = 0.0
    returncode: int = 0  # 1-minute load average when the build started (other work on the machine)


def run_build(
    project: Path,
    site_dir: Path,
    *,
    strict: bool,
    site_url: str = "http://127.0.0.1:8000/",
    profile_to: Path | None = None,
    timeout: float = 1800,
) -> Build:
    """Build ``project`` into ``site_dir``; the child's own rusage gives CPU time and peak RSS."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    cmd = [PYTHON]
    if profile_to is not None:
        cmd += ["-m", "cProfile", "-o", str(profile_to)]
    cmd += ["-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    log_path = site_dir.parent / f".{site_dir.name}.log"
    with open(log_path, "w+", encoding="utf-8") as log:
        load = os.getloadavg()[0]
        timed_out = False
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env_for(site_url), stdout=log, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    log_path.unlink()
    return Build(
        proc.returncode == 0 and not timed_out,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        text,
        timed_out,
        load,
        proc.returncode,
    )


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def pagefind_bundle(site: Path) -> dict:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def search_index(site: Path) -> dict:
    path = site / "search" / "search_index.json"
    data = path.read_bytes() if path.exists() else b""
    return {"raw": len(data), "gzip": gz(data) if data else 0}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            self.refs.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "img" and a.get("srcset"):
            self.refs.extend(part.split()[0] for part in a["srcset"].split(",") if part.strip())


def page_url(site: Path, page: Path, site_url: str) -> str:
    rel = page.relative_to(site).as_posix()
    return site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def page_weights(site: Path, site_url: str) -> list[dict]:
    """Per page: gzip -9 bytes of the HTML plus every local CSS/JS/SVG/image its tags reference, and requests."""
    cache: dict[Path, tuple[int, int]] = {}

    def size(path: Path) -> tuple[int, int]:
        if path not in cache:
            data = path.read_bytes()
            cache[path] = (len(data), gz(data))
        return cache[path]

    out = []
    for page in html_pages(site):
        url = page_url(site, page, site_url)
        html = page.read_bytes()
        parser = _Refs()
        parser.feed(html.decode("utf-8"))
        assets: dict[str, Path] = {}
        missing = []
        for ref in parser.refs:
            full = urljoin(url, ref)
            if not full.startswith(site_url):
                continue
            rel = urlsplit(full).path[len(urlsplit(site_url).path) :]
            if Path(rel).suffix.lower() not in ASSET_SUFFIXES:
                continue
            target = site / rel
            if target.is_file():
                assets[rel] = target
            else:
                missing.append(rel)
        raw_assets = sum(size(p)[0] for p in assets.values())
        gz_assets = sum(size(p)[1] for p in assets.values())
        html_gz = gz(html)
        start = loaded_at_start(site, html.decode("utf-8"), size)
        out.append(
            {
                "url": url[len(site_url) :] or "/",
                "html_raw": len(html),
                "html_gzip": html_gz,
                "assets": sorted(assets),
                "assets_gzip": gz_assets,
                "assets_raw": raw_assets,
                "total_gzip": html_gz + gz_assets,
                "requests": 1 + len(assets),
                "missing": missing,
                **start,
                "first_visit_gzip": html_gz + gz_assets + start["search_at_start_gzip"],
                "first_visit_with_sitemap_gzip": html_gz
                + gz_assets
                + start["search_at_start_gzip"]
                + start["sitemap_gzip"],
            }
        )
    return out


CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def loaded_at_start(site: Path, html: str, size) -> dict:
    """What Material's own JavaScript fetches as the page starts, beyond the files its tags name.

    - Material's search (when its plugin is on): the search worker, which fetches the whole index
      at once (a page with a form named "search" starts both).
    - Instant navigation: sitemap.xml, to know which links it may load in place.
    """
    import json

    m = CONFIG.search(html)
    config = json.loads(m.group(1)) if m else {}
    search = 0
    if 'name="search"' in html:
        workers = sorted((site / "assets" / "javascripts" / "workers").glob("search*.js"))
        index = site / "search" / "search_index.json"
        search = sum(size(w)[1] for w in workers) + (size(index)[1] if index.is_file() else 0)
    sitemap = site / "sitemap.xml"
    instant = "navigation.instant" in (config.get("features") or [])
    return {
        "search_at_start_gzip": search,
        "sitemap_gzip": size(sitemap)[1] if instant and sitemap.is_file() else 0,
    }


def summary(values: list[float]) -> dict:
    return {"median": median(values), "max": max(values), "min": min(values)} if values else {}


# ---------------------------------------------------------------- mkdocs serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``mkdocs serve`` in a subprocess; every log line is kept with the time it arrived."""

    def __init__(self, project: Path, extra_args: tuple[str, ...] = ()):
        self.port = free_port()
        url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", *extra_args],
            cwd=project,
            env=env_for(url),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: str, after: int, timeout: float) -> tuple[float, str] | None:
        """The first line matching ``pattern`` at index >= ``after``; None on timeout or exit."""
        rx = re.compile(pattern)
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            with self.lock:
                for t, line in self.lines[after:]:
                    if rx.search(line):
                        return t, line
            if self.proc.poll() is not None:
                return None
            time.sleep(0.01)
        return None

    def mark(self) -> int:
        with self.lock:
            return len(self.lines)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log(self) -> str:
        with self.lock:
            return "\n".join(line for _, line in self.lines)


BUILT = r"Documentation built in ([0-9.]+) seconds"
RELOADED = r"Reloading browsers"
INDEXED = r"Search index: \d+ pages"  # logged when Pagefind, run in the background under serve, is done


def visible_edit(path: Path, n: int, field: str = "definition") -> str:
    """The text of ``path`` after an edit a reader would see (the ``n``th; each one is new).

    A guide page gets a sentence at its end. In a glossary file, the first word of ``field`` changes
    (``definition``: the term's page; ``short``: its tooltip on every page that uses the term, so
    those pages change too: the costliest ordinary edit of a term). A short definition has a length
    limit, so the length stays about the same.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return text + f"\n\nEdited {n} times.\n"
    head, sep, rest = (
        re.split(rf"(\n{field}: [>|]-?\n)", text, maxsplit=1) if f"\n{field}: " in text else (text, "", "")
    )
    if not sep:
        raise ValueError(f"{path}: no '{field}:' block to edit")
    first, nl, tail = rest.partition("\n")
    indent, words = first[: len(first) - len(first.lstrip())], first.lstrip().split(" ")
    words[0] = f"Edit{n}"
    return head + sep + indent + " ".join(words) + nl + tail


def measure_edit(
    server: Server, path: Path, n: int = 1, field: str = "definition", timeout: float = 120
) -> dict | None:
    """Make the ``n``th visible edit to ``path`` (``visible_edit``); time until the server says the
    rebuild is done."""
    new_text = visible_edit(path, n, field)
    mark = server.mark()
    t0 = time.perf_counter()
    path.write_text(new_text, encoding="utf-8")
    hit = server.wait_for(RELOADED, mark, timeout)
    if hit is None:
        return None
    built = server.wait_for(BUILT, mark, 0.5)
    indexed = server.wait_for(INDEXED, server.mark(), 60)  # this build's index, logged after the reload
    return {
        "file": path.name,
        "seconds": hit[0] - t0,
        "build_seconds_logged": float(built[1] and re.search(BUILT, built[1]).group(1)) if built else None,
        "index_seconds": indexed[0] - t0 if indexed else None,
    }


def as_dict(obj) -> dict:
    return asdict(obj)


# ---------------------------------------------------------------- the cost of a search


TEXT_SUFFIXES = {".js", ".mjs", ".css", ".json", ".html", ".svg", ".txt", ".xml"}


def wire_bytes(path: Path) -> int:
    """What a host sends for a file: gzip -9 for text; Pagefind's chunks and WASM are already compressed."""
    data = path.read_bytes()
    return gz(data) if path.suffix.lower() in TEXT_SUFFIXES else len(data)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def search_cost(site: Path, queries: list[str], page_path: str = "", timeout: float = 120) -> dict:
    """Bytes a browser fetches for search on a built site, in Debian's chromium.

    Loads a page and waits until the network is idle, then presses "/" and types each query,
    waiting until its results are shown. The first query counts everything fetched from the key
    press on (search.js and search.css, the Pagefind engine and WASM, the index chunks and one
    fragment per result shown); each later query counts only what it fetched new.
    """
    from playwright.sync_api import sync_playwright  # a test dependency: only this benchmark needs it

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"

    def local_file(url: str) -> Path | None:
        path = urlsplit(url).path
        target = site / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() else None

    def cost(urls: list[str]) -> dict:
        files = [f for f in (local_file(u) for u in urls) if f is not None]
        return {
            "requests": len(urls),
            "bytes": sum(wire_bytes(f) for f in files),
            "files": sorted({f.relative_to(site).as_posix() for f in files}),
        }

    result: dict = {"page": "/" + page_path, "queries": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"))
            page = browser.new_page()
            seen: list[str] = []
            page.on("requestfinished", lambda r: seen.append(r.url))
            page.goto(base + page_path, wait_until="networkidle", timeout=timeout * 1000)
            result["page_load"] = cost(seen)
            result["search_files_before_use"] = [u for u in seen if "/pagefind/" in u or u.endswith("/search.js")]
            mark = len(seen)
            page.keyboard.press("/")
            for n, query in enumerate(queries):
                if n:
                    mark = len(seen)
                page.fill("#kb-search-input", query)
                page.wait_for_function(
                    "() => !document.querySelector('[data-kb-search-results]').hasAttribute('aria-busy')",
                    timeout=timeout * 1000,
                )
                page.wait_for_load_state("networkidle")
                shown = page.locator(".kb-search__result").count()
                result["queries"].append({"query": query, "results_shown": shown, **cost(seen[mark:])})
            browser.close()
    finally:
        server.shutdown()
    return result
