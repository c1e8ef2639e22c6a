"""Writes of the e-library (IS-12): acquisition, administration, cataloguing, circulation."""

from .acquisition import (
    copy_write_off,
    order_create,
    order_line_add,
    order_line_receive,
    order_place,
    supplier_create,
)
from .administration import (
    async_import_threshold,
    import_job_start,
    library_settings_update,
    report_from_json,
)
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
    hold_place,
    loan_days,
    loan_issue,
    loan_limit,
    loan_renew,
    loan_return,
    reader_card_issue,
)
from .marc import (
    ENCODINGS,
    MarcFileError,
    parse_marc,
    read_marc,
    records_to_iso2709,
    records_to_marcxml,
)

__all__ = [
    "hold_place",
    "ENCODINGS",
    "read_marc",
    "async_import_threshold",
    "copy_write_off",
    "import_job_start",
    "library_settings_update",
    "loan_days",
    "order_create",
    "order_line_add",
    "order_line_receive",
    "order_place",
    "report_from_json",
    "supplier_create",
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
