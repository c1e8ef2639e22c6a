"""Implausible dates (year 1, year 9999, an IIN born in the future) are refused."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import override

from academy.core.iin import make_iin, parse_iin
from academy.core.validators import PlausibleDate, past_date, plausible_date


@time_machine.travel("2026-06-15 09:00 +05:00", tick=False)
@pytest.mark.parametrize("value", [date(1, 1, 1), date(1899, 12, 31), date(9999, 12, 31)])
def test_it_refuses_dates_no_one_means(value):
    with pytest.raises(ValidationError) as error:
        plausible_date(value)
    assert error.value.code == "implausible_date"


@time_machine.travel("2026-06-15 09:00 +05:00", tick=False)
def test_the_range_is_named_in_the_message():
    with override("ru"):
        with pytest.raises(ValidationError) as error:
            past_date(date(2026, 6, 16))
        assert error.value.messages == [
            "16.06.2026 – неправдоподобная дата: укажите дату с 01.01.1900 по 15.06.2026."
        ]


@time_machine.travel("2026-06-15 09:00 +05:00", tick=False)
def test_it_accepts_dates_in_range():
    for value in (date(1900, 1, 1), date(2026, 6, 15), date(2031, 6, 15), None):
        plausible_date(value)
    past_date(date(2026, 6, 15))
    with pytest.raises(ValidationError):
        PlausibleDate(years_ahead=1)(date(2027, 6, 16))


@time_machine.travel("2026-06-15 09:00 +05:00", tick=False)
def test_an_iin_born_in_the_future_is_refused():
    iin = make_iin(date(2099, 1, 1), "M", 1)
    with override("ru"):
        with pytest.raises(ValidationError) as error:
            parse_iin(iin)
        assert error.value.code == "iin_birth_date_future"
        assert "01.01.2099" in error.value.messages[0] and "будущем" in error.value.messages[0]
    assert parse_iin(make_iin(date(2026, 6, 15), "F", 1)).birth_date == date(2026, 6, 15)
