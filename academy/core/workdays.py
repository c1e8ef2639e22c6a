"""The working-day calendar of Kazakhstan: every deadline in the system counts on it.

A day is a working day when the `holidays` package (country KZ) says so: Monday to
Friday that is not a public holiday nor a day off moved to a weekday by a transfer
decree, or a Saturday or Sunday that a transfer decree made a working day
(`KZ().weekend_workdays`, e.g. Sunday 5 January 2025). A `WorkingDayOverride` row wins
over the package: it holds the decrees the package does not have yet.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import get_language

# The package names holidays in Kazakh and English only; Russian names by English name.
RUSSIAN_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Eid al-Adha": "Курбан айт",
    "Capital Day": "День столицы",
    "Constitution Day": "День Конституции",
    "Republic Day": "День Республики",
    "Independence Day": "День Независимости",
    "First President Day": "День Первого Президента",
    "Day off (substituted from %s)": "Перенесённый выходной день",
}
RUSSIAN_SUFFIXES = {
    " (observed)": " (перенесённый выходной)",
    " (estimated)": " (ориентировочно)",
    " (observed, estimated)": " (перенесённый выходной, ориентировочно)",
}
PACKAGE_LANGUAGES = {"kk": "kk", "en": "en_US"}


@lru_cache(maxsize=64)
def _public_holidays(year: int, language: str = "en_US") -> dict[date, str]:
    return dict(holidays.country_holidays("KZ", years=year, language=language))


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


def weekend_workdays(year: int) -> list[date]:
    """Saturdays and Sundays a transfer decree made working days in `year` (from the package)."""
    return sorted(day for day in _calendar(year).weekend_workdays if day.year == year)


def _overrides(start: date, end: date) -> dict[date, str]:
    from .models import WorkingDayOverride

    return dict(
        WorkingDayOverride.objects.filter(date__range=(start, end)).values_list("date", "kind")
    )


def _is_working(day: date, overrides: dict[date, str]) -> bool:
    from .models import WorkingDayOverride

    kind = overrides.get(day)
    if kind == WorkingDayOverride.Kind.DAY_OFF:
        return False
    if kind == WorkingDayOverride.Kind.WORKING_DAY:
        return True
    # The package knows weekends made working days (Sunday 5 January 2025) and days off moved
    # to a weekday (Friday 3 January 2025); the override table holds decrees it lacks.
    return _calendar(day.year).is_working_day(day)


def is_working_day(day: date) -> bool:
    return _is_working(day, _overrides(day, day))


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (n >= 0); n = 0 gives `start` itself."""
    if n < 0:
        raise ValueError("n must not be negative")
    # Two calendar weeks per working week plus a month of holidays is always enough.
    overrides = _overrides(start, start + timedelta(days=3 * n + 40))
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if _is_working(day, overrides):
            left -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b` (negative when b precedes a)."""
    if b < a:
        return -working_days_between(b, a)
    overrides = _overrides(a, b)
    return sum(
        1 for offset in range(1, (b - a).days + 1) if _is_working(a + timedelta(offset), overrides)
    )


def holiday_name(day: date, language: str | None = None) -> str:
    """The public holiday's or override's name in `language` ('' on an ordinary day)."""
    from .models import WorkingDayOverride

    language = (language or get_language() or "kk")[:2]
    override = WorkingDayOverride.objects.filter(date=day).first()
    if override is not None:
        return override.note or str(override.get_kind_display())
    if language == "ru":
        english = _public_holidays(day.year).get(day, "")
        for suffix, russian in RUSSIAN_SUFFIXES.items():
            if english.endswith(suffix):
                return RUSSIAN_NAMES.get(english.removesuffix(suffix), english) + russian
        if english.startswith("Day off (substituted"):
            return RUSSIAN_NAMES["Day off (substituted from %s)"]
        return RUSSIAN_NAMES.get(english, english)
    return _public_holidays(day.year, PACKAGE_LANGUAGES.get(language, "en_US")).get(day, "")
