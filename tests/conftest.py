"""Shared fixtures: one strict build of the real site per test run, served on 127.0.0.1, and
Playwright driving Debian's chromium (never a downloaded browser).

With pytest-xdist, the first worker to need the site builds it and starts one server; the
others wait on a lock and reuse both (the build's address must match the server's for instant
navigation). The server stops when the pytest run ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT, BuildResult, build

IN_CI = bool(os.environ.get("CI"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _lock(path: Path):
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the test server did not start on port {port}")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def _shared_site(tmp_path_factory) -> dict:
    """Build and serve the real site once for the whole run (all xdist workers share it)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    info = shared / "site.json"
    with _lock(shared / "site.lock"):
        if info.exists():
            return json.loads(info.read_text())
        port = _free_port()
        site_dir = shared / "site"
        result = build(ROOT, site_dir, site_url=f"http://127.0.0.1:{port}/")
        data = {"returncode": result.returncode, "output": result.output, "site_dir": str(site_dir), "port": port}
        if result.returncode == 0:
            owner = os.getppid() if worker else os.getpid()  # the process that runs the whole session
            subprocess.Popen(
                [sys.executable, "-m", "tests.serve_site", str(site_dir), str(port), str(owner)],
                cwd=ROOT,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _wait_for_port(port)
        info.write_text(json.dumps(data))
        return data


@pytest.fixture(scope="session")
def built(_shared_site) -> BuildResult:
    """The real site, built strictly with site_url matching the local server (for instant navigation)."""
    result = BuildResult(_shared_site["returncode"], _shared_site["output"], Path(_shared_site["site_dir"]))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built.site_dir


@pytest.fixture(scope="session")
def base_url(built, _shared_site) -> str:
    return f"http://127.0.0.1:{_shared_site['port']}/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if chromium is None:
        message = "Debian's chromium is not installed: apt-get install chromium (see README)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": chromium}


@pytest.fixture
def page(context, base_url):
    """A page that fails the test on any request off 127.0.0.1 and on any console error."""
    pg = context.new_page()
    pg.kb_offsite = []
    pg.kb_errors = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            pg.kb_offsite.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("console", lambda msg: pg.kb_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda err: pg.kb_errors.append(str(err)))
    yield pg
    pg.close()
