"""gunicorn settings the bench passes with -c: the worker's GIL switch interval.

A gthread worker hands every request from its poller thread to a pool thread and back;
with CPython's default switch interval (5 ms) each hand-off can wait that long for the
GIL while another thread runs Python. BENCH_SWITCH_INTERVAL (seconds) sets it per worker.
"""

import os
import sys


def post_fork(server, worker):
    interval = os.environ.get("BENCH_SWITCH_INTERVAL")
    if interval:
        sys.setswitchinterval(float(interval))
