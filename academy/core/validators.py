"""Validators every app shares: dates a person could really have meant."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(1900, 1, 1)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@deconstructible
class PlausibleDate:
    """A date from 1900-01-01 to today (past=True) or to today plus some years.

    0001-01-01 or 9999-12-31 are typing slips or crafted input, never a real date of
    an appointment, a received result or an event; they are refused, not stored.
    """

    def __init__(self, *, past: bool = False, years_ahead: int = 5) -> None:
        self.past = past
        self.years_ahead = years_ahead

    def latest(self) -> date:
        today = timezone.localdate()
        return today if self.past else _years_later(today, self.years_ahead)

    def __call__(self, value: Any) -> None:
        if not isinstance(value, date):
            return
        latest = self.latest()
        if EARLIEST_DATE <= value <= latest:
            return
        raise ValidationError(
            _("%(value)s is not a plausible date: give a date from %(earliest)s to %(latest)s."),
            code="implausible_date",
            params={
                "value": value.strftime("%d.%m.%Y") if value.year >= 1000 else value.isoformat(),
                "earliest": EARLIEST_DATE.strftime("%d.%m.%Y"),
                "latest": latest.strftime("%d.%m.%Y"),
            },
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDate) and (self.past, self.years_ahead) == (
            other.past,
            other.years_ahead,
        )


plausible_date = PlausibleDate()
past_date = PlausibleDate(past=True)


def check_dates(instance: Any, **validators: PlausibleDate) -> None:
    """Run date validators over fields of a model instance (from its clean())."""
    errors: dict[str, list[ValidationError]] = {}
    for name, validator in validators.items():
        try:
            validator(getattr(instance, name, None))
        except ValidationError as error:
            errors.setdefault(name, []).append(error)
    if errors:
        raise ValidationError(errors)
