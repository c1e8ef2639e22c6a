import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from academy.accounts import services
from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.accounts.testing import UserFactory
from academy.core.iin import make_iin

pytestmark = pytest.mark.django_db


def _registration(**overrides):
    from datetime import date

    data = {
        "iin": make_iin(date(1990, 1, 15), "F", 42),
        "surname": "Әлімова",
        "first_name": "Айгерім",
        "email": "aigerim@example.kz",
        "password": "Qazaq-Sot-2026!",
    }
    data.update(overrides)
    return data


@pytest.mark.clause("IS-13")
def test_it_registers_an_unverified_account_without_roles():
    user = services.user_register(**_registration())
    assert user.account_verified is False
    assert user.role_codes == frozenset()
    assert user.check_password("Qazaq-Sot-2026!")


def test_it_rejects_a_duplicate_iin_with_a_clear_message():
    existing = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.user_register(**_registration(iin=existing.iin, email="other@example.kz"))
    assert error.value.error_dict["iin"][0].code == "unique"


def test_it_rejects_a_duplicate_email_whatever_the_case():
    UserFactory(email="same@example.kz")
    with pytest.raises(ValidationError):
        services.user_register(**_registration(email="SAME@example.kz"))


def test_it_rejects_an_invalid_iin():
    with pytest.raises(ValidationError) as error:
        services.user_register(**_registration(iin="123456789012"))
    assert "iin" in error.value.message_dict


@pytest.mark.clause("IS-13")
def test_verification_records_who_and_when(methodologist):
    user = services.user_register(**_registration())
    services.user_verify(user=user, by=methodologist)
    user.refresh_from_db()
    assert user.account_verified and user.verified_by == methodologist and user.verified_at


def test_rejection_needs_a_reason_and_is_audited(methodologist):
    user = services.user_register(**_registration())
    with pytest.raises(ValidationError):
        services.user_reject(user=user, by=methodologist, reason="  ")
    services.user_reject(user=user, by=methodologist, reason="Not a court employee")
    user.refresh_from_db()
    assert user.is_active is False
    entry = LogEntry.objects.get(additional_data__event="registration_rejected")
    assert entry.actor == methodologist


@pytest.mark.clause("IS-13")
def test_role_assignment_is_audited_and_grants_admin_site_only_to_administrators(administrator):
    user = UserFactory()
    services.user_set_roles(user=user, roles=[Role.LECTURER], by=administrator)
    assert user.role_codes == {Role.LECTURER}
    assert user.is_staff is False
    services.user_set_roles(user=user, roles=[Role.ADMINISTRATOR], by=administrator)
    assert User.objects.get(pk=user.pk).is_staff is True
    assert LogEntry.objects.get_for_object(user).filter(changes__has_key="groups").exists()


def test_an_administrator_cannot_remove_their_own_administrator_role(administrator):
    with pytest.raises(ValidationError):
        services.user_set_roles(user=administrator, roles=[Role.LECTURER], by=administrator)


def test_unknown_roles_are_refused(administrator):
    with pytest.raises(ValidationError):
        services.user_set_roles(user=UserFactory(), roles=["pope"], by=administrator)


def test_every_role_exists_as_a_group_after_migrate():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
