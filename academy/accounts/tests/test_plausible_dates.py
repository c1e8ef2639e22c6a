"""An appointment date of 0001-01-01 (or tomorrow) is refused at registration."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from academy.accounts.forms import RegistrationForm
from academy.accounts.models import User
from academy.core.iin import make_iin


def registration(appointed: date) -> dict:
    return {
        "iin": make_iin(date(1980, 5, 17), "M", 4242),
        "surname": "Ахметов",
        "first_name": "Бақыт",
        "email": "bakyt@example.kz",
        "preferred_language": "kk",
        "category": User.Category.JUDGE,
        "date_appointed_judge": appointed.isoformat(),
        "password1": "Zhetisu-2026-kyz",
        "password2": "Zhetisu-2026-kyz",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("appointed", [date(1, 1, 1), "tomorrow", date(9999, 12, 31)])
def test_an_implausible_appointment_date_is_refused(appointed):
    # "Tomorrow" is computed when the test runs, not when it is collected: a suite
    # that crosses midnight in Almaty would otherwise test today.
    if appointed == "tomorrow":
        appointed = timezone.localdate() + timedelta(days=1)
    with override("en"):
        form = RegistrationForm(data=registration(appointed))
        assert not form.is_valid()
        assert "is not a plausible date" in form.errors["date_appointed_judge"][0]


@pytest.mark.django_db
def test_a_real_appointment_date_is_accepted():
    form = RegistrationForm(data=registration(date(2015, 3, 2)))
    assert form.is_valid(), form.errors
