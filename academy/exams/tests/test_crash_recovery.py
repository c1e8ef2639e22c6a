"""Reliability: the app server is killed (SIGKILL) in the middle of attempts and restarted.

Every answer the server acknowledged is still there, the deadline fixed at start is
unchanged (the timer kept running), and the listener resumes where they were. The server
is a real gunicorn on a SQLite file of its own, driven over HTTP.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

SEED = """
import json, sys
import django
django.setup()
sys.path.insert(0, {root!r})
from bench.exam_load import seed
exam_id, people = seed(1)
print(json.dumps({{"exam": exam_id, "session": people[0][1]}}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "academy.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the whole process group: master and workers die mid-request."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def request(
        self,
        method: str,
        path: str,
        cookies: str = "",
        csrf: str = "",
        body: bytes | None = None,
        token: str = "",
    ):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": cookies, "X-CSRFToken": csrf}
        if token:  # the attempt page's save token, as attempt.js sends it
            headers["X-Attempt-Token"] = token
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheader("Location"), response.read()
        finally:
            conn.close()


@pytest.fixture
def server_env(tmp_path):
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'crash.sqlite3'}",
            "VAR_DIR": str(tmp_path),
            "DEBUG": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AXES_ENABLED": "false",
            "DJANGO_SETTINGS_MODULE": "academy.settings",
        }
    )
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env, tmp_path / "crash.sqlite3"


@pytest.mark.clause("TR-21")
def test_acknowledged_answers_and_the_deadline_survive_a_killed_server(server_env):
    env, database = server_env
    seeded = subprocess.run(
        [PYTHON, "-c", SEED.format(root=str(ROOT))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    csrf = secrets.token_hex(16)
    cookies = f"sessionid={ids['session']}; csrftoken={csrf}"
    server = Server(env)
    server.start()
    try:
        status, location, _ = server.request(
            "POST", f"/kk/exams/{ids['exam']}/start/", cookies, csrf
        )
        assert status == 302 and "/attempts/" in location
        attempt_id = int(location.rstrip("/").rsplit("/", 1)[1])
        page = server.request("GET", location, cookies, csrf)[2].decode()
        token = re.search(r'data-save-token="([0-9a-f]+)"', page)[1]
        with sqlite3.connect(database) as db:
            deadline_before = db.execute(
                "select deadline from exams_attempt where id = ?", [attempt_id]
            ).fetchone()[0]

        acknowledged: list[int] = []
        stop = threading.Event()

        def answer_continuously() -> None:
            for position in range(1, 51):
                if stop.is_set():
                    return
                body = json.dumps({"position": position, "answer": "0", "seq": 1}).encode()
                try:
                    status, _l, _b = server.request(
                        "POST",
                        f"/kk/exams/attempts/{attempt_id}/answer/",
                        cookies,
                        csrf,
                        body,
                        token=token,
                    )
                except OSError:
                    return  # the server died under this request: it was never acknowledged
                if status == 200:
                    acknowledged.append(position)

        saver = threading.Thread(target=answer_continuously)
        saver.start()
        while len(acknowledged) < 15 and saver.is_alive():
            time.sleep(0.01)
        server.kill()
        stop.set()
        saver.join(timeout=15)
        assert len(acknowledged) >= 15

        server.start()  # a new server over the same database
        with sqlite3.connect(database) as db:
            saved = {
                row[0]
                for row in db.execute(
                    "select position from exams_attemptitem where attempt_id = ? and answer is not null",
                    [attempt_id],
                )
            }
            deadline_after, state = db.execute(
                "select deadline, status from exams_attempt where id = ?", [attempt_id]
            ).fetchone()
        assert set(acknowledged) <= saved
        assert deadline_after == deadline_before
        assert state == "in_progress"

        # The listener resumes: the page opens and the next answer is taken.
        page = server.request("GET", f"/kk/exams/attempts/{attempt_id}/", cookies, csrf)
        assert page[0] == 200
        next_position = max(saved) + 1
        body = json.dumps({"position": next_position, "answer": "1", "seq": 1}).encode()
        resumed = server.request(
            "POST", f"/kk/exams/attempts/{attempt_id}/answer/", cookies, csrf, body, token=token
        )
        assert resumed[0] == 200
    finally:
        server.kill()
