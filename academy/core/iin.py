"""Kazakhstan's individual identification number (IIN, ЖСН/ИИН).

Twelve digits: birth date YYMMDD, a century-and-sex digit (1/2 – 1800s, 3/4 – 1900s,
5/6 – 2000s; odd male, even female), four serial digits and a check digit. The check
digit is the sum of the first eleven digits weighted 1..11, modulo 11; when that gives
10 the weights 3..11, 1, 2 are used instead, and a second 10 means the number is never
issued. python-stdnum has no Kazakhstan module, so the rule lives here once.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True)
class IinInfo:
    birth_date: date
    sex: str  # "M" or "F"


def iin_check_digit(first_eleven: str) -> int | None:
    """Return the check digit for eleven digits, or None when no valid one exists."""
    digits = [int(ch) for ch in first_eleven]
    remainder = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS, strict=True)) % 11
        if remainder == 10:
            return None
    return remainder


def parse_iin(value: str) -> IinInfo:
    """Validate an IIN and return what it encodes; raise ValidationError otherwise."""
    value = (value or "").strip()
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("An IIN is exactly 12 digits."), code="iin_format")
    century_digit = int(value[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise ValidationError(
            _("The 7th digit of an IIN (century and sex) must be from 1 to 6."),
            code="iin_century",
        )
    year = CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        birth_date = date(year, int(value[2:4]), int(value[4:6]))
    except ValueError as exc:
        raise ValidationError(
            _("The first six digits of an IIN must be a real birth date (YYMMDD)."),
            code="iin_birth_date",
        ) from exc
    if birth_date > timezone.localdate():
        raise ValidationError(
            _("The birth date in an IIN (%(date)s) cannot be in the future."),
            code="iin_birth_date_future",
            params={"date": birth_date.strftime("%d.%m.%Y")},
        )
    expected = iin_check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise ValidationError(_("The IIN check digit is wrong."), code="iin_checksum")
    return IinInfo(birth_date=birth_date, sex="M" if century_digit % 2 else "F")


def validate_iin(value: str) -> None:
    """Model and form field validator."""
    parse_iin(value)


def make_iin(birth_date: date, sex: str, serial: int) -> str:
    """Build a valid IIN (for demo data and tests); tries following serials if needed."""
    century = (birth_date.year // 100) * 100
    base_digit = {1800: 1, 1900: 3, 2000: 5}[century] + (0 if sex == "M" else 1)
    for offset in range(10000):
        first = f"{birth_date:%y%m%d}{base_digit}{(serial + offset) % 10000:04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"
    raise ValueError("no valid IIN for this date")  # unreachable in practice
