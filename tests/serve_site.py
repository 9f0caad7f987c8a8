"""Serve a built site on 127.0.0.1 for the browser tests, until the test run that started it ends.

    python -m tests.serve_site SITE_DIR PORT OWNER_PID

One server serves every pytest-xdist worker, because the site is built once with its address
(instant navigation needs ``site_url`` to match). It stops by itself when OWNER_PID (the pytest
process that controls the run) is gone, so no run leaves a server behind.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(site_dir: str, port: int, owner: int) -> None:
    handler = functools.partial(QuietHandler, directory=site_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.5):
            if not owner_alive(owner):
                server.shutdown()
                return

    threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
