"""Writes for the appeals app: every state change of an appeal goes through here."""

from .common import notify
from .decisions import (
    appeal_decide,
    clean_sheet_items,
    review_sheet_submit,
    sitting_minutes_generate,
    vote_cast,
)
from .filing import appeal_attach_fault_act, appeal_file, result_attach_recording, result_record
from .sheets import (
    GRADED_STAGES,
    clean_grader_scores,
    grader_sheet_delete,
    grader_sheet_record,
    require_sheets_open,
)
from .sittings import (
    appeal_postpone,
    appeal_request_postponement,
    can_manage_commission,
    commission_save,
    commission_validate,
    recusal_declare,
    sitting_record_attendance,
    sitting_schedule,
    sitting_send_materials,
)

__all__ = [
    "GRADED_STAGES",
    "clean_grader_scores",
    "grader_sheet_delete",
    "grader_sheet_record",
    "require_sheets_open",
    "appeal_attach_fault_act",
    "appeal_decide",
    "appeal_file",
    "appeal_postpone",
    "appeal_request_postponement",
    "can_manage_commission",
    "clean_sheet_items",
    "commission_save",
    "commission_validate",
    "notify",
    "recusal_declare",
    "result_attach_recording",
    "result_record",
    "review_sheet_submit",
    "sitting_minutes_generate",
    "sitting_record_attendance",
    "sitting_schedule",
    "sitting_send_materials",
    "vote_cast",
]
