from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.accounts.testing import TEST_PASSWORD, UserFactory, persona
from academy.core.iin import make_iin

pytestmark = pytest.mark.django_db


def _login(client, login, password=TEST_PASSWORD):
    return client.post("/kk/accounts/login/", {"username": login, "password": password})


def test_a_user_logs_in_by_iin(client, listener):
    response = _login(client, listener.iin)
    assert response.status_code == 302
    assert response["Location"].endswith("/dashboard/")


def test_a_user_logs_in_by_email_in_any_case(client, listener):
    response = _login(client, listener.email.upper())
    assert response.status_code == 302


def test_login_continues_in_the_preferred_language(client):
    user = persona(Role.LISTENER, preferred_language="ru")
    response = _login(client, user.iin)
    assert response["Location"] == "/ru/dashboard/"
    assert response.cookies["academy_language"].value == "ru"


@pytest.mark.clause("IS-21")
def test_the_language_of_the_address_the_user_chose_wins_over_the_saved_one(client):
    user = persona(Role.LISTENER, preferred_language="kk")
    response = client.post(
        "/en/accounts/login/?next=/en/library/my/",
        {"username": user.iin, "password": TEST_PASSWORD},
    )
    assert response["Location"] == "/en/library/my/"
    assert response.cookies["academy_language"].value == "en"


def test_a_next_address_without_a_language_continues_in_the_saved_one(client):
    user = persona(Role.LISTENER, preferred_language="ru")
    response = client.post(
        "/kk/accounts/login/?next=/library/my/", {"username": user.iin, "password": TEST_PASSWORD}
    )
    # The address carries no language: the cookie sends the next request to /ru/library/my/.
    assert response["Location"] == "/library/my/"
    assert response.cookies["academy_language"].value == "ru"


def test_a_wrong_password_is_refused_with_a_message(client, listener):
    response = _login(client, listener.iin, "wrong")
    assert response.status_code == 200
    assert "form" in response.context
    assert response.context["form"].errors


def test_failed_logins_are_rate_limited(client, listener, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, listener.iin, "wrong")
    response = _login(client, listener.iin)  # right password, but locked out now
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.clause("IS-13")
def test_registration_page_creates_an_unverified_account(client):
    iin = make_iin(date(1992, 7, 1), "M", 5)
    response = client.post(
        "/en/accounts/register/",
        {
            "iin": iin,
            "surname": "Қалиев",
            "first_name": "Асхат",
            "email": "askhat@example.kz",
            "preferred_language": "kk",
            "category": "judge",
            "password1": "Zan-Akademia-77",
            "password2": "Zan-Akademia-77",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert User.objects.get(iin=iin).account_verified is False


def test_registration_reports_a_bad_iin_on_the_field(client):
    response = client.post(
        "/en/accounts/register/",
        {
            "iin": "850321300012",
            "surname": "A",
            "first_name": "B",
            "email": "b@example.kz",
            "preferred_language": "kk",
            "category": "judge",
            "password1": "Zan-Akademia-77",
            "password2": "Zan-Akademia-77",
        },
    )
    assert response.status_code == 200
    assert "The IIN check digit is wrong." in response.context["form"].errors["iin"]


@pytest.mark.clause("IS-13")
def test_an_unverified_account_reaches_nothing_but_its_waiting_page(client):
    user = UserFactory(account_verified=False)
    client.force_login(user)
    for path in [
        "/kk/dashboard/",
        "/kk/accounts/profile/",
        "/kk/accounts/verification/",
        "/kk/admin/",
    ]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].endswith(
            "/accounts/pending/"
        ), path
    assert client.get("/kk/accounts/pending/").status_code == 200


@pytest.mark.clause("IS-13")
def test_the_verification_unit_verifies_from_its_queue(client_as, methodologist):
    waiting = UserFactory(account_verified=False)
    client = client_as(methodologist)
    page = client.get("/en/accounts/verification/")
    assert waiting.iin in page.content.decode()
    response = client.post(f"/en/accounts/verification/{waiting.pk}/verify/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.account_verified and waiting.verified_by == methodologist


@pytest.mark.parametrize(
    "path",
    ["/en/accounts/verification/", "/en/accounts/users/", "/en/audit/"],
)
def test_a_listener_gets_403_on_staff_pages(client_as, listener, path):
    assert client_as(listener).get(path).status_code == 403


def test_a_methodologist_cannot_assign_roles(client_as, methodologist, listener):
    response = client_as(methodologist).post(
        f"/en/accounts/users/{listener.pk}/roles/", {"roles": [Role.ADMINISTRATOR]}
    )
    assert response.status_code == 403
    assert not listener.has_role(Role.ADMINISTRATOR)


def test_only_administrators_enter_the_admin_site(client_as, methodologist, administrator):
    assert client_as(methodologist).get("/en/admin/").status_code == 302
    assert client_as(administrator).get("/en/admin/").status_code == 200


def test_an_administrator_assigns_roles(client_as, administrator, listener):
    response = client_as(administrator).post(
        f"/en/accounts/users/{listener.pk}/roles/", {"roles": [Role.LISTENER, Role.READER]}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=listener.pk).role_codes == {Role.LISTENER, Role.READER}


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/en/accounts/users/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_language_switch_is_remembered_for_the_user(client_as, listener):
    client = client_as(listener)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kk/dashboard/"})
    assert response["Location"] == "/en/dashboard/"
    listener.refresh_from_db()
    assert listener.preferred_language == "en"


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_password_reset_sends_an_email(client, listener):
    response = client.post("/en/accounts/password-reset/", {"email": listener.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password-reset/" in mail.outbox[0].body


class TestTwoFactor:
    @pytest.fixture(autouse=True)
    def _require_otp(self, settings):
        settings.OTP_REQUIRED_FOR_STAFF = True

    def test_staff_must_set_up_two_factor_before_anything_else(self, methodologist):
        client = Client()
        _login(client, methodologist.iin)
        response = client.get("/en/dashboard/")
        assert response.status_code == 302 and response["Location"].endswith(
            "/accounts/two-factor/"
        )
        assert client.get("/en/accounts/two-factor/")["Location"].endswith("/two-factor/setup/")

    def test_staff_pass_with_a_valid_code(self, methodologist):
        client = Client()
        _login(client, methodologist.iin)
        client.get("/en/accounts/two-factor/setup/")
        device = TOTPDevice.objects.get(user=methodologist)
        code = f"{totp(device.bin_key):06d}"
        assert client.post("/en/accounts/two-factor/setup/", {"token": code}).status_code == 302
        assert client.get("/en/dashboard/").status_code == 200

    def test_a_wrong_code_is_refused(self, methodologist):
        client = Client()
        _login(client, methodologist.iin)
        client.get("/en/accounts/two-factor/setup/")
        wrong = client.post("/en/accounts/two-factor/setup/", {"token": "000000"})
        assert wrong.status_code == 200 and wrong.context["form"].errors
        assert client.get("/en/dashboard/").status_code == 302

    def test_a_confirmed_device_is_asked_at_every_login(self, methodologist):
        device = TOTPDevice.objects.create(user=methodologist, name="phone", confirmed=True)
        client = Client()
        _login(client, methodologist.iin)
        assert client.get("/en/accounts/verification/")["Location"].endswith(
            "/accounts/two-factor/"
        )
        client.post("/en/accounts/two-factor/", {"token": f"{totp(device.bin_key):06d}"})
        assert client.get("/en/accounts/verification/").status_code == 200

    def test_listeners_are_not_forced_into_two_factor(self, listener):
        client = Client()
        _login(client, listener.iin)
        assert client.get("/en/dashboard/").status_code == 200
