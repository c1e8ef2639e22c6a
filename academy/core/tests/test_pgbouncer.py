"""The exam's write path works through PgBouncer in transaction pooling (DB_POOLER=pgbouncer).

In transaction pooling consecutive transactions of one Django connection may run on
different server connections: no server-side cursors, no session state, no prepared
statements may be relied on. A PgBouncer on loopback in that mode fronts this suite's
PostgreSQL, and the answer-save and attempt tests run through it in a child pytest.
PostgreSQL only; skipped without pgbouncer.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from academy.core.testing import free_port

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
ROOT = Path(__file__).resolve().parents[3]
THROUGH_POOLER = [
    "academy/exams/tests/test_answer_save_hardening.py",
    "academy/exams/tests/test_predrawn_start.py",
]

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="PgBouncer fronts PostgreSQL",
    ),
    pytest.mark.skipif(not Path(PGBOUNCER).exists(), reason="pgbouncer is not installed"),
]

CONFIG = """
[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {directory}/users.txt
pool_mode = transaction
max_client_conn = 200
default_pool_size = 5
ignore_startup_parameters = extra_float_digits,options
logfile = {directory}/pgbouncer.log
pidfile = {directory}/pgbouncer.pid
"""


def test_the_exam_write_path_passes_through_transaction_pooling():
    db = settings.DATABASES["default"]
    # Not pytest's tmp_path: its parents are private to us, and pgbouncer drops root.
    tmp_path = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    tmp_path.chmod(0o777)
    listen = free_port()
    (tmp_path / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    config = tmp_path / "pgbouncer.ini"
    config.write_text(
        CONFIG.format(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            listen=listen,
            directory=tmp_path,
        )
    )
    command = [PGBOUNCER, str(config)]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "nobody"]  # pgbouncer refuses to run as root
    bouncer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(0.5)
        assert bouncer.poll() is None, bouncer.stdout.read().decode()
        environment = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}@127.0.0.1:{listen}/academy_pgbouncer_{os.getpid()}"
            ),
            "DB_POOLER": "pgbouncer",
        }
        child = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *THROUGH_POOLER],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert child.returncode == 0, child.stdout[-4000:] + child.stderr[-2000:]
        assert " passed" in child.stdout
        assert (tmp_path / "pgbouncer.log").exists()
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=10)
        shutil.rmtree(tmp_path, ignore_errors=True)
