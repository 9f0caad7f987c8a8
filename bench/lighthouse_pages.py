"""Lighthouse (mobile) on chosen pages of built sites, each run several times; the median run by
performance score is kept. Run by bench/run.py with the Python of the shared measuring tools
(../shared/tools/setup-measure installs it), because it reuses their server and Lighthouse runner:

    ~/.cache/iep-measure/venv/bin/python bench/lighthouse_pages.py TOOLS_DIR RUNS SITE:PAGE[,PAGE...] ...

Prints one JSON object: {site: {page: {scores, lcp_ms, tbt_ms, cls, failing, perf_all_runs}}}.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.parse
from pathlib import Path


def main(argv: list[str]) -> int:
    tools, runs, specs = Path(argv[0]), int(argv[1]), argv[2:]
    sys.path.insert(0, str(tools))
    import measure_site as ms  # the shared tool: same server, Chrome flags and Lighthouse version

    chrome = ms.chromium_path()
    out: dict = {}
    for spec in specs:
        site, pages = spec.split(":", 1)
        srv = ms.SiteServer(Path(site))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        results = {}
        for path in pages.split(","):
            name = path.strip("/").replace("/", "_") or "home"
            url = srv.base_url.rstrip("/") + urllib.parse.quote(path)
            done = [ms.run_lighthouse(url, chrome, None, f"{name}-{i}") for i in range(runs)]
            good = sorted((r for r in done if "error" not in r), key=lambda r: r["scores"].get("performance") or 0)
            if not good:
                results[path] = {"error": done[0].get("error", "?")}
                continue
            best = good[(len(good) - 1) // 2]
            results[path] = {
                **{k: best[k] for k in ("scores", "lcp_ms", "tbt_ms", "cls", "fcp_ms", "failing", "lighthouse")},
                "perf_all_runs": [r["scores"].get("performance") for r in good],
                "tbt_all_runs": [r["tbt_ms"] for r in good],
                "runs": len(done),
            }
            print(f"  lighthouse {site} {path}: {results[path]['perf_all_runs']}", file=sys.stderr, flush=True)
        srv.shutdown()
        out[site] = results
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
