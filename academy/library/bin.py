"""Kazakhstan's business identification number (BIN, БСН/БИН) – and the IIN a sole trader uses.

Twelve digits: year and month of registration (YYMM), the kind of entity (4 – resident
legal entity, 5 – non-resident, 6 – sole trader in a joint venture), its sort (0 – head
office, 1 – branch, 2 – representative office, 3 – peasant farm), five serial digits and a
check digit computed exactly as for an IIN. academy.core.iin checks IINs only, so the
BIN rule is here; a supplier that is a sole trader gives an IIN, accepted as well.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from academy.core.iin import iin_check_digit, parse_iin


def validate_bin(value: str) -> None:
    """Model and form field validator: a valid BIN, or a valid IIN of a sole trader."""
    value = (value or "").strip()
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("A BIN or IIN is exactly 12 digits."), code="bin_format")
    if value[4] in "456":
        if not 1 <= int(value[2:4]) <= 12 or value[5] not in "0123":
            raise ValidationError(
                _("This BIN does not have a registration month and entity sort."),
                code="bin_structure",
            )
        expected = iin_check_digit(value[:11])
        if expected is None or expected != int(value[11]):
            raise ValidationError(_("The BIN check digit is wrong."), code="bin_checksum")
        return
    try:
        parse_iin(value)
    except ValidationError:
        raise ValidationError(
            _("This is neither a valid BIN nor a valid IIN."), code="bin_invalid"
        ) from None


def make_bin(year: int, month: int, serial: int) -> str:
    """Build a valid BIN of a resident head office (for demo data and tests)."""
    for offset in range(100000):
        first = f"{year % 100:02d}{month:02d}40{(serial + offset) % 100000:05d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"
    raise ValueError("no valid BIN")  # unreachable in practice
