"""Login lock-out that holds across spellings, and limits on registration and reset probes."""

from itertools import product

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from academy.accounts.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits_on(settings):
    settings.AXES_ENABLED = True
    settings.RATELIMIT_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def _login(client, login, password=TEST_PASSWORD, ip="10.1.0.1"):
    return client.post(
        "/en/accounts/login/", {"username": login, "password": password}, REMOTE_ADDR=ip
    )


def _case_variants(email: str):
    local, _at, domain = email.partition("@")
    for flips in product((str.lower, str.upper), repeat=len(local)):
        yield "".join(f(c) for f, c in zip(flips, local, strict=True)) + "@" + domain


def test_changing_the_case_of_the_email_does_not_reset_the_lockout(client, listener, settings):
    settings.RATELIMIT_LOGIN_IP = "1000/900"  # only axes' per-account lock is under test
    listener.email = "serikbaev@example.kz"
    listener.save()
    variants = _case_variants(listener.email)
    next(variants)  # the lower-case original
    for _ in range(28):
        assert _login(client, next(variants), "wrong").status_code in {200, 429}
    response = _login(client, next(variants))  # the right password, a spelling not used yet
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_iin_and_the_email_are_one_account_for_the_lockout(client, listener, settings):
    settings.RATELIMIT_LOGIN_IP = "1000/900"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, listener.email.upper(), "wrong")
    assert _login(client, listener.email.lower()).status_code == 429


def test_many_usernames_from_one_address_get_locked(client, listener, settings):
    settings.RATELIMIT_LOGIN_IP = "10/900"
    for n in range(10):  # one failure each: axes' per-account lock never triggers
        assert _login(client, f"nobody{n}@example.kz", "wrong").status_code == 200
    response = _login(client, listener.iin)  # right password, same address
    assert response.status_code == 429
    assert "Too many failed logins from your address" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert _login(Client(), listener.iin, ip="10.1.0.2").status_code == 302


def _register(client, *, iin, email, ip="10.2.0.1"):
    return client.post(
        "/en/accounts/register/",
        {"iin": iin, "surname": "Probe", "first_name": "Probe", "email": email},
        REMOTE_ADDR=ip,
    )


def test_registration_probes_are_limited_per_address(client, listener, settings):
    settings.RATELIMIT_REGISTER_IP = "5/3600"
    settings.RATELIMIT_REGISTER_TARGET = "100/3600"
    for n in range(5):
        response = _register(client, iin=listener.iin, email=f"probe{n}@example.kz")
        assert response.status_code == 200
        assert response.context["form"].errors["iin"]
    response = _register(client, iin=listener.iin, email="probe9@example.kz")
    assert response.status_code == 429
    assert "Too many registration attempts" in response.content.decode()


def test_registration_probes_are_limited_per_target_iin(client, listener, settings):
    settings.RATELIMIT_REGISTER_IP = "100/3600"
    settings.RATELIMIT_REGISTER_TARGET = "3/3600"
    for n in range(3):
        response = _register(client, iin=listener.iin, email=f"p{n}@example.kz", ip=f"10.3.0.{n}")
        assert response.status_code == 200
    response = _register(client, iin=listener.iin, email="p9@example.kz", ip="10.3.0.99")
    assert response.status_code == 429


def test_registration_probes_are_limited_per_target_email_in_any_case(client, listener, settings):
    settings.RATELIMIT_REGISTER_IP = "100/3600"
    settings.RATELIMIT_REGISTER_TARGET = "2/3600"
    for n, email in enumerate([listener.email, listener.email.upper()]):
        assert _register(client, iin="", email=email, ip=f"10.4.0.{n}").status_code == 200
    response = _register(client, iin="", email=listener.email.title(), ip="10.4.0.9")
    assert response.status_code == 429


def _reset(client, email, ip="10.5.0.1"):
    return client.post("/en/accounts/password-reset/", {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_mails_are_limited_per_target(client, listener, settings):
    settings.RATELIMIT_PASSWORD_RESET_IP = "100/3600"
    settings.RATELIMIT_PASSWORD_RESET_TARGET = "3/3600"
    for n in range(25):
        response = _reset(client, listener.email, ip=f"10.5.0.{n}")
        assert response.status_code == 302  # the same answer whether a mail went out or not
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_address(client, listener, settings):
    settings.RATELIMIT_PASSWORD_RESET_IP = "4/3600"
    settings.RATELIMIT_PASSWORD_RESET_TARGET = "100/3600"
    for n in range(4):
        assert _reset(client, f"someone{n}@example.kz").status_code == 302
    response = _reset(client, listener.email)
    assert response.status_code == 429
    assert len(mail.outbox) == 0


def test_behind_the_proxy_clients_are_told_apart_by_the_header_it_sets(client, listener, settings):
    settings.CLIENT_IP_HEADERS = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
    settings.RATELIMIT_LOGIN_IP = "3/900"
    for n in range(3):
        client.post(
            "/en/accounts/login/",
            {"username": f"x{n}@example.kz", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="10.7.0.1",
        )
    other = Client().post(
        "/en/accounts/login/",
        {"username": listener.iin, "password": TEST_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="10.7.0.2",
    )
    assert other.status_code == 302  # the proxy's own address is not what is limited
