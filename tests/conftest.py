"""Shared fixtures: one strict build of the real site per test session, served on 127.0.0.1,
and Playwright driving Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from tests.helpers import ROOT, build

IN_CI = bool(os.environ.get("CI"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def built(tmp_path_factory, site_port):
    """The real site, built strictly with site_url matching the local server (for instant navigation)."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out, site_url=f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built.site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir, site_port):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()


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
