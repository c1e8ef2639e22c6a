"""Two application servers behind nginx, one killed mid-exam (issue 18, "beyond one machine").

On loopback, without containers: two gunicorn instances of the same code behind nginx
(round robin), PostgreSQL, Redis (sessions' cache, rate limits, beat lock) and an
S3-compatible object store (moto in server mode) for uploads. 50 listeners answer a
50-item test through the proxy; one instance is killed with SIGKILL in the middle.
Every answer the cluster acknowledged is in the database, and a file uploaded through
one instance is served by the other. PostgreSQL only; skipped without nginx.
"""

import http.client
import json
import os
import secrets
import shutil
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from academy.core.testing import free_port, s3_object_store
from academy.exams.tests.test_crash_recovery import PYTHON, ROOT, Server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LISTENERS = 50
ITEMS = 20  # of the 50 drawn: enough saves to be killed among, short enough for CI

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the cluster runs on PostgreSQL",
    ),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed"),
]

SEED = """
import json, sys
import django
django.setup()
sys.path.insert(0, {root!r})
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from academy.accounts.roles import Role
from academy.accounts.testing import UserFactory
from academy.training.testing import GroupFactory
from bench.exam_load import seed

exam_id, people = seed({listeners})
methodologist = UserFactory(roles=[Role.METHODOLOGIST])
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(methodologist.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
session[HASH_SESSION_KEY] = methodologist.get_session_auth_hash()
session.save()
print(json.dumps({{
    "exam": exam_id,
    "listeners": [cookie for _user, cookie in people],
    "staff": session.session_key,
    "group": GroupFactory().pk,
}}))
"""

NGINX_CONF = """
daemon off;
worker_processes 1;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 20m;
    upstream academy {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://academy;
            proxy_set_header Host $host;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
        }}
    }}
}}
"""


def _psql(sql: str, database: str = "postgres") -> None:
    import psycopg

    url = settings.DATABASES["default"]
    with psycopg.connect(
        host=url["HOST"] or "127.0.0.1",
        port=url["PORT"] or 5432,
        user=url["USER"],
        password=url["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    ) as connection:
        connection.execute(sql)


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def cluster_database():
    name = f"academy_cluster_{uuid.uuid4().hex[:8]}"
    _psql(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def nginx(tmp_path):
    """Start nginx over two given upstream ports; returns a function that starts it."""
    processes = []

    def start(port_a: int, port_b: int) -> int:
        port = free_port()
        directory = tmp_path / "nginx"
        directory.mkdir()
        user = "user root;" if os.geteuid() == 0 else ""
        config = directory / "nginx.conf"
        config.write_text(
            NGINX_CONF.format(user=user, dir=directory, a=port_a, b=port_b, port=port)
        )
        process = subprocess.Popen([NGINX, "-p", str(directory), "-c", str(config)])
        processes.append(process)
        for _ in range(100):
            try:
                with http_connection(port) as _connection:
                    return port
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start: " + (directory / "error.log").read_text())

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


class http_connection:  # noqa: N801 – a context manager used like a function
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        self.connection.connect()

    def __enter__(self) -> http.client.HTTPConnection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def request(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None):
    with http_connection(port) as connection:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Location"), response.read()


def multipart(fields: dict[str, str], name: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Listener:
    """One examinee answering every item through the proxy; retries until acknowledged."""

    def __init__(self, port: int, exam: int, session: str, number: int) -> None:
        self.port = port
        self.exam = exam
        self.csrf = secrets.token_hex(16)
        self.headers = {"Cookie": f"sessionid={session}; csrftoken={self.csrf}"}
        self.headers["X-CSRFToken"] = self.csrf
        self.number = number
        self.attempt = 0
        self.acknowledged: dict[int, int] = {}  # position: the acknowledged save's seq
        self.errors: list[str] = []

    def call(self, method: str, path: str, body: bytes | None = None, **extra: str):
        for _ in range(60):
            try:
                status, location, content = request(
                    self.port, method, path, {**self.headers, **extra}, body
                )
            except OSError as exc:  # the instance died under the request: not acknowledged
                self.errors.append(repr(exc))
                time.sleep(0.2)
                continue
            if status < 500:
                return status, location, content
            self.errors.append(str(status))
            time.sleep(0.2)
        raise AssertionError(f"listener {self.number}: no answer after retries: {self.errors}")

    def run(self, progress: threading.Semaphore) -> None:
        import re

        status, location, _ = self.call("POST", f"/kk/exams/{self.exam}/start/")
        assert status == 302 and "/attempts/" in location, status
        self.attempt = int(location.rstrip("/").rsplit("/", 1)[1])
        page = self.call("GET", location)[2].decode()
        token = re.search(r'data-save-token="([0-9a-f]+)"', page)[1]
        seq = 0
        for position in range(1, ITEMS + 1):
            answer = str((self.number + position) % 4)
            while True:
                seq += 1  # a retry is a newer save of the same answer
                body = json.dumps({"position": position, "answer": answer, "seq": seq})
                status, _l, _c = self.call(
                    "POST",
                    f"/kk/exams/attempts/{self.attempt}/answer/",
                    body.encode(),
                    **{"Content-Type": "application/json", "X-Attempt-Token": token},
                )
                if status == 200:
                    self.acknowledged[position] = seq
                    progress.release()
                    break
                self.errors.append(f"save {position}: {status}")
                time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_killed_instance_loses_no_acknowledged_answer_and_files_are_shared(
    cluster_database, nginx, tmp_path
):
    import psycopg

    redis_url = "redis://127.0.0.1:6379/14"
    with s3_object_store() as object_store:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL"}
        }
        env.update(object_store)
        env.update(
            {
                "DATABASE_URL": _database_url(cluster_database),
                "REDIS_URL": redis_url,
                "CELERY_EAGER": "true",  # no worker in this test: tasks run in the request
                "DB_CONN_MAX_AGE": "60",
                "VAR_DIR": str(tmp_path),
                "DEBUG": "true",
                "SECRET_KEY": secrets.token_urlsafe(50),  # shared by both instances
                "AXES_ENABLED": "false",
                "RATELIMIT_ENABLED": "false",
                "OTP_REQUIRED_FOR_STAFF": "false",
                "DJANGO_SETTINGS_MODULE": "academy.settings",
            }
        )
        subprocess.run(
            [PYTHON, "-c", f"import redis; redis.Redis.from_url({redis_url!r}).flushdb()"],
            check=True,
        )
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        seeded = subprocess.run(
            [PYTHON, "-c", SEED.format(root=str(ROOT), listeners=LISTENERS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        ids = json.loads(seeded.stdout.strip().splitlines()[-1])
        first, second = Server(env), Server(env)
        first.start()
        second.start()
        try:
            port = nginx(first.port, second.port)

            # A file uploaded through the first instance is served by the second.
            csrf = secrets.token_hex(16)
            staff = {"Cookie": f"sessionid={ids['staff']}; csrftoken={csrf}", "X-CSRFToken": csrf}
            content = "Оқу материалы – учебный материал\n".encode() * 100
            body, content_type = multipart({"title": "Cluster"}, "file", "notes.txt", content)
            status, _l, _c = request(
                first.port,
                "POST",
                f"/kk/training/groups/{ids['group']}/materials/",
                {**staff, "Content-Type": content_type},
                body,
            )
            assert status == 302
            with psycopg.connect(env["DATABASE_URL"]) as db:
                material, name = db.execute(
                    "select id, file from training_material order by id desc limit 1"
                ).fetchone()
            assert not (tmp_path / "media" / name).exists()  # not on a local disk
            status, location, _c = request(
                second.port, "GET", f"/kk/training/materials/{material}/", staff
            )
            assert status == 302 and location.startswith(object_store["S3_ENDPOINT_URL"])
            with urllib.request.urlopen(location, timeout=10) as response:
                assert response.read() == content

            # 50 listeners answer through the proxy; the first instance dies midway.
            listeners = [
                Listener(port, ids["exam"], session, number)
                for number, session in enumerate(ids["listeners"])
            ]
            progress = threading.Semaphore(0)
            threads = [
                threading.Thread(target=listener.run, args=(progress,)) for listener in listeners
            ]
            for thread in threads:
                thread.start()
            for _ in range(LISTENERS * ITEMS // 3):
                assert progress.acquire(timeout=120), "listeners stopped answering"
            first.kill()
            for thread in threads:
                thread.join(timeout=600)
            assert not any(thread.is_alive() for thread in threads)
        finally:
            first.kill()
            second.kill()

        with psycopg.connect(env["DATABASE_URL"]) as db:
            stored = {
                (attempt, position): seq
                for attempt, position, seq in db.execute(
                    "select attempt_id, position, seq from exams_attemptitem where answer is not null"
                )
            }
        acknowledged = {
            (listener.attempt, position): seq
            for listener in listeners
            for position, seq in listener.acknowledged.items()
        }
        assert len(acknowledged) == LISTENERS * ITEMS
        # The stored answer is the one of the last acknowledged save of each item.
        lost = {key: seq for key, seq in acknowledged.items() if stored.get(key) != seq}
        assert lost == {}
        retried = sum(len(listener.errors) for listener in listeners)
        print(f"requests retried after the kill: {retried}")
