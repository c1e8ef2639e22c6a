"""Writes of the e-library (IS-12): cataloguing and circulation."""

from .cataloguing import (
    ImportReport,
    copy_add,
    record_create,
    record_update,
    records_import,
    require_librarian,
)
from .circulation import (
    due_date,
    loan_issue,
    loan_limit,
    loan_renew,
    loan_return,
    reader_card_issue,
)
from .marc import MarcFileError, parse_marc, records_to_iso2709, records_to_marcxml

__all__ = [
    "ImportReport",
    "MarcFileError",
    "copy_add",
    "due_date",
    "loan_issue",
    "loan_limit",
    "loan_renew",
    "loan_return",
    "parse_marc",
    "reader_card_issue",
    "record_create",
    "record_update",
    "records_import",
    "records_to_iso2709",
    "records_to_marcxml",
    "require_librarian",
]
