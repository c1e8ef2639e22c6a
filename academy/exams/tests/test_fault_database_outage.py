"""Fault test (issue 10): the database refuses connections for 10 s while 20 listeners answer.

A real gunicorn on PostgreSQL (the test database, reached through a small TCP proxy on
loopback) serves 20 listeners who keep answering the five items of their attempt. The
proxy is then closed for 10 s: established connections are cut and new ones refused, as
when the database restarts. The listeners keep what was not acknowledged and send it
again, and, unlike the page, in a shuffled order, so older saves of an item regularly
land after newer ones. At the end every item's stored answer is the last one its
listener saw acknowledged as stored, every refusal during the outage was a JSON 503
with Retry-After, and the server answered again without a restart (health checks of
kept connections).
"""

import json
import os
import random
import re
import secrets
import socket
import threading
import time
from collections import defaultdict

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from academy.accounts.roles import Role
from academy.exams.models import AttemptItem
from academy.exams.services import attempts as svc
from academy.exams.testing import exam_persona, open_test_exam

from .test_crash_recovery import Server

pytestmark = pytest.mark.django_db(transaction=True)

LISTENERS = 20
ITEMS = 5
OUTAGE_SECONDS = 10


class Proxy:
    """A TCP proxy on loopback to PostgreSQL that can be closed and opened again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self) -> None:
        """Refuse new connections and cut the established ones."""
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Listener:
    """One simulated page: answers, keeps every unacknowledged save, resends them shuffled."""

    def __init__(self, server: Server, attempt_id: int, cookies: str, token: str) -> None:
        self.server = server
        self.attempt_id = attempt_id
        self.cookies = cookies
        self.token = token
        self.rng = random.Random(attempt_id)
        self.seq: dict[int, int] = defaultdict(int)
        self.pending: list[dict] = []
        # position -> (seq, answer) of the newest save acknowledged as stored
        self.stored: dict[int, tuple[int, str]] = {}
        self.sent_newest: dict[int, tuple[int, str]] = {}
        self.superseded = 0
        self.refusals: list[tuple[int, str, str]] = []  # (status, content type, Retry-After)
        self.failures = 0

    def answer(self) -> None:
        position = self.rng.randint(1, ITEMS)
        self.seq[position] += 1
        save = {"position": position, "answer": str(self.rng.randint(0, 2))}
        save["seq"] = self.seq[position]
        self.pending.append(save)
        self.sent_newest[position] = (save["seq"], save["answer"])

    def send_pending(self) -> None:
        self.rng.shuffle(self.pending)  # older retries land after newer saves
        still = []
        for save in self.pending:
            if not self._send(save):
                still.append(save)
        self.pending = still

    def _send(self, save: dict) -> bool:
        try:
            conn = self.server
            status, _location, body, headers = _post(conn.port, self, save)
        except OSError:
            self.failures += 1
            return False
        if status == 200:
            data = json.loads(body)
            assert data["ok"] is True
            if data.get("superseded"):
                self.superseded += 1
            else:
                position = save["position"]
                if save["seq"] > self.stored.get(position, (0, ""))[0]:
                    self.stored[position] = (save["seq"], save["answer"])
            return True
        self.refusals.append(
            (status, headers.get("content-type", ""), headers.get("retry-after", ""))
        )
        return False


def _post(port: int, listener: Listener, save: dict):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(
            "POST",
            f"/kk/exams/attempts/{listener.attempt_id}/answer/",
            body=json.dumps(save).encode(),
            headers={
                "Cookie": listener.cookies,
                "X-Attempt-Token": listener.token,
                "Content-Type": "application/json",
            },
        )
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers.get("location"), response.read(), headers
    finally:
        conn.close()


@pytest.mark.clause("TR-21")
def test_every_acknowledged_answer_survives_a_10_s_database_outage(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the outage is of a PostgreSQL server")
    people = [exam_persona(Role.LISTENER) for _ in range(LISTENERS)]
    exam = open_test_exam(listeners=people, count=ITEMS)
    sessions = {}
    for person in people:
        browser = Client()
        browser.force_login(person)
        sessions[person.pk] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    attempts = {person.pk: svc.attempt_start(exam=exam, listener=person) for person in people}

    database = connection.settings_dict
    proxy = Proxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    proxy.open()
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "DATABASE_URL": f"postgres://{user}{password}@127.0.0.1:{proxy.port}/{database['NAME']}",
            "DB_CONN_MAX_AGE": "60",  # kept connections: the health checks must reconnect
            "VAR_DIR": str(tmp_path),
            "DEBUG": "true",
            "SECRET_KEY": settings.SECRET_KEY,  # the sessions were signed with it
            "AXES_ENABLED": "false",
            "DJANGO_SETTINGS_MODULE": "academy.settings",
        }
    )
    server = Server(env)
    server.start()
    try:
        listeners = []
        for person in people:
            csrf = secrets.token_hex(16)
            cookies = f"{settings.SESSION_COOKIE_NAME}={sessions[person.pk]}; csrftoken={csrf}"
            attempt = attempts[person.pk]
            status, _l, page = server.request("GET", f"/kk/exams/attempts/{attempt.pk}/", cookies)
            assert status == 200
            token = re.search(r'data-save-token="([0-9a-f]+)"', page.decode())[1]
            listeners.append(Listener(server, attempt.pk, cookies, token))

        answering = threading.Event()
        answering.set()

        def run(listener: Listener) -> None:
            while answering.is_set():
                listener.answer()
                listener.send_pending()
                time.sleep(listener.rng.uniform(0.15, 0.35))
            deadline = time.monotonic() + 30
            while listener.pending and time.monotonic() < deadline:
                listener.send_pending()
                time.sleep(0.2)

        threads = [threading.Thread(target=run, args=(one,)) for one in listeners]
        for thread in threads:
            thread.start()
        time.sleep(3)
        proxy.close()  # the database goes away: cut connections, refuse new ones
        time.sleep(OUTAGE_SECONDS)
        proxy.open()
        time.sleep(4)
        answering.clear()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
    finally:
        server.kill()
        proxy.close()

    refusals = [r for one in listeners for r in one.refusals]
    assert refusals, "the outage refused nothing: it did not happen"
    assert {status for status, _type, _retry in refusals} == {503}, refusals[:5]
    assert all(
        kind.startswith("application/json") and int(retry) > 0 for _s, kind, retry in refusals
    )
    assert sum(one.superseded for one in listeners) > 0, "no late retry was tested"
    assert all(not one.pending for one in listeners), "saves still unacknowledged"
    for one in listeners:
        items = {
            item.position: item for item in AttemptItem.objects.filter(attempt_id=one.attempt_id)
        }
        for position, (seq, answer) in one.stored.items():
            item = items[position]
            # The last answer the listener saw acknowledged is the one stored…
            assert (item.seq, item.answer) == (seq, item.order[int(answer)]), (
                one.attempt_id,
                position,
            )
            # …and it is the newest the listener gave.
            assert one.sent_newest[position] == (seq, answer)
