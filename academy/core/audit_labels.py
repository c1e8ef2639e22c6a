"""The audit log in the reader's language: named events, field names and objects.

An entry stores the event's code (`order_signed`), the changed fields' names and the
object's name as it read when it was written (in Kazakh, whatever the reader's language);
these labels and `entry_rows` turn them into the reader's words.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVENTS: dict[str, Any] = {
    "answers_released": _("Answers released"),
    "api_key_changed": _("API key changed"),
    "api_key_issued": _("API key issued"),
    "api_key_revoked": _("API key revoked"),
    "appeal_decided": _("Appeal decided"),
    "appeal_filed": _("Appeal filed"),
    "assignment_created": _("Assignment given"),
    "assignment_graded": _("Assignment graded"),
    "assignment_submitted": _("Assignment submitted"),
    "attendance_recorded": _("Attendance recorded"),
    "blueprint_saved": _("Test blueprint saved"),
    "calendar_link_renewed": _("Calendar link renewed"),
    "case_saved": _("Case saved"),
    "certificate_issued": _("Certificate issued"),
    "commission_created": _("Commission recorded"),
    "commission_changed": _("Commission changed"),
    "commission_fixed": _("Commission fixed"),
    "conflict_declared": _("Conflict of interest declared"),
    "course_approved": _("Course approved"),
    "course_created": _("Course created"),
    "document_countersigned": _("Document countersigned"),
    "document_signed": _("Document signed"),
    "document_uploaded": _("Document uploaded"),
    "event_changed": _("Event changed"),
    "event_drafted": _("Event drafted"),
    "event_published": _("Event published"),
    "exam_cases_set": _("Exam cases chosen"),
    "exam_closed_explicitly": _("Exam closed by the commission"),
    "exam_created": _("Exam created"),
    "exam_opened": _("Exam opened"),
    "exam_questions_published": _("Exam questions published"),
    "expulsion_proposal_dismissed": _("Expulsion proposal dismissed"),
    "expulsion_proposal_raised": _("Expulsion proposed"),
    "extra_time_granted": _("Extra time granted"),
    "fault_act_attached": _("Fault act attached"),
    "grader_sheet_deleted": _("Grader's sheet deleted"),
    "grader_sheet_recorded": _("Grader's sheet recorded"),
    "group_confirmed": _("Group confirmed"),
    "group_created": _("Group created"),
    "group_list_imported": _("Group list imported"),
    "group_size_override": _("Group size allowed beyond the limit"),
    "lesson_changed": _("Class changed"),
    "lesson_scheduled": _("Class scheduled"),
    "library_card_issued": _("Reader card issued"),
    "library_copy_added": _("Copy added"),
    "library_copy_written_off": _("Copy written off"),
    "library_hold_placed": _("Hold placed"),
    "library_hold_ready": _("Hold ready"),
    "library_import_queued": _("Import queued"),
    "library_import_restarted": _("Import restarted"),
    "library_loan_issued": _("Loan issued"),
    "library_loan_renewed": _("Loan renewed"),
    "library_loan_returned": _("Loan returned"),
    "library_marc_imported": _("MARC records imported"),
    "library_order_created": _("Acquisition order created"),
    "library_order_line_added": _("Order line added"),
    "library_order_placed": _("Acquisition order placed"),
    "library_order_received": _("Acquisition order received"),
    "library_record_created": _("Catalogue record created"),
    "library_record_updated": _("Catalogue record updated"),
    "library_settings_changed": _("Library settings changed"),
    "library_supplier_created": _("Supplier added"),
    "listener_created_from_group_list": _("Listener added from the group list"),
    "materials_sent": _("Materials sent"),
    "minutes_generated": _("Minutes drawn up"),
    "module_added": _("Module added"),
    "module_deleted": _("Module deleted"),
    "module_edited": _("Module edited"),
    "module_hidden": _("Module hidden or shown"),
    "module_moved": _("Module moved"),
    "news_changed": _("News changed"),
    "news_drafted": _("News drafted"),
    "news_urgent_published": _("Urgent news published"),
    "newsitem_published": _("News published"),
    "online_course_copied": _("Online course copied"),
    "online_course_created": _("Online course opened"),
    "order_drafted": _("Order drafted"),
    "order_signed": _("Order signed"),
    "outgoing_delivery": _("Delivery recorded"),
    "outgoing_registered": _("Outgoing document registered"),
    "page_changed": _("Page changed"),
    "page_drafted": _("Page drafted"),
    "page_published": _("Page published"),
    "page_reviewed": _("Page reviewed"),
    "partner_added": _("Partner added"),
    "partner_removed": _("Partner removed"),
    "plan_new_version": _("New version of the plan"),
    "plan_approved": _("Plan approved"),
    "plan_council_agreed": _("Plan agreed with the Council"),
    "plan_supreme_court_agreed": _("Plan agreed with the Supreme Court"),
    "postponed": _("Postponed"),
    "programme_approved": _("Programme approved"),
    "programme_created": _("Programme created"),
    "programme_exam_changed": _("Programme's exam changed"),
    "programme_filled_from_study_plan": _("Classes taken from the study plan"),
    "programme_sent": _("Programme sent"),
    "question_added": _("Question added"),
    "question_created": _("Question created"),
    "question_deleted": _("Question deleted"),
    "question_edited": _("Question edited"),
    "recording_attached": _("Recording attached"),
    "registration_rejected": _("Registration rejected"),
    "result_recorded": _("Result recorded"),
    "results_confirmed": _("Results confirmed"),
    "review_sheet_submitted": _("Review sheet submitted"),
    "schedule_plan_created": _("Schedule plan created"),
    "sitting_scheduled": _("Sitting scheduled"),
    "study_plan_created": _("Study plan created"),
    "survey_closed": _("Survey closed"),
    "survey_opened": _("Survey opened"),
    "ticket_saved": _("Ticket saved"),
    "vote_cast": _("Vote cast"),
}
ACTIONS = {
    0: pgettext_lazy("audit", "Created"),
    1: pgettext_lazy("audit", "Changed"),
    2: pgettext_lazy("audit", "Deleted"),
    3: pgettext_lazy("audit", "Viewed"),
}


def event_label(code: str) -> str:
    """The reader's words for an event code; an unknown code reads as words, not a code."""
    label = EVENTS.get(code)
    if label is not None:
        return str(label)
    return code.replace("_", " ").capitalize()


def field_label(model: Any, name: str) -> str:
    """A model field's verbose name in the reader's language (the name itself if unknown)."""
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", None) or name)


def entry_rows(entries: list[Any]) -> list[dict[str, Any]]:
    """Each entry with its object's name now, in the reader's language (one query per model).

    An object since deleted keeps the name it had when the entry was written.
    """
    by_type: dict[int, set[str]] = {}
    for entry in entries:
        by_type.setdefault(entry.content_type_id, set()).add(entry.object_pk)
    objects: dict[tuple[int, str], Any] = {}
    for entry in entries:
        if (entry.content_type_id, "") in objects:
            continue
        objects[(entry.content_type_id, "")] = entry.content_type.model_class()
    for type_id, pks in by_type.items():
        model = objects.get((type_id, ""))
        if model is None:
            continue
        wanted = []
        for pk in pks:
            try:
                wanted.append(model._meta.pk.to_python(pk))
            except ValidationError:  # an odd primary key: keep the stored name
                pass
        found = model._default_manager.in_bulk(wanted)
        for pk, obj in found.items():
            objects[(type_id, str(pk))] = obj
    rows = []
    for entry in entries:
        model = objects.get((entry.content_type_id, ""))
        obj = objects.get((entry.content_type_id, entry.object_pk))
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        rows.append(
            {
                "entry": entry,
                "object": str(obj) if obj is not None else entry.object_repr,
                "action": str(ACTIONS.get(entry.action, entry.get_action_display())),
                "event": event_label(data["event"]) if data.get("event") else "",
                "changes": [(field_label(model, name), values) for name, values in changes.items()],
                "details": {k: v for k, v in data.items() if k != "event"},
            }
        )
    return rows
