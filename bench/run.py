"""IEP Basics benchmarks: page weight, build scaling, the cost of the glossary, serve rebuild time.

    .venv/bin/python bench/run.py            # everything (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # 1x only, one repetition: a smoke check
    .venv/bin/python bench/run.py --only weight,serve
    .venv/bin/python bench/run.py --profile 10   # cProfile one full build of the 10x synthetic project

Benchmarks, not tests: nothing here fails on a slow machine. Each section prints a Markdown
table; all figures go to bench/out/results.json. Every build runs on a temporary copy, so no
file of the project is touched. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import synth  # noqa: E402

OUT = HERE / "out"
KB = 1000  # kB in the tables are 1,000 bytes
WEIGHT_BUDGET = 15 * KB
SCALE_RATIO_TARGET = 1.5
PER_PAGE_DRIFT = 0.25
MEMORY_LIMIT_MB = 1024
GLOSSARY_TARGET = 1.5
SERVE_TARGET = 3.0


# ---------------------------------------------------------------- output helpers

def table(headers: list[str], rows: list[list]) -> str:
    def cell(v):
        if isinstance(v, float):
            return f"{v:,.2f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def kb(n: float) -> str:
    return f"{n / KB:,.1f} kB"


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> dict:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "markdown", "pymdown-extensions"):
        try:
            from importlib.metadata import version
            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001
            versions[dist] = "?"
    return {"nproc": os.cpu_count(), "free_h": free, "python": platform.python_version(),
            "platform": platform.platform(), "load_avg_start": os.getloadavg(), "versions": versions}


# ---------------------------------------------------------------- a. page weight

def kind_of(url: str) -> str:
    parts = [p for p in url.strip("/").split("/") if p]
    if not parts:
        return "home"
    head = parts[0]
    if head == "which-plan-fits":
        return "questionnaire" if len(parts) > 1 else "which-plan-fits index"
    if head == "stories":
        return "stories index" if len(parts) == 1 else ("story filter" if len(parts) == 3 else "story")
    if head == "glossary":
        return "glossary index" if len(parts) == 1 else "term"
    if head == "plans":
        return "plans index" if len(parts) == 1 else "plan"
    return head


def section_weight(snap: Path, tmp: Path) -> dict:
    say("\n## a. Page weight of the real site (first visit, gzip -9)\n")
    res: dict = {}
    site_ours = tmp / "weight-ours"
    b = measure.run_build(snap, site_ours, strict=True)
    res["strict_build_ok"] = b.ok
    if not b.ok:
        res["strict_warnings"] = [l for l in b.log.splitlines() if l.startswith(("WARNING", "ERROR"))][:20]
        say(f"> The real site does not build with --strict right now ({len(res['strict_warnings'])} warning(s), "
            "first: " + (res["strict_warnings"][0] if res["strict_warnings"] else b.log[-300:]) + ").")
        say("> Measuring a build without --strict instead; the weights are unaffected.\n")
        b = measure.run_build(snap, site_ours, strict=False)
        if not b.ok:
            raise SystemExit("the real site does not build:\n" + b.log[-3000:])
    plain_project = synth.plain_copy_of_real(snap, tmp / "weight-plain-project", synth.rendered_questionnaires(snap))
    site_plain = tmp / "weight-plain"
    bp = measure.run_build(plain_project, site_plain, strict=False)
    if not bp.ok:
        raise SystemExit("the plain Material build failed:\n" + bp.log[-3000:])

    url = synth.SITE_URL
    ours, plain = measure.page_weights(site_ours, url), measure.page_weights(site_plain, url)
    for pages in (ours, plain):
        for p in pages:
            p["kind"] = kind_of(p["url"])
    res["ours"] = {"pages": ours, "search_index": measure.search_index(site_ours)}
    res["plain"] = {"pages": plain, "search_index": measure.search_index(site_plain)}
    for name, site in (("ours", site_ours), ("plain", site_plain)):
        workers = sorted((site / "assets" / "javascripts" / "workers").glob("search*.js"))
        res[name]["search_worker_gzip"] = sum(measure.gz(w.read_bytes()) for w in workers)
        res[name]["glossary_json"] = ({"raw": (site / "glossary.json").stat().st_size,
                                       "gzip": measure.gz((site / "glossary.json").read_bytes())}
                                      if (site / "glossary.json").exists() else None)

    def summ(pages, key):
        return measure.summary([p[key] for p in pages])

    rows = []
    for name, pages in (("ours", ours), ("plain Material", plain)):
        key = "ours" if name == "ours" else "plain"
        t, r, h = summ(pages, "total_gzip"), summ(pages, "requests"), summ(pages, "html_gzip")
        si = res[key]["search_index"]
        rows.append([name, len(pages), kb(t["median"]), kb(t["max"]), int(r["median"]), int(r["max"]),
                     kb(h["median"]), kb(h["max"]), kb(si["raw"]), kb(si["gzip"])])
        res[key]["summary"] = {"total_gzip": t, "requests": r, "html_gzip": h}
    say(table(["build", "pages", "first visit median", "first visit max", "requests median", "requests max",
               "HTML median", "HTML max", "search index raw", "search index gzip"], rows))

    # What a first visit loads besides the HTML, once (the same on every page of a build).
    say("\nAssets a page loads (gzip -9), taken from the home page:\n")
    asset_rows = []
    home = {name: next(p for p in pages if p["url"] == "/") for name, pages in (("ours", ours), ("plain", plain))}
    for name, site in (("ours", site_ours), ("plain", site_plain)):
        for a in home[name]["assets"]:
            asset_rows.append([name, a, kb(measure.gz((site / a).read_bytes()))])
    say(table(["build", "asset", "gzip"], asset_rows))
    res["home_assets"] = {k: v["assets"] for k, v in home.items()}

    # By kind of page.
    kinds = sorted({p["kind"] for p in ours})
    plain_by_url = {p["url"]: p for p in plain}
    rows = []
    by_kind = {}
    for k in kinds:
        ko = [p for p in ours if p["kind"] == k]
        kp = [p for p in plain if p["kind"] == k]
        row = {"pages": len(ko), "ours_median": median(p["total_gzip"] for p in ko),
               "ours_max": max(p["total_gzip"] for p in ko),
               "plain_median": median(p["total_gzip"] for p in kp) if kp else None}
        by_kind[k] = row
        rows.append([k, len(ko), kb(row["ours_median"]), kb(row["ours_max"]),
                     kb(row["plain_median"]) if kp else "no plain page", int(median(p["requests"] for p in ko))])
    res["by_kind"] = by_kind
    say("\nBy kind of page (ours; plain Material has only the hand-written pages and the questionnaires):\n")
    say(table(["kind", "pages", "ours median", "ours max", "plain median", "requests"], rows))

    # Same page, ours vs plain.
    matched = [(p, plain_by_url[p["url"]]) for p in ours if p["url"] in plain_by_url]
    deltas = sorted(((o["total_gzip"] - q["total_gzip"], o["url"]) for o, q in matched))
    delta_med = median(d for d, _ in deltas)
    delta_max, delta_max_url = deltas[-1]
    res["matched"] = {"pages": len(matched), "delta_median": delta_med, "delta_max": delta_max,
                      "delta_max_url": delta_max_url,
                      "target_met": delta_max <= WEIGHT_BUDGET}
    qrows = []
    qres = []
    for o, q in matched:
        if o["kind"] != "questionnaire":
            continue
        d = o["total_gzip"] - q["total_gzip"]
        qres.append({"url": o["url"], "ours": o["total_gzip"], "ours_html": o["html_gzip"], "ours_requests": o["requests"],
                     "plain": q["total_gzip"], "plain_requests": q["requests"], "delta": d, "target_met": d <= WEIGHT_BUDGET})
        qrows.append([o["url"], kb(o["total_gzip"]), o["requests"], kb(q["total_gzip"]), q["requests"], kb(d), ok(d <= WEIGHT_BUDGET)])
    res["questionnaires"] = qres
    say(f"\nSame page, ours minus plain Material (target: at most +{kb(WEIGHT_BUDGET)}):\n")
    say(table(["pages compared", "median extra", "max extra", "heaviest extra on", "target"],
              [[len(matched), kb(delta_med), kb(delta_max), delta_max_url, ok(delta_max <= WEIGHT_BUDGET)]]))
    say("\nQuestionnaire pages (plain = the same questionnaire Markdown built as plain Material):\n")
    say(table(["page", "ours", "ours requests", "plain", "plain requests", "extra", "target +15 kB"], qrows))
    heaviest = sorted(ours, key=lambda p: -p["total_gzip"])[:5]
    say("\nHeaviest pages (ours):\n")
    say(table(["page", "kind", "HTML gzip", "first visit", "requests"],
              [[p["url"], p["kind"], kb(p["html_gzip"]), kb(p["total_gzip"]), p["requests"]] for p in heaviest]))
    si_o, si_p = res["ours"]["search_index"], res["plain"]["search_index"]
    gj = res["ours"]["glossary_json"]
    say(f"\nSearch index (loaded by the search worker, not counted above): ours {kb(si_o['raw'])} raw / "
        f"{kb(si_o['gzip'])} gzip; plain {kb(si_p['raw'])} / {kb(si_p['gzip'])}. Search worker script: "
        f"{kb(res['ours']['search_worker_gzip'])} gzip." + (f" glossary.json (not loaded by pages): {kb(gj['raw'])} raw / {kb(gj['gzip'])} gzip." if gj else ""))
    shutil.rmtree(site_ours, ignore_errors=True)
    shutil.rmtree(site_plain, ignore_errors=True)
    return res


# ---------------------------------------------------------------- b. build scaling

def measure_builds(project: Path, site: Path, reps: int, strict: bool) -> dict:
    runs = []
    stats = None
    for i in range(reps):
        b = measure.run_build(project, site, strict=strict)
        if not b.ok:
            raise SystemExit(f"build of {project} failed:\n{b.log[-4000:]}")
        runs.append({"wall": b.wall, "cpu": b.cpu, "max_rss_mb": b.max_rss_mb})
        if stats is None:
            stats = {"pages": len(measure.html_pages(site)), "output_bytes": measure.dir_size(site),
                     "search_index": measure.search_index(site)}
        shutil.rmtree(site, ignore_errors=True)
    return {"runs": runs, **stats, "wall": median(r["wall"] for r in runs), "cpu": median(r["cpu"] for r in runs),
            "max_rss_mb": max(r["max_rss_mb"] for r in runs)}


def section_scaling(snap: Path, tmp: Path, scales: list[int], reps_for) -> dict:
    say("\n## b. Build scaling (synthetic projects, real plugins)\n")
    counts = synth.real_counts(snap)
    res = {"real_counts": counts, "scales": {}}
    for s in scales:
        t0 = time.perf_counter()
        gen = synth.Generator(snap)
        proj = tmp / f"scale-{s}x"
        info = gen.project(proj / "ours", guide_pages=s * counts["guide_pages"], terms=s * counts["terms"],
                           stories=s * counts["stories"],
                           questionnaire_nodes=None if s == 1 else s * counts["questionnaire_nodes"])
        plain = synth.plain_copy(proj / "ours", proj / "plain")
        reps = reps_for(s)
        say(f"- {s}x: {info['guide_pages']} guide pages, {info['terms']} terms, {info['stories']} stories, "
            f"{info['questionnaires']} questionnaire(s) with {info['questionnaire_nodes']} nodes; {reps} build(s) each "
            f"(generated in {time.perf_counter() - t0:.1f} s)")
        ours_runs, plain_runs = [], []
        # Alternate ours and plain so a change in machine load hits both alike.
        for _ in range(reps):
            ours_runs.append(measure_builds(proj / "ours", proj / "site-ours", 1, strict=True))
            plain_runs.append(measure_builds(proj / "plain", proj / "site-plain", 1, strict=False))

        def merge(runs):
            all_runs = [r for x in runs for r in x["runs"]]
            return {**runs[0], "runs": all_runs, "wall": median(r["wall"] for r in all_runs),
                    "cpu": median(r["cpu"] for r in all_runs), "max_rss_mb": max(r["max_rss_mb"] for r in all_runs)}

        o, p = merge(ours_runs), merge(plain_runs)
        res["scales"][s] = {"info": info, "reps": reps, "ours": o, "plain": p,
                            "ratio_wall": o["wall"] / p["wall"], "ratio_cpu": o["cpu"] / p["cpu"],
                            "ours_s_per_page": o["wall"] / o["pages"], "ours_cpu_per_page": o["cpu"] / o["pages"],
                            "plain_s_per_page": p["wall"] / p["pages"], "plain_cpu_per_page": p["cpu"] / p["pages"]}
        shutil.rmtree(proj, ignore_errors=True)

    rows = []
    for s, r in res["scales"].items():
        for name in ("ours", "plain"):
            x = r[name]
            rows.append([f"{s}x", name, x["pages"], r["reps"], x["wall"], x["cpu"], round(x["max_rss_mb"]),
                         mb(x["output_bytes"]), kb(x["search_index"]["raw"]), kb(x["search_index"]["gzip"]),
                         f"{x['wall'] / x['pages'] * 1000:.1f}", f"{x['cpu'] / x['pages'] * 1000:.1f}"])
    say("")
    say(table(["scale", "build", "pages", "runs", "wall s (median)", "CPU s (median)", "peak RSS MB", "output",
               "search index raw", "search index gzip", "wall ms/page", "CPU ms/page"], rows))

    base = res["scales"][scales[0]]
    rows = []
    targets = {"ratio": True, "per_page": True, "memory": True}
    for s, r in res["scales"].items():
        drift_wall = r["ours_s_per_page"] / base["ours_s_per_page"] - 1
        drift_cpu = r["ours_cpu_per_page"] / base["ours_cpu_per_page"] - 1
        r["per_page_drift_wall"], r["per_page_drift_cpu"] = drift_wall, drift_cpu
        ratio_ok = r["ratio_wall"] <= SCALE_RATIO_TARGET
        drift_ok = abs(drift_wall) <= PER_PAGE_DRIFT
        mem_ok = r["ours"]["max_rss_mb"] < MEMORY_LIMIT_MB
        targets["ratio"] &= ratio_ok
        targets["per_page"] &= drift_ok
        if s == max(scales):
            targets["memory"] = mem_ok
        per_page_ratio = r["ours_s_per_page"] / r["plain_s_per_page"]
        rows.append([f"{s}x", f"{r['ratio_wall']:.2f}x ({ok(ratio_ok)})", f"{r['ratio_cpu']:.2f}x",
                     f"{per_page_ratio:.2f}x", f"{drift_wall:+.0%} ({ok(drift_ok)})", f"{drift_cpu:+.0%}",
                     f"{round(r['ours']['max_rss_mb'])} MB" + (f" ({ok(mem_ok)})" if s == max(scales) else "")])
    res["targets"] = targets
    say(f"\nTargets: ours/plain at most {SCALE_RATIO_TARGET}x (wall); ours s/page within {PER_PAGE_DRIFT:.0%} of 1x; "
        f"peak memory under {MEMORY_LIMIT_MB} MB at {max(scales)}x.\n")
    say(table(["scale", "ours/plain wall", "ours/plain CPU", "ours/plain per page", "ours s/page vs 1x (wall)",
               "ours s/page vs 1x (CPU)", "ours peak RSS"], rows))
    return res


# ---------------------------------------------------------------- c. glossary cost

def section_glossary(snap: Path, tmp: Path, terms: int, pages: int, reps: int) -> dict:
    say(f"\n## c. What the glossary costs ({terms:,} terms, {pages:,} pages)\n")
    counts = synth.real_counts(snap)
    variants = {}
    for name, with_glossary in (("with glossary", True), ("without glossary", False)):
        gen = synth.Generator(snap, seed=7)  # same seed: the same pages in both variants
        info = gen.project(tmp / "gloss" / name.replace(" ", "-"), guide_pages=pages, terms=terms,
                           stories=counts["stories"], questionnaire_nodes=None, with_glossary=with_glossary)
        variants[name] = {"info": info}
    runs = {k: [] for k in variants}
    for _ in range(reps):
        for name in variants:
            proj = tmp / "gloss" / name.replace(" ", "-")
            runs[name].append(measure_builds(proj, tmp / "gloss" / "site", 1, strict=True))
    rows = []
    for name, v in variants.items():
        rs = [r for x in runs[name] for r in x["runs"]]
        v.update({"runs": rs, "pages": runs[name][0]["pages"], "wall": median(r["wall"] for r in rs),
                  "cpu": median(r["cpu"] for r in rs), "max_rss_mb": max(r["max_rss_mb"] for r in rs),
                  "output_bytes": runs[name][0]["output_bytes"], "search_index": runs[name][0]["search_index"]})
        rows.append([name, v["info"]["terms"], v["pages"], len(rs), v["wall"], v["cpu"], round(v["max_rss_mb"]),
                     mb(v["output_bytes"]), kb(v["search_index"]["gzip"])])
    w, wo = variants["with glossary"], variants["without glossary"]
    res = {"terms": terms, "pages": pages, "reps": reps, "variants": variants,
           "ratio_wall": w["wall"] / wo["wall"], "ratio_cpu": w["cpu"] / wo["cpu"]}
    res["target_met"] = res["ratio_wall"] <= GLOSSARY_TARGET
    say(table(["variant", "terms", "pages built", "runs", "wall s (median)", "CPU s (median)", "peak RSS MB", "output",
               "search index gzip"], rows))
    say(f"\nWith/without: {res['ratio_wall']:.2f}x wall, {res['ratio_cpu']:.2f}x CPU "
        f"(target: at most {GLOSSARY_TARGET}x, {ok(res['target_met'])}). The variant without the glossary keeps "
        f"the {wo['info']['terms']} terms the plan files name, with no related terms and no links.")
    shutil.rmtree(tmp / "gloss", ignore_errors=True)
    return res


# ---------------------------------------------------------------- d. serve rebuild

def section_serve(snap: Path, tmp: Path, reps: int) -> dict:
    say("\n## d. Rebuild time under `mkdocs serve` (real site)\n")
    proj = tmp / "serve-project"
    shutil.copytree(snap, proj, symlinks=True)
    server = measure.Server(proj)
    res: dict = {"edits": []}
    try:
        t0 = time.perf_counter()
        first = server.wait_for(r"Serving on", 0, 600)
        if first is None:
            raise SystemExit("mkdocs serve did not start:\n" + server.log()[-3000:])
        res["first_build_seconds"] = first[0] - t0
        time.sleep(2)  # let the watcher settle
        targets = [proj / "docs" / "guide" / "what-is-an-iep.md", proj / "glossary" / "iep.yml"]
        for _ in range(reps):
            for path in targets:
                hit = measure.measure_edit(server, path)
                if hit is None:
                    raise SystemExit("no rebuild seen after editing " + str(path) + ":\n" + server.log()[-3000:])
                hit["kind"] = "guide page" if path.suffix == ".md" else "glossary YAML"
                res["edits"].append(hit)
                time.sleep(1.5)
    finally:
        server.stop()
    rows = []
    for kind in ("guide page", "glossary YAML"):
        xs = [e for e in res["edits"] if e["kind"] == kind]
        secs = [e["seconds"] for e in xs]
        logged = [e["build_seconds_logged"] for e in xs if e["build_seconds_logged"] is not None]
        res[kind] = {"median": median(secs), "max": max(secs), "target_met": max(secs) < SERVE_TARGET}
        rows.append([kind, xs[0]["file"], len(xs), median(secs), max(secs),
                     f"{median(logged):.2f}" if logged else "n/a", ok(max(secs) < SERVE_TARGET)])
    say(table(["edit", "file", "edits", "s to reload (median)", "s to reload (max)", "build s logged (median)",
               f"target < {SERVE_TARGET:.0f} s"], rows))
    say(f"\nFirst build when the server starts: {res['first_build_seconds']:.1f} s.")
    shutil.rmtree(proj, ignore_errors=True)
    return res


# ---------------------------------------------------------------- profiling

def profile(snap: Path, tmp: Path, scale: int) -> dict:
    say(f"\n## Profile: one build of the {scale}x synthetic project under cProfile\n")
    counts = synth.real_counts(snap)
    proj = tmp / f"profile-{scale}x"
    synth.Generator(snap).project(proj, guide_pages=scale * counts["guide_pages"], terms=scale * counts["terms"],
                                  stories=scale * counts["stories"],
                                  questionnaire_nodes=None if scale == 1 else scale * counts["questionnaire_nodes"])
    OUT.mkdir(exist_ok=True)
    prof = OUT / f"profile-{scale}x.prof"
    b = measure.run_build(proj, tmp / "profile-site", strict=True, profile_to=prof)
    if not b.ok:
        raise SystemExit(b.log[-3000:])
    st = pstats.Stats(str(prof))
    total = st.total_tt
    rows, ours = [], []
    for (file, line, fn), (cc, nc, tt, ct, callers) in st.stats.items():
        rows.append((ct, tt, nc, f"{Path(file).name}:{line} {fn}", file))
    say(f"Total {total:.1f} s under the profiler (profile saved to {prof.relative_to(HERE.parent)}).\n")
    say("Top functions by cumulative time:\n")
    top = sorted(rows, key=lambda r: -r[0])[:30]
    say(table(["function", "cumulative s", "own s", "calls"], [[r[3], r[0], r[1], r[2]] for r in top]))
    say("\nOur code (macros/) by cumulative time:\n")
    ours = sorted((r for r in rows if "/macros/" in r[4]), key=lambda r: -r[0])[:20]
    say(table(["function", "cumulative s", "own s", "calls"], [[r[3], r[0], r[1], r[2]] for r in ours]))
    say("\nBy own time (everything):\n")
    own = sorted(rows, key=lambda r: -r[1])[:20]
    say(table(["function", "own s", "cumulative s", "calls"], [[r[3], r[1], r[0], r[2]] for r in own]))
    shutil.rmtree(proj, ignore_errors=True)
    return {"scale": scale, "total_s": total, "profile": str(prof),
            "top_cumulative": [{"fn": r[3], "cum": r[0], "own": r[1], "calls": r[2]} for r in top],
            "macros_cumulative": [{"fn": r[3], "cum": r[0], "own": r[1], "calls": r[2]} for r in ours]}


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1x only, one repetition (a smoke check)")
    ap.add_argument("--only", default="weight,scaling,glossary,serve",
                    help="comma-separated sections: weight, scaling, glossary, serve")
    ap.add_argument("--profile", type=int, metavar="SCALE", help="profile one build of the SCALEx synthetic project")
    ap.add_argument("--reps-50x", type=int, default=1, help="builds per variant at 50x (default 1, to stay near 15 min)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="iep-bench-"))
    results: dict = {"date": dt.date.today().isoformat(), "quick": args.quick, "machine": machine()}
    try:
        snap = synth.snapshot(tmp / "snapshot")
        sections = [s.strip() for s in args.only.split(",") if s.strip()]
        say(f"# IEP Basics benchmarks ({'quick' if args.quick else 'full'} run, {results['date']})\n")
        m = results["machine"]
        say(f"{m['nproc']} CPUs, Python {m['python']}, MkDocs {m['versions']['mkdocs']}, Material "
            f"{m['versions']['mkdocs-material']}; load average at start {m['load_avg_start'][0]:.2f}. "
            "Every build runs on a snapshot of the project in a temporary folder.")
        if args.profile:
            results["profile"] = profile(snap, tmp, args.profile)
            sections = []
        if "weight" in sections:
            results["weight"] = section_weight(snap, tmp)
        if "scaling" in sections:
            scales = [1] if args.quick else [1, 10, 50]
            reps_for = (lambda s: 1) if args.quick else (lambda s: args.reps_50x if s >= 50 else 3)
            results["scaling"] = section_scaling(snap, tmp, scales, reps_for)
        if "glossary" in sections:
            if args.quick:
                counts = synth.real_counts(snap)
                results["glossary"] = section_glossary(snap, tmp, counts["terms"], counts["guide_pages"], 1)
            else:
                results["glossary"] = section_glossary(snap, tmp, 1000, 500, 2)
        if "serve" in sections:
            results["serve"] = section_serve(snap, tmp, 1 if args.quick else 3)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["machine"]["load_avg_end"] = os.getloadavg()
    results["total_seconds"] = time.perf_counter() - started
    OUT.mkdir(exist_ok=True)
    out = OUT / ("results-quick.json" if args.quick else "results.json")
    if args.profile:
        out = OUT / f"profile-{args.profile}x.json"
    if out.exists() and not args.profile:  # a partial run (--only) updates its sections, keeps the others
        try:
            previous = json.loads(out.read_text(encoding="utf-8"))
            results = {**previous, **results}
        except ValueError:
            pass
    out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    say(f"\nDone in {results['total_seconds'] / 60:.1f} min; load average at end "
        f"{results['machine']['load_avg_end'][0]:.2f}. Results: {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
