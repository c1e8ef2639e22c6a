"""Load benchmark of the computer test: N listeners at once over real HTTP.

Starts the app under gunicorn on PostgreSQL, seeds a bank, a 50-item blueprint, an open
exam and N listeners (with ready sessions, so login is not measured), then each listener
in its own thread does start → 50 answer saves → submit. Prints saves/s, p50/p95/p99 of
the answer saves, errors, lost answers (saved with 200 but not in the database), and the
throughput of a trivial view (/healthz) under the same concurrency, with the ratio.

    .venv/bin/python bench/exam_load.py --listeners 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench .venv/bin/python bench/exam_load.py
    .venv/bin/python bench/exam_load.py --listeners 500 --worker-class gthread --threads 4 \
        --client-processes 2
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/exam_load.py \
        --server-settings bench.settings_cached_sessions   # what cache sessions would give

The client keeps its connections alive (as a browser does), never touches the database
while it measures, and may run in several processes so it is not the bottleneck. With no
--think time every listener saves again as soon as the answer arrives (a closed loop):
then, by Little's law, mean latency = listeners / throughput, so latency targets are
meaningful only with a think time near a real listener's.

Not a test: it prints figures and changes only its own database (academy_bench by default).
"""

import argparse
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'create database "{name}"')


def request(port: int, method: str, path: str, cookies: str, csrf: str, body: bytes | None = None):
    """One request on a fresh connection (set-up and the trivial view's own loop)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        return send(conn, method, path, cookies, csrf, body)
    finally:
        conn.close()


def send(conn, method: str, path: str, cookies: str, csrf: str, body: bytes | None = None):
    """A request on a kept-alive connection; reconnects once if the server closed it."""
    headers = {"Cookie": cookies, "X-CSRFToken": csrf, "Host": "127.0.0.1"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    for attempt in (1, 2):
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
            return response.status, response.getheader("Location"), data
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def seed(listeners: int) -> tuple[int, list[tuple[int, str]]]:
    """Bank, blueprint and open exam; listeners with sessions. Returns exam id and (user, cookie)."""
    from datetime import date
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from academy.accounts.models import User
    from academy.accounts.roles import Role
    from academy.core.iin import make_iin
    from academy.exams.models import Blueprint, BlueprintRule, Exam, Participant, QuestionType
    from academy.exams.services.bank import QuestionData, category_get_or_create, question_create

    category = category_get_or_create(path="Bench")
    existing = category.questions.count()
    for i in range(existing, 60):
        question_create(
            category=category,
            data=QuestionData(
                qtype=QuestionType.SINGLE,
                text=f"Bench question {i}",
                payload={
                    "options": [
                        {"text": "right", "correct": True},
                        {"text": "wrong 1"},
                        {"text": "wrong 2"},
                        {"text": "wrong 3"},
                    ]
                },
                language="kk",
            ),
            by=None,
        )
    blueprint, created = Blueprint.objects.get_or_create(name="Bench 50")
    if created:
        BlueprintRule.objects.create(blueprint=blueprint, category=category, count=50)
    exam = Exam.objects.create(
        title=f"Bench {timezone.now():%H:%M:%S}",
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=blueprint,
        status=Exam.Status.OPEN,
        commission_fixed_at=timezone.now(),
    )
    # The engine the server will use (a cache engine needs the sessions in the cache).
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806
    group = Group.objects.get(name=Role.LISTENER)
    people = []
    serial = User.objects.count() * 3 + 5000
    for _ in range(listeners):
        while True:
            serial += 1
            iin = make_iin(date(1985, 1, 1), "M", serial)
            if not User.objects.filter(iin=iin).exists():
                break
        user = User.objects.create(
            iin=iin, surname="Bench", first_name=str(serial), account_verified=True
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        Participant.objects.create(exam=exam, listener=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        people.append((user.pk, session.session_key))
    return exam.pk, people


ITEMS = 50  # the bench blueprint's item count: positions 1..50


def listener_run(
    port, exam_id, session_key, think, saves, window, errors, saved_ok, start_at, ready
) -> None:
    """start → page, wait for every listener, then 50 saves → submit, on one kept-alive
    connection; no database access. The wait keeps the costly starts and page renders
    out of the save figures (a real exam staggers them over minutes)."""
    csrf = secrets.token_hex(16)
    cookies = f"sessionid={session_key}; csrftoken={csrf}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    time.sleep(max(0.0, start_at - time.time()))
    attempt_id = None
    try:
        status, location, _body = send(conn, "POST", f"/kk/exams/{exam_id}/start/", cookies, csrf)
        if status == 302 and location and "/attempts/" in location:
            attempt_id = int(location.rstrip("/").rsplit("/", 1)[1])
            status, _l, _b = send(conn, "GET", location, cookies, csrf)
            if status != 200:
                errors.append(f"page {status}")
        else:
            errors.append(f"start {status} {location}")
    except OSError as exc:
        errors.append(f"start {exc}")
    ready.wait()
    if attempt_id is None:
        conn.close()
        return
    # Real listeners are not in step: spread the first save over one think time and
    # vary each pause by ±50 %, or every listener would save in the same instant.
    jitter = random.Random(session_key)
    if think:
        time.sleep(jitter.uniform(0, think))
    try:
        for position in range(1, ITEMS + 1):
            # The first option as shown on the page (answers travel as shown positions).
            body = json.dumps({"position": position, "answer": "0"}).encode()
            started = time.perf_counter()
            try:
                status, _l, _b = send(
                    conn, "POST", f"/kk/exams/attempts/{attempt_id}/answer/", cookies, csrf, body
                )
            except OSError as exc:
                errors.append(f"save {exc}")
                continue
            finished = time.perf_counter()
            saves.append(finished - started)
            window.append((started, finished))
            if status == 200:
                saved_ok.append((attempt_id, position))
            else:
                errors.append(f"save {status}")
            if think:
                time.sleep(jitter.uniform(0.5 * think, 1.5 * think))
        status, _l, _b = send(
            conn, "POST", f"/kk/exams/attempts/{attempt_id}/submit/", cookies, csrf
        )
        if status != 302:
            errors.append(f"submit {status}")
    except OSError as exc:
        errors.append(f"connection {exc}")
    finally:
        conn.close()


def client_process(port, exam_id, keys, think, start_at, ready, out) -> None:
    """One client process: a thread per listener; sends its figures back through `out`."""
    saves: list[float] = []
    window: list[tuple[float, float]] = []
    errors: list[str] = []
    saved_ok: list[tuple[int, int]] = []
    threading.stack_size(256 * 1024)
    threads = [
        threading.Thread(
            target=listener_run,
            args=(port, exam_id, key, think, saves, window, errors, saved_ok, start_at, ready),
        )
        for key in keys
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # perf_counter is per process: send wall-clock-aligned windows.
    offset = time.time() - time.perf_counter()
    out.put((saves, [(a + offset, b + offset) for a, b in window], errors, saved_ok))


def trivial_throughput(port: int, threads: int, seconds: float) -> float:
    count = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while time.perf_counter() < stop:
                status, _l, _b = send(conn, "GET", "/healthz", "", "")
                if status == 200:
                    with lock:
                        count[0] += 1
        except OSError:
            pass
        finally:
            conn.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return count[0] / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listeners", type=int, default=50)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--client-processes", type=int, default=1)
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds between saves (±50 %%)"
    )
    parser.add_argument(
        "--server-settings",
        default="academy.settings",
        help="DJANGO_SETTINGS_MODULE of the server, e.g. bench.settings_cached_sessions",
    )
    args = parser.parse_args()

    if args.port == 0:
        args.port = free_port()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/academy_bench")
    var_dir = tempfile.mkdtemp(prefix="exam-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAR_DIR": var_dir,
        "AXES_ENABLED": "false",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on localhost
        "DB_CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": args.server_settings,
    }
    ensure_database(url)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    import django

    django.setup()
    exam_id, people = seed(args.listeners)

    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "academy.wsgi",
            "-w",
            str(args.workers),
            "-k",
            args.worker_class,
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise SystemExit(f"gunicorn did not start (port {args.port} taken?)")
            try:
                if request(args.port, "GET", "/healthz", "", "")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        # Warm every worker up (imports, URL resolver, catalogues) so the figures show
        # steady state, not first-request costs.
        warm_cookie = f"sessionid={people[0][1]}; csrftoken={'w' * 32}"
        for _ in range(args.workers * 4):
            request(args.port, "GET", "/kk/exams/", warm_cookie, "w" * 32)
        import multiprocessing

        from django.db import connections

        connections.close_all()  # never share a connection with forked clients
        context = multiprocessing.get_context("fork")
        out = context.Queue()
        keys = [key for _uid, key in people]
        start_at = time.time() + 2.0 + len(people) / 500
        ready = context.Barrier(len(people))
        clients = [
            context.Process(
                target=client_process,
                args=(
                    args.port,
                    exam_id,
                    keys[i :: args.client_processes],
                    args.think,
                    start_at,
                    ready,
                    out,
                ),
            )
            for i in range(args.client_processes)
        ]
        load_before = os.getloadavg()
        for client in clients:
            client.start()
        saves: list[float] = []
        window: list[tuple[float, float]] = []
        errors: list[str] = []
        saved_ok: list[tuple[int, int]] = []
        for _client in clients:
            part = out.get()
            saves += part[0]
            window += part[1]
            errors += part[2]
            saved_ok += part[3]
        for client in clients:
            client.join()
        elapsed = time.time() - start_at
        load_after = os.getloadavg()

        from academy.exams.models import AttemptItem

        stored = set(
            AttemptItem.objects.filter(attempt__exam_id=exam_id, answer__isnull=False).values_list(
                "attempt_id", "position"
            )
        )
        lost = len(set(saved_ok) - stored)
        trivial = trivial_throughput(args.port, args.listeners, 5.0)
        span = max(e for _s, e in window) - min(s for s, _e in window) if window else 0.0
        rate = len(saves) / span if span else 0.0
        print(
            f"listeners: {args.listeners}, gunicorn: {args.workers} × {args.worker_class}"
            f" ({args.threads} threads), client processes: {args.client_processes},"
            f" think: {args.think} s, server settings: {args.server_settings},"
            f" cache: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'},"
            f" database: PostgreSQL"
        )
        print(f"load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f}")
        print(f"answer saves: {len(saves)} in {elapsed:.1f} s (whole run incl. start and submit)")
        print(f"saves/s: {rate:.1f} (first to last save, after every listener has started)")
        print(
            "save latency ms: p50 {:.1f}, p95 {:.1f}, p99 {:.1f}, mean {:.1f}".format(
                percentile(saves, 0.50) * 1000,
                percentile(saves, 0.95) * 1000,
                percentile(saves, 0.99) * 1000,
                (statistics.mean(saves) if saves else float("nan")) * 1000,
            )
        )
        print(f"errors: {len(errors)}{' ' + str(sorted(set(errors))[:5]) if errors else ''}")
        print(f"lost answers: {lost}")
        print(f"trivial view (/healthz) req/s: {trivial:.1f}")
        print(f"ratio saves/s : trivial req/s = {rate / trivial:.2f}" if trivial else "ratio: n/a")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
