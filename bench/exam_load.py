"""Load benchmark of the computer test: N listeners at once over real HTTP.

Starts the app under gunicorn on PostgreSQL, seeds a bank, a 50-item blueprint, an open
exam and N listeners (with ready sessions, so login is not measured). Every listener
starts its attempt and opens the page (which carries the attempt's save token), all wait
for each other, then each saves 50 answers on an open-loop schedule that offers --rate
saves/s in all; then all save back to back for --capacity-seconds (the most the server
takes); and at last all submit at once, as the pages do at the deadline.

Prints: the start storm (start pressed → first question page loaded, p50/p95, CPU per
start), saves/s offered while all listeners answer (and over the whole window), p50/p95/p99 of
the answer saves and their p95 by tenth of the window, CPU per save of gunicorn,
PostgreSQL and the client, the submit storm, errors, lost answers (answered 200 but not
in the database), the save capacity beside the throughput of a trivial view (/healthz)
on the same server, both closed loops of N clients, with their ratio, and which of the
issue's targets are met.

    .venv/bin/python bench/exam_load.py --think 5 --saves-per-listener 10   # issue 18
    .venv/bin/python bench/exam_load.py --listeners 2000 --think 5 --saves-per-listener 10
    .venv/bin/python bench/exam_load.py --no-predraw ...      # the lazy draw at start (before)
    .venv/bin/python bench/exam_load.py                       # 500 listeners, 1000 saves/s
    .venv/bin/python bench/exam_load.py --listeners 50 --rate 100
    .venv/bin/python bench/exam_load.py --workers 4 --threads 4 --rate 900
    BENCH_SWITCH_INTERVAL=0.0005 .venv/bin/python bench/exam_load.py   # GIL switch interval

Open loop: a slow server shows as latency, not as fewer saves (no coordinated omission).
The client is asyncio on kept-alive connections (as browsers keep them) and never touches
the database while it measures. Not a test: it changes only its own database
(academy_bench by default, or DATABASE_URL).
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
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
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(url: str, *, keep: bool) -> None:
    """Create the bench's database, dropping the last run's first unless `keep`.

    Each run inserts 25 000 items and updates each twice; on a server without autovacuum
    (as here) the dead rows of earlier runs would slow every later run. Only a database
    whose name says "bench" is ever dropped.
    """
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not keep and "bench" in name:
            conn.execute(f'drop database if exists "{name}" with (force)')
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'create database "{name}"')


class Connection:
    """One kept-alive HTTP/1.1 connection, as a browser tab keeps; reconnects when closed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                self.writer.write(raw)
                head = await self.reader.readuntil(b"\r\n\r\n")
                status_line, *header_lines = head.decode("latin-1").split("\r\n")
                got = {}
                for line in header_lines:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        got[name.strip().lower()] = value.strip()
                if "content-length" not in got:
                    raise SystemExit(f"{method} {path}: a reply without Content-Length")
                data = await self.reader.readexactly(int(got["content-length"]))
                if got.get("connection", "").lower() == "close":
                    await self.close()
                return int(status_line.split()[1]), got, data
            except (asyncio.IncompleteReadError, ConnectionError):
                # The server closed an idle kept-alive connection: send again on a new one.
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def seed(listeners: int, *, predraw: bool = False) -> tuple[int, list[tuple[int, str]]]:
    """Bank, blueprint and open exam; listeners with sessions. Returns exam id and (user, cookie)."""
    from datetime import date, timedelta
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
    # A birth date of its own per run: 10 000 serials a date, and runs add up.
    birth = date(1950, 1, 1) + timedelta(days=Exam.objects.count() % 20000)
    serial = 0
    for _ in range(listeners):
        while True:
            serial += 1
            iin = make_iin(birth, "M", serial)
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
    if predraw:
        # What the opening does (the exams.draw_attempts task): every attempt READY.
        from academy.exams.services.attempts import exam_attempts_draw

        began = time.time()
        drawn = exam_attempts_draw(exam=exam)
        print(f"drawn at the opening: {drawn} attempts in {time.time() - began:.1f} s")
    return exam.pk, people


ITEMS = 50  # the bench blueprint's item count: positions 1..50
TOKEN = re.compile(r'data-save-token="([0-9a-f]+)"')


class Figures:
    def __init__(self) -> None:
        self.saves: list[float] = []  # latency of each answered save, seconds
        self.window: list[tuple[float, float]] = []  # (sent, answered), wall clock
        self.errors: list[str] = []
        self.saved_ok: list[tuple[int, int]] = []  # (attempt, position) answered 200
        self.client_cpu = 0.0  # CPU seconds of the client processes while answering
        self.submits: list[float] = []  # latency of each submit, seconds
        self.finished: list[float] = []  # when each listener's last save was answered
        self.capacity: list[float] = []  # latency of each save of the closed-loop phase
        self.starts: list[float] = []  # start pressed → first question page loaded, seconds


async def listener_start(port: int, exam_id: int, session_key: str, figures: Figures):
    """Log in (a ready session), start the attempt and open its page, as the browser does."""
    csrf = secrets.token_hex(16)
    headers = {"Cookie": f"sessionid={session_key}; csrftoken={csrf}", "X-CSRFToken": csrf}
    conn = Connection(port)
    pressed = time.time()
    try:
        status, got, _b = await conn.send("POST", f"/kk/exams/{exam_id}/start/", headers)
        location = got.get("location", "")
        if status != 302 or "/attempts/" not in location:
            figures.errors.append(f"start {status} {location}")
            return None
        attempt_id = int(location.rstrip("/").rsplit("/", 1)[1])
        status, _g, page = await conn.send("GET", location, headers)
        token = TOKEN.search(page.decode())
        if status != 200 or token is None:
            figures.errors.append(f"page {status}")
            return None
        figures.starts.append(time.time() - pressed)
        return conn, headers, attempt_id, token[1]
    except OSError as exc:
        figures.errors.append(f"start {exc}")
        await conn.close()
        return None


def _save_headers(headers: dict[str, str], token: str) -> dict[str, str]:
    """A save as attempt.js sends it: the page's token instead of the CSRF header."""
    return {
        "Cookie": headers["Cookie"],
        "Content-Type": "application/json",
        "X-Attempt-Token": token,
    }


async def listener_answer(
    started, interval: float, t0: float, figures: Figures, think: float = 0.0, saves: int = ITEMS
) -> None:
    """50 saves on the attempt's schedule.

    Open loop: the k-th save is due at t0 + offset + k × interval (each pause ±50 %), whether
    or not the server kept up, so a slow server shows as latency and not as fewer saves.
    """
    conn, headers, attempt_id, token = started
    rng = random.Random(attempt_id)
    save_headers = _save_headers(headers, token)
    due = t0 + (rng.expovariate(1 / think) if think else rng.uniform(0, interval))
    try:
        for position in range(1, saves + 1):
            await asyncio.sleep(max(0.0, due - time.time()))
            # --think: a listener's pause before the next answer, exponential (mean --think s).
            due += (
                rng.expovariate(1 / think) if think else rng.uniform(0.5 * interval, 1.5 * interval)
            )
            # The first option as shown on the page (answers travel as shown positions),
            # with the item's save sequence as attempt.js sends it (its first save: 1).
            body = json.dumps({"position": position, "answer": "0", "seq": 1}).encode()
            sent = time.time()
            try:
                status, _g, _b = await conn.send(
                    "POST", f"/kk/exams/attempts/{attempt_id}/answer/", save_headers, body
                )
            except OSError as exc:
                figures.errors.append(f"save {exc}")
                continue
            answered = time.time()
            figures.saves.append(answered - sent)
            figures.window.append((sent, answered))
            if status == 200:
                figures.saved_ok.append((attempt_id, position))
            else:
                figures.errors.append(f"save {status}")
    except OSError as exc:
        figures.errors.append(f"connection {exc}")
    figures.finished.append(time.time())


async def listener_capacity(started, stop: float, figures: Figures) -> None:
    """Saves back to back until `stop` (a closed loop): what the server can take at most.

    Each save gives an already given answer again, with the item's next sequence, so it
    passes the sequence guard and changes only the stored sequence.
    """
    conn, headers, attempt_id, token = started
    save_headers = _save_headers(headers, token)
    position = 0
    seq = 1  # the answering phase saved every item with sequence 1
    try:
        while time.time() < stop:
            position = position % ITEMS + 1
            if position == 1:
                seq += 1
            body = json.dumps({"position": position, "answer": "0", "seq": seq}).encode()
            sent = time.time()
            status, _g, _b = await conn.send(
                "POST", f"/kk/exams/attempts/{attempt_id}/answer/", save_headers, body
            )
            answered = time.time()
            if answered <= stop:  # saves answered within the phase count
                figures.capacity.append(answered - sent)
            if status == 200:
                figures.saved_ok.append((attempt_id, position))
            else:
                figures.errors.append(f"capacity save {status}")
    except OSError as exc:
        figures.errors.append(f"capacity {exc}")


async def listener_submit(started, figures: Figures) -> None:
    """Submit, as every page does by itself when the deadline comes: all at once."""
    conn, headers, attempt_id, _token = started
    try:
        sent = time.time()
        status, _g, _b = await conn.send(
            "POST", f"/kk/exams/attempts/{attempt_id}/submit/", headers
        )
        figures.submits.append(time.time() - sent)
        if status != 302:
            figures.errors.append(f"submit {status}")
    except OSError as exc:
        figures.errors.append(f"submit {exc}")
    finally:
        await conn.close()


def client_process(
    port,
    exam_id,
    keys,
    interval,
    capacity_seconds,
    ready,
    answering,
    answered,
    out,
    think=0.0,
    saves=ITEMS,
    capacity_done=None,
) -> None:
    """One client process: its listeners as coroutines on one event loop.

    Every process starts its listeners, then waits at the barrier for the others, so the
    costly starts and page renders stay out of the save figures (a real exam staggers
    them over minutes); then all answer on one schedule from a common t0; then all save
    back to back for `capacity_seconds`; then all submit.
    """

    async def run() -> Figures:
        figures = Figures()
        # The start storm: every listener presses start in the same second.
        started = await asyncio.gather(
            *(listener_start(port, exam_id, key, figures) for key in keys)
        )
        # The processes leave the barrier within a millisecond of each other.
        if await asyncio.get_running_loop().run_in_executor(None, ready.wait) == 0:
            answering.set()
        t0 = time.time() + 0.5
        cpu = time.process_time()
        await asyncio.gather(
            *(
                listener_answer(s, interval, t0, figures, think, saves)
                for s in started
                if s is not None
            )
        )
        figures.client_cpu = time.process_time() - cpu
        if await asyncio.get_running_loop().run_in_executor(None, ready.wait) == 0:
            answered.set()
        stop = time.time() + capacity_seconds
        await asyncio.gather(
            *(listener_capacity(s, stop, figures) for s in started if s is not None)
        )
        # Then the deadline: every listener's page submits in the same second.
        if await asyncio.get_running_loop().run_in_executor(None, ready.wait) == 0:
            if capacity_done is not None:
                capacity_done.set()
        await asyncio.gather(*(listener_submit(s, figures) for s in started if s is not None))
        return figures

    figures = asyncio.run(run())
    out.put(
        (
            figures.saves,
            figures.window,
            figures.errors,
            figures.saved_ok,
            figures.client_cpu,
            figures.submits,
            figures.finished,
            figures.capacity,
            figures.starts,
        )
    )


async def trivial_throughput(port: int, connections: int, seconds: float) -> float:
    """Requests/s of /healthz with `connections` clients back to back (a closed loop)."""
    count = 0
    stop = time.time() + seconds

    async def run() -> None:
        nonlocal count
        conn = Connection(port)
        try:
            while time.time() < stop:
                status, _g, _b = await conn.send("GET", "/healthz", {})
                count += status == 200
        except OSError:
            pass
        finally:
            await conn.close()

    started = time.time()
    await asyncio.gather(*(run() for _ in range(connections)))
    return count / (time.time() - started)


def cpu_by_process() -> dict[int, tuple[str, float]]:
    """CPU time so far of each app-server and PostgreSQL process, by pid.

    User + system time of the process and of its children already reaped (cutime,
    cstime): a PostgreSQL backend that ended between two snapshots (a connection replaced
    after DB_CONN_MAX_AGE) moves its time into the postmaster's, a gunicorn worker's
    into the arbiter's, so no ended process's time is lost.
    """
    import pwd

    tick = os.sysconf("SC_CLK_TCK")
    try:
        postgres_uid = pwd.getpwnam("postgres").pw_uid
    except KeyError:
        postgres_uid = -1
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
            uid = entry.stat().st_uid
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        used = sum(int(value) for value in fields[11:15]) / tick
        if b"gunicorn" in cmdline:
            found[int(entry.name)] = ("gunicorn", used)
        elif b"celery" in cmdline and b"worker" in cmdline:
            found[int(entry.name)] = ("celery", used)
        elif uid == postgres_uid:
            found[int(entry.name)] = ("postgres", used)
    return found


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per kind between two snapshots.

    A process new since the first snapshot counts whole; one ended since is counted in
    its parent's reaped-children time (see cpu_by_process).
    """
    used = {"gunicorn": 0.0, "postgres": 0.0}
    for pid, (kind, seconds) in after.items():
        used.setdefault(kind, 0.0)
        used[kind] += seconds - (before[pid][1] if pid in before else 0.0)
    return used


def wait_for_server(port: int, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn did not start (port {port} taken?)")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listeners", type=int, default=500)
    parser.add_argument(
        "--rate",
        type=float,
        default=1000.0,
        help="saves/s offered by all listeners together (each saves every listeners/rate s);"
        " above the target's 800, as a measured rate of a schedule comes out a little under"
        " the offered one",
    )
    parser.add_argument(
        "--capacity-seconds",
        type=float,
        default=5.0,
        help="how long all listeners then save back to back (the closed-loop capacity)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause (s) before each answer, exponential; 0: the --rate schedule",
    )
    parser.add_argument(
        "--saves-per-listener", type=int, default=ITEMS, help="answers each listener gives"
    )
    parser.add_argument(
        "--no-predraw",
        action="store_true",
        help="do not draw the attempts at the opening (the lazy draw at the start, as before)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument(
        "--worker-connections",
        type=int,
        default=0,
        help="kept-alive connections per gthread worker; 0: an even share of the listeners"
        " + 10 %% (gunicorn's 1000 lets the first worker to wake take almost all of them)",
    )
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument(
        "--keep-database", action="store_true", help="reuse the last run's database as it is"
    )
    parser.add_argument("--client-processes", type=int, default=1)
    parser.add_argument(
        "--server-settings",
        default="academy.settings",
        help="DJANGO_SETTINGS_MODULE of the server, e.g. bench.settings_cached_sessions",
    )
    args = parser.parse_args()

    if args.port == 0:
        args.port = free_port()
    if args.worker_connections == 0:
        args.worker_connections = int(args.listeners / args.workers * 1.1) + 10
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
        # Kept for the whole run: connections are not replaced in the middle of a phase.
        "DB_CONN_MAX_AGE": "900",
        "DJANGO_SETTINGS_MODULE": args.server_settings,
    }
    fresh_database(url, keep=args.keep_database)
    # The interpreter running the bench (and its gunicorn): any venv, any worktree.
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    import django

    django.setup()
    exam_id, people = seed(args.listeners, predraw=not args.no_predraw)

    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "academy.wsgi",
            *("-w", str(args.workers), "-k", args.worker_class, "--threads", str(args.threads)),
            # Browsers keep connections open between saves; gunicorn's default is 2 s.
            *(
                "--keep-alive",
                "75",
                "--worker-connections",
                str(args.worker_connections),
                "--backlog",
                "2048",
            ),
            *("-b", f"127.0.0.1:{args.port}", "--log-level", "warning"),
            *("-c", str(ROOT / "bench" / "gunicorn_bench.py")),
        ],
        cwd=ROOT,
        env=env,
    )
    # With Redis, submits are scored by a Celery worker (EXAM_SCORE_IN_BACKGROUND), as in
    # production; the bench runs one and reports when the last attempt was scored.
    worker = None
    if os.environ.get("REDIS_URL"):
        worker = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                *("--quiet", "-A", "academy", "worker", "--concurrency", str(args.workers)),
                *("--loglevel", "warning", "--without-heartbeat", "--without-gossip"),
            ],
            cwd=ROOT,
            env=env,
        )
    try:
        wait_for_server(args.port, server)
        # Warm every worker up (imports, URL resolver, catalogues) so the figures show
        # steady state, not first-request costs.
        asyncio.run(trivial_throughput(args.port, args.workers * args.threads, 1.0))
        import multiprocessing

        from django.db import connections

        connections.close_all()  # never share a connection with forked clients
        context = multiprocessing.get_context("fork")
        out = context.Queue()
        keys = [key for _uid, key in people]
        if args.think:
            args.rate = args.listeners / args.think  # offered: each listener every --think s
        interval = args.listeners / args.rate
        ready = context.Barrier(args.client_processes)
        answering, answered = context.Event(), context.Event()
        capacity_done = context.Event()
        clients = [
            context.Process(
                target=client_process,
                args=(
                    args.port,
                    exam_id,
                    keys[i :: args.client_processes],
                    interval,
                    args.capacity_seconds,
                    ready,
                    answering,
                    answered,
                    out,
                    args.think,
                    args.saves_per_listener,
                    capacity_done,
                ),
            )
            for i in range(args.client_processes)
        ]
        load_before = os.getloadavg()
        cpu_start = cpu_by_process()
        started_at = time.time()
        for client in clients:
            client.start()
        answering.wait()
        cpu_before, answering_at = cpu_by_process(), time.time()
        answered.wait()
        cpu_after, answered_at = cpu_by_process(), time.time()
        capacity_done.wait()
        cpu_submit = cpu_by_process()
        figures = Figures()
        for _client in clients:
            (saves, window, errors, saved_ok, client_cpu, submits, finished, capacity, starts) = (
                out.get()
            )
            figures.starts += starts
            figures.capacity += capacity
            figures.submits += submits
            figures.finished += finished
            figures.saves += saves
            figures.window += window
            figures.errors += errors
            figures.saved_ok += saved_ok
            figures.client_cpu += client_cpu
        for client in clients:
            client.join()
        cpu_end, cpu_end_at = cpu_by_process(), time.time()
        elapsed = time.time() - started_at
        load_after = os.getloadavg()

        from academy.exams.models import Attempt, AttemptItem

        scored_after = None
        if worker is not None:
            unscored = Attempt.objects.filter(exam_id=exam_id, max_points__isnull=True).exclude(
                status=Attempt.Status.READY
            )
            while unscored.exists() and time.time() - cpu_end_at < 300:
                time.sleep(0.2)
            scored_after = time.time() - cpu_end_at
            cpu_end = cpu_by_process()

        stored = set(
            AttemptItem.objects.filter(attempt__exam_id=exam_id, answer__isnull=False).values_list(
                "attempt_id", "position"
            )
        )
        lost = len(set(figures.saved_ok) - stored)
        trivial = asyncio.run(trivial_throughput(args.port, args.listeners, 5.0))
        # The answering window: first save sent to last save answered.
        span = (
            max(b for _a, b in figures.window) - min(a for a, _b in figures.window)
            if figures.window
            else 0.0
        )
        rate = len(figures.saves) / span if span else 0.0
        # Steady state: from one interval after the first save (every listener has begun)
        # to the moment the first listener has answered all 50 (all still answering).
        steady_from = min(a for a, _b in figures.window) + interval if figures.window else 0.0
        steady_to = min(figures.finished, default=0.0)
        steady_saves = sum(1 for _a, b in figures.window if steady_from <= b <= steady_to)
        steady = steady_saves / (steady_to - steady_from) if steady_to > steady_from else 0.0
        ms = [value * 1000 for value in figures.saves]
        print(
            f"listeners: {args.listeners}, offered: {args.rate:.0f} saves/s"
            f" (one save every {interval:.3f} s each, ±50 %), gunicorn: {args.workers} ×"
            f" {args.worker_class} ({args.threads} threads, {args.worker_connections}"
            " connections), client processes:"
            f" {args.client_processes}, server settings: {args.server_settings},"
            f" cache: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'},"
            f" database: PostgreSQL, CPUs: {os.cpu_count()}"
        )
        print(f"load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f}")
        start_ms = [value * 1000 for value in figures.starts]
        start_cpu = cpu_used(cpu_start, cpu_before)
        print(
            f"start storm (all {args.listeners} press start in the same second; start + first"
            f" question page loaded): p50 {percentile(start_ms, 0.5):.0f} ms, p95"
            f" {percentile(start_ms, 0.95):.0f} ms, max {max(start_ms, default=0):.0f} ms;"
            f" {'attempts drawn at the opening' if not args.no_predraw else 'drawn lazily at start'}"
        )
        print(
            "CPU per start (start + page, ms): "
            + ", ".join(f"{k} {v / max(1, len(start_ms)) * 1000:.1f}" for k, v in start_cpu.items())
        )
        print(f"answer saves: {len(ms)} in {elapsed:.1f} s (whole run incl. start and submit)")
        print(
            f"saves/s (OFFERED load, not capacity): {steady:.1f} while all {args.listeners}"
            f" listeners answer ({steady_to - steady_from:.1f} s); {rate:.1f} from the first"
            " save to the last"
            + (f"; think time exponential, mean {args.think:.1f} s" if args.think else "")
        )
        print(
            "save latency ms: p50 {:.1f}, p95 {:.1f}, p99 {:.1f}, max {:.1f}, mean {:.1f}".format(
                percentile(ms, 0.50),
                percentile(ms, 0.95),
                percentile(ms, 0.99),
                max(ms, default=float("nan")),
                statistics.mean(ms) if ms else float("nan"),
            )
        )
        if figures.window:
            # Latency by tenth of the answering window: a stall shows where it happened.
            first = min(a for a, _b in figures.window)
            tenths: list[list[float]] = [[] for _ in range(10)]
            for sent, answered in figures.window:
                tenths[min(9, int((sent - first) / span * 10))].append((answered - sent) * 1000)
            print(
                "p95 ms by tenth of the window: "
                + " ".join(f"{percentile(t, 0.95):.0f}" for t in tenths)
                + "; saves: "
                + " ".join(str(len(t)) for t in tenths)
            )
        used = {**cpu_used(cpu_before, cpu_after), "client": figures.client_cpu}
        cores = sum(used.values()) / (answered_at - answering_at)
        print(
            "CPU per save while answering (ms): "
            + ", ".join(f"{k} {v / max(1, len(ms)) * 1000:.2f}" for k, v in used.items())
            + f"; {cores:.2f} of {os.cpu_count()} cores busy with these"
        )
        capacity_ms = [value * 1000 for value in figures.capacity]
        capacity = len(capacity_ms) / args.capacity_seconds if args.capacity_seconds else 0.0
        print(
            f"save CAPACITY (closed loop): {capacity:.1f} saves/s with all {args.listeners} saving back to back"
            f" for {args.capacity_seconds:.0f} s (p50 {percentile(capacity_ms, 0.5):.0f} ms,"
            f" p99 {percentile(capacity_ms, 0.99):.0f} ms)"
        )
        submit_ms = [value * 1000 for value in figures.submits]
        print(
            f"then all {len(submit_ms)} submit at once (the deadline): p50"
            f" {percentile(submit_ms, 0.5):.0f} ms, p95 {percentile(submit_ms, 0.95):.0f} ms,"
            f" last answered after {max(submit_ms, default=0) / 1000:.1f} s"
        )
        if scored_after is not None:
            print(
                f"scored by {args.workers} Celery worker processes: the last attempt"
                f" {scored_after:.1f} s after the last submit was answered"
            )
        submit_cpu = cpu_used(cpu_submit, cpu_end)
        print(
            "CPU per submit (ms): "
            + ", ".join(
                f"{k} {v / max(1, len(submit_ms)) * 1000:.1f}" for k, v in submit_cpu.items()
            )
        )
        print(f"errors: {len(figures.errors)} {sorted(set(figures.errors))[:5]}")
        print(f"lost answers: {lost} (answered 200 but not in the database)")
        print(
            f"trivial view CAPACITY (/healthz, {args.listeners} clients back to back) req/s:"
            f" {trivial:.1f}"
        )
        print(
            f"ratio of capacities, saves/s : trivial req/s = {capacity / trivial:.2f}"
            if trivial
            else "ratio: n/a"
        )
        target = {
            "start p95 < 3 s": percentile(start_ms, 0.95) < 3000,
            "submit p95 < 2 s": percentile(submit_ms, 0.95) < 2000,
            "errors = 0": not figures.errors,
            "lost = 0": lost == 0,
            "p95 < 50 ms": percentile(ms, 0.95) < 50,
            "p99 < 150 ms": percentile(ms, 0.99) < 150,
        }
        print("target: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in target.items()))
    finally:
        server.terminate()
        server.wait(timeout=10)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


if __name__ == "__main__":
    main()
