from datetime import date

import pytest

from academy.core.models import WorkingDayOverride
from academy.core.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    weekend_workdays,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_weekdays_are_working_and_weekends_are_not():
    assert is_working_day(date(2026, 11, 23))  # Monday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 11, 22))  # Sunday


def test_nauryz_and_its_moved_days_are_not_working():
    for day in (21, 22, 23, 24, 25):
        assert not is_working_day(date(2026, 3, day))
    assert is_working_day(date(2026, 3, 26))


@pytest.mark.clause("AP-9")
def test_three_working_days_across_nauryz():
    # Result received on Friday 20 March 2026: Nauryz and its moved days are skipped.
    assert add_working_days(date(2026, 3, 20), 3) == date(2026, 3, 30)


def test_independence_day_16_december_is_a_holiday():
    assert not is_working_day(date(2025, 12, 16))
    # 17 December stopped being a holiday in 2022; it was one before.
    assert is_working_day(date(2025, 12, 17))
    assert not is_working_day(date(2021, 12, 17))
    assert add_working_days(date(2025, 12, 15), 1) == date(2025, 12, 17)
    assert add_working_days(date(2021, 12, 15), 1) == date(2021, 12, 20)


def test_override_adds_a_day_off():
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 8, 31)
    WorkingDayOverride.objects.create(
        date=date(2026, 8, 31), kind=WorkingDayOverride.Kind.DAY_OFF, note="Constitution Day"
    )
    assert not is_working_day(date(2026, 8, 31))
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 1)


def test_override_makes_a_saturday_working():
    WorkingDayOverride.objects.create(
        date=date(2026, 11, 21), kind=WorkingDayOverride.Kind.WORKING_DAY
    )
    assert is_working_day(date(2026, 11, 21))
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 21)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 30)) == 3
    assert working_days_between(date(2026, 3, 30), date(2026, 3, 20)) == -3
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


def test_add_zero_working_days_is_the_same_day():
    assert add_working_days(date(2026, 3, 21), 0) == date(2026, 3, 21)


def test_holiday_names_in_three_languages():
    assert holiday_name(date(2026, 3, 21), "kk") == "Наурыз мейрамы"
    assert holiday_name(date(2026, 3, 21), "en") == "Nowruz Holiday"
    assert holiday_name(date(2026, 3, 21), "ru") == "Наурыз мейрамы"
    assert holiday_name(date(2025, 12, 16), "ru") == "День Независимости"
    assert holiday_name(date(2026, 5, 11), "ru") == "День Победы (перенесённый выходной)"
    assert holiday_name(date(2026, 11, 23), "ru") == ""


# ---- Transfer decrees of 2024-2026: the package's weekend working days ----


@pytest.mark.clause("AP-9")
@pytest.mark.parametrize(
    ("year", "worked_weekend_days", "moved_days_off"),
    [
        (2024, [date(2024, 5, 4)], [date(2024, 5, 8)]),  # Saturday 4 May for Wednesday 8 May
        (2025, [date(2025, 1, 5)], [date(2025, 1, 3)]),  # Sunday 5 Jan for Friday 3 Jan
        (2026, [], []),  # no transfer decree for 2026
    ],
)
def test_every_transfer_of_2024_to_2026_is_known(year, worked_weekend_days, moved_days_off):
    assert weekend_workdays(year) == worked_weekend_days
    for day in worked_weekend_days:
        assert day.weekday() >= 5
        assert is_working_day(day)
        assert holiday_name(day, "en") == ""
    for day in moved_days_off:
        assert day.weekday() < 5
        assert not is_working_day(day)


@pytest.mark.clause("AP-9")
def test_sunday_5_january_2025_counts_as_a_working_day():
    # Result received Friday 3 Jan 2025: Sun 5, Mon 6, (Tue 7 is Christmas) Wed 8.
    assert add_working_days(date(2025, 1, 3), 3) == date(2025, 1, 8)
    assert working_days_between(date(2025, 1, 3), date(2025, 1, 9)) == 4
    # Saturday 4 May 2024 was worked for Wednesday 8 May.
    assert add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)
    # Tue 7 May and Thu 9 May are holidays, Wed 8 May the moved day off.
    assert add_working_days(date(2024, 5, 6), 1) == date(2024, 5, 10)


def test_override_table_still_wins_over_the_package():
    WorkingDayOverride.objects.create(
        date=date(2025, 1, 5), kind=WorkingDayOverride.Kind.DAY_OFF, note="Decree repealed"
    )
    assert not is_working_day(date(2025, 1, 5))
    assert add_working_days(date(2025, 1, 3), 3) == date(2025, 1, 9)
