"""Security events (003 ¶10(2)): stored, written as JSON lines, sent as CEF over syslog."""

import io
import json
import logging
import socket
import threading
from datetime import timedelta

import pytest
from django.urls import reverse

from academy.accounts.roles import Role
from academy.accounts.testing import TEST_PASSWORD
from academy.secevents.models import SecurityEvent
from academy.secevents.services import event_as_cef, security_event


@pytest.fixture
def udp_collector(settings):
    """A syslog collector on loopback (UDP); its received lines are in `.lines`."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(2)
    settings.SECURITY_SYSLOG_URL = f"udp://127.0.0.1:{sock.getsockname()[1]}"

    class Collector:
        def receive(self) -> str:
            data, _address = sock.recvfrom(65535)
            return data.decode()

    yield Collector()
    sock.close()


@pytest.fixture
def tcp_collector(settings):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(5)
    settings.SECURITY_SYSLOG_URL = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    received: list[bytes] = []

    def accept() -> None:
        connection, _address = server.accept()
        with connection:
            chunks = []
            while chunk := connection.recv(65535):
                chunks.append(chunk)
            received.append(b"".join(chunks))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield received, thread
    server.close()


def _failed_login(client, username: str) -> None:
    client.post(reverse("accounts:login"), {"username": username, "password": "wrong-password"})


def test_a_failed_login_arrives_at_the_collector_as_a_cef_line(client, listener, udp_collector):
    _failed_login(client, listener.iin)

    line = udp_collector.receive()
    # RFC 5424 header: <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD, then the CEF message.
    header, _sep, cef = line.partition(" - login_failure - ")
    assert header.startswith("<84>1 ")  # authpriv (10) × 8 + warning (4)
    assert cef.startswith("CEF:0|Academy of Justice|academy|1.0|login_failure|Login failed|5|")
    assert f"suser={listener.iin}" in cef
    assert "src=127.0.0.1" in cef
    assert "outcome=failure" in cef
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILURE)
    assert event.username == listener.iin


def test_events_also_go_over_tcp_with_octet_counting(listener, tcp_collector):
    received, thread = tcp_collector
    security_event(
        kind=SecurityEvent.Kind.LOGIN_SUCCESS, user=listener, details={"outcome": "success"}
    )
    thread.join(timeout=5)
    frame = received[0].decode()
    length, _sep, message = frame.partition(" ")
    assert int(length) == len(message.encode())
    assert "|login_success|" in message


def test_a_collector_that_is_down_does_not_break_the_login(client, settings, listener, caplog):
    settings.SECURITY_SYSLOG_URL = "tcp://127.0.0.1:9"  # discard port: nothing listens
    response = client.post(
        reverse("accounts:login"), {"username": listener.iin, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOGIN_SUCCESS, user=listener
    ).exists()
    assert "not delivered" in caplog.text


def test_events_are_json_lines_in_the_log(client, listener, caplog):
    with caplog.at_level(logging.INFO, logger="academy.security"):
        _failed_login(client, listener.iin)
    record = json.loads(caplog.records[-1].getMessage())
    assert record["event"] == "login_failure"
    assert record["user"] == listener.iin
    assert record["ip"] == "127.0.0.1"


def test_the_collector_is_off_by_default(settings):
    assert settings.SECURITY_SYSLOG_URL == ""


def test_a_lockout_is_an_event(client, settings, listener):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    for _i in range(3):
        _failed_login(client, listener.iin)
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOCKOUT, username=listener.iin
    ).exists()


def test_role_changes_are_events(make_persona):
    user = make_persona(Role.LISTENER)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=Role.METHODOLOGIST))
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_CHANGE, user=user).first()
    assert event.details["roles"] == ["methodologist"]
    assert event.details["action"] == "add"


def test_a_refused_page_is_an_event(client_as, listener):
    response = client_as(listener).get(reverse("secevents:event_list"))
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCESS_REFUSED)
    assert event.user == listener
    assert event.path.endswith("/security/events/")


def test_cef_escapes_separators(listener):
    event = security_event(
        kind=SecurityEvent.Kind.LOGIN_FAILURE, username="a=b|c\nd", details={"outcome": "failure"}
    )
    cef = event_as_cef(event)
    assert "suser=a\\=b|c\\nd" in cef
    assert "\n" not in cef


def test_the_security_officer_searches_events(client_as, administrator, listener, client):
    _failed_login(client, listener.iin)
    _failed_login(client, "someone-else")
    page = client_as(administrator).get(
        reverse("secevents:event_list"), {"kind": "login_failure", "text": listener.iin}
    )
    assert page.status_code == 200
    rows = list(page.context["page"])
    assert [event.username for event in rows] == [listener.iin]
    assert listener.iin.encode() in page.content


def test_old_events_and_api_calls_are_purged_after_their_retention(settings, listener):
    from django.core.management import call_command
    from django.utils import timezone

    settings.SECURITY_EVENT_RETENTION_DAYS = 30
    old = security_event(kind=SecurityEvent.Kind.LOGIN_FAILURE, username="old")
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    recent = security_event(kind=SecurityEvent.Kind.LOGIN_FAILURE, username="recent")
    call_command("purge_security_logs", stdout=io.StringIO())
    assert list(SecurityEvent.objects.filter(username__in=["old", "recent"])) == [recent]


@pytest.mark.django_db
def test_the_daily_purge_runs_as_a_beat_task(settings):
    from academy.secevents.tasks import purge_expired_data

    assert settings.CELERY_BEAT_SCHEDULE["purge-expired-data"]["task"] == purge_expired_data.name
    assert "security events deleted" in purge_expired_data.delay().get()
