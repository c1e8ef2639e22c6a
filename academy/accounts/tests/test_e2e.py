"""End to end in headless Chromium: registration to verified staff with 2FA, and every demo role."""

import re
from datetime import date

import pytest
from django_otp.oath import totp

from academy.accounts.demo import DEMO_PASSWORD, seed_organisations, seed_people
from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.iin import make_iin

pytestmark = pytest.mark.browser

STAFF_PAGES = {
    "/kk/accounts/verification/": {Role.ADMINISTRATOR, Role.METHODOLOGIST},
    "/kk/accounts/users/": {Role.ADMINISTRATOR},
    "/kk/audit/": {Role.ADMINISTRATOR},
}


def test_every_demo_role_opens_its_pages_and_is_refused_the_others(page, login):
    people = seed_people(seed_organisations())
    for _label, user in people:
        role = next(iter(user.role_codes))
        login(page, user, password=DEMO_PASSWORD)
        page.wait_for_url(re.compile(r"/dashboard/$"))
        assert page.get_by_test_id("current-user").inner_text() == user.short_name
        for path, allowed in STAFF_PAGES.items():
            response = page.goto(path)
            expected = 200 if role in allowed else 403
            assert response.status == expected, (role, path, response.status)
        page.goto("/kk/dashboard/")
        page.get_by_role("button", name="Шығу").click()
        page.wait_for_url(re.compile(r"/kk/$"))


def test_a_new_user_registers_is_verified_gets_a_role_and_logs_in_with_two_factor(
    page, login, settings, administrator, methodologist
):
    settings.OTP_REQUIRED_FOR_STAFF = True
    for staff in (administrator, methodologist):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    iin = make_iin(date(1988, 4, 2), "F", 77)

    # 1. Register in Russian.
    page.goto("/ru/accounts/register/")
    page.fill("#id_iin", iin)
    page.fill("#id_surname", "Омарова")
    page.fill("#id_first_name", "Мадина")
    page.fill("#id_email", "madina@example.kz")
    page.select_option("#id_category", "court_staff")
    page.fill("#id_password1", "Sot-Akademiasy-88")
    page.fill("#id_password2", "Sot-Akademiasy-88")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/ru/accounts/login/"))
    login(page, User.objects.get(iin=iin), password="Sot-Akademiasy-88", language="ru")
    page.wait_for_url(re.compile(r"/accounts/pending/$"))
    page.goto("/ru/dashboard/")
    assert page.url.endswith("/accounts/pending/")
    page.get_by_role("button", name="Выйти").click()

    def pass_two_factor(user):
        device = user.totpdevice_set.get()
        page.wait_for_url(re.compile(r"/accounts/two-factor/"))
        page.fill("#id_token", f"{totp(device.bin_key):06d}")
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/dashboard/$"))

    # 2. The methodologist verifies the account from the queue.
    login(page, methodologist, language="en")
    pass_two_factor(methodologist)
    page.goto("/en/accounts/verification/")
    page.get_by_test_id(f"pending-{iin}").get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    assert User.objects.get(iin=iin).account_verified
    page.get_by_role("button", name="Log out").click()

    # 3. The administrator makes her a methodologist.
    login(page, administrator, language="en")
    pass_two_factor(administrator)
    page.goto(f"/en/accounts/users/{User.objects.get(iin=iin).pk}/roles/")
    page.get_by_label("Methodologist (study department)").check()
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/users/$"))
    page.get_by_role("button", name="Log out").click()

    # 4. Now staff: she must pair an authenticator before anything else.
    login(page, User.objects.get(iin=iin), password="Sot-Akademiasy-88", language="ru")
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    secret = page.get_by_test_id("otp-secret").inner_text()
    import base64

    code = totp(base64.b32decode(secret))
    page.fill("#id_token", f"{code:06d}")
    page.click("main button[type=submit]")
    # She chose no language at registration, so she continues in Kazakh, the default.
    page.wait_for_url(re.compile(r"/kk/dashboard/$"))
    assert page.locator("main a[href='/kk/accounts/verification/']").is_visible()


@pytest.mark.clause("IS-21")
def test_the_language_switcher_keeps_the_page_and_remembers_the_choice(page, login, listener):
    login(page, listener)
    page.wait_for_url(re.compile(r"/kk/dashboard/$"))
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url(re.compile(r"/ru/dashboard/$"))
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/en/dashboard/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    listener.refresh_from_db()
    assert listener.preferred_language == "en"
