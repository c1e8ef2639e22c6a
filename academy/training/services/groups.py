"""Groups (TR-16, TR-17) and the group lists of the Court Administration (TR-14)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.audit import audit_event
from academy.core.iin import parse_iin
from academy.core.imports import read_table

from ..models import Audience, Course, Enrolment, Group
from .common import require_role

# TR-16: group size bounds.
SIZE_BOUNDS = {
    Group.Audience.REGIONAL_JUDGES: (20, 25),
    Group.Audience.DISTRICT_JUDGES: (30, 35),
    Group.Audience.COURT_STAFF: (40, 45),
}
LIST_DEADLINE_DAYS = 3  # TR-14
LIST_WARNING_DAYS = 5
CATEGORY_WORDS = {
    "judge": User.Category.JUDGE,
    "судья": User.Category.JUDGE,
    "судья ": User.Category.JUDGE,
    "court_staff": User.Category.COURT_STAFF,
    "staff": User.Category.COURT_STAFF,
    "сот қызметкері": User.Category.COURT_STAFF,
    "работник суда": User.Category.COURT_STAFF,
    "сотрудник суда": User.Category.COURT_STAFF,
}
ACTIVE_STATUSES = (Enrolment.Status.LISTED, Enrolment.Status.ADMITTED)


@transaction.atomic
def group_create(
    *,
    course: Course,
    name: str,
    audience: str,
    language: str,
    specialisation: str = "",
    experience_up_to_3_years: bool = False,
    staff_subcategory: str = "",
    other_ground: str = "",
    by: Any,
) -> Group:
    """Form a group classified as TR-17 requires."""
    staff = audience == Group.Audience.COURT_STAFF
    if staff != (course.audience == Audience.COURT_STAFF):
        raise ValidationError(
            {"audience": _("The group's audience does not match the course audience.")},
            code="audience",
        )
    # TR-17: judges' groups by proceedings/court, language, experience; staff by sub-category.
    if staff and (specialisation or experience_up_to_3_years):
        raise ValidationError(
            _("Staff groups are formed by sub-category, not by proceedings or judicial service."),
            code="classification",
        )
    if not staff and staff_subcategory:
        raise ValidationError(
            _("Judges' groups have no staff sub-category."), code="classification"
        )
    group = Group(
        course=course,
        name=name,
        audience=audience,
        language=language,
        specialisation=specialisation,
        experience_up_to_3_years=experience_up_to_3_years,
        staff_subcategory=staff_subcategory,
        other_ground=other_ground,
    )
    group.full_clean()
    group.save()
    audit_event(actor=by, obj=group, event="group_created")
    return group


def group_size(group: Group) -> int:
    return group.enrolments.filter(status__in=ACTIVE_STATUSES).count()


@transaction.atomic
def group_confirm(*, group: Group, by: Any, override_reason: str = "") -> Group:
    """Confirm a group's membership; the size must keep TR-16 unless an administrator overrides."""
    require_role(by, Role.METHODOLOGIST, Role.ADMINISTRATOR)
    if group.status == Group.Status.CONFIRMED:
        raise ValidationError(_("The group is already confirmed."), code="confirmed")
    low, high = SIZE_BOUNDS[Group.Audience(group.audience)]
    size = group_size(group)
    if not low <= size <= high:
        message = _(
            "A group of “%(audience)s” has %(low)s to %(high)s listeners; this group has %(size)s."
        ) % {"audience": group.get_audience_display(), "low": low, "high": high, "size": size}
        if not override_reason.strip():
            raise ValidationError(message, code="size")
        if not user_has_role(by, Role.ADMINISTRATOR):
            raise ValidationError(
                _("%(error)s Only an administrator may override the size bound.")
                % {"error": message},
                code="size_override",
            )
        group.size_override_reason = override_reason.strip()
        audit_event(
            actor=by,
            obj=group,
            event="group_size_override",
            details={"size": size, "bounds": [low, high], "reason": override_reason.strip()},
        )
    group.status = Group.Status.CONFIRMED
    group.confirmed_at = timezone.now()
    group.confirmed_by = by
    group.full_clean()
    group.save()
    audit_event(actor=by, obj=group, event="group_confirmed", details={"size": size})
    return group


def group_list_deadline(group: Group) -> date:
    """TR-14: the list is due 3 calendar days before the start."""
    return group.course.start_date - timedelta(days=LIST_DEADLINE_DAYS)


def _expected_category(group: Group) -> str:
    return User.Category.COURT_STAFF if not group.is_for_judges else User.Category.JUDGE


def _add_row(
    *,
    group: Group,
    iin: str,
    surname: str,
    first_name: str,
    patronymic: str,
    category: str,
    by: Any,
    seen: set[str],
) -> Enrolment:
    """Match one list row to a user by IIN and list them in the group (raises on a bad row)."""
    iin = (iin or "").strip()
    parse_iin(iin)  # bad IIN
    if iin in seen:
        raise ValidationError(_("The IIN %(iin)s appears twice in the list.") % {"iin": iin})
    expected = _expected_category(group)
    category = CATEGORY_WORDS.get((category or "").strip().lower(), (category or "").strip())
    if category and category != expected:
        raise ValidationError(
            _("Wrong category for this group: the group is for “%(expected)s”.")
            % {"expected": User.Category(expected).label}
        )
    user = User.objects.filter(iin=iin).first()
    if user is None:
        if not (surname or "").strip() or not (first_name or "").strip():
            raise ValidationError(_("A new listener needs a surname and a name."))
        user = User(
            iin=iin,
            surname=surname.strip(),
            first_name=first_name.strip(),
            patronymic=(patronymic or "").strip(),
            category=expected,
            staff_subcategory=group.staff_subcategory,
            account_verified=False,  # IS-13: the study department verifies new accounts
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_event(actor=by, obj=user, event="listener_created_from_group_list")
    elif user.category != expected:
        raise ValidationError(
            _("Wrong category for this group: %(name)s is “%(category)s”.")
            % {"name": user.full_name, "category": user.get_category_display()}
        )
    # TR-17: a staff group formed by sub-category takes only that sub-category.
    if (
        group.staff_subcategory
        and user.staff_subcategory
        and user.staff_subcategory != group.staff_subcategory
    ):
        raise ValidationError(
            _("Wrong sub-category for this group: %(name)s is “%(subcategory)s”.")
            % {"name": user.full_name, "subcategory": user.get_staff_subcategory_display()}
        )
    if Enrolment.objects.filter(
        group__course=group.course, listener=user, status__in=ACTIVE_STATUSES
    ).exists():
        raise ValidationError(
            _("%(name)s is already in a group of this course.") % {"name": user.full_name}
        )
    seen.add(iin)
    enrolment = Enrolment(group=group, listener=user, listed_by=by)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


def _start_list(group: Group, by: Any) -> None:
    require_role(by, Role.COURT_ADMINISTRATION, Role.METHODOLOGIST)
    if group.status == Group.Status.CONFIRMED:
        raise ValidationError(
            _("The group is confirmed; listeners are now replaced or withdrawn by rector's order."),
            code="confirmed",
        )


def _mark_received(group: Group) -> None:
    group.list_received_at = timezone.now()
    # TR-14: a list after the deadline is accepted but flagged.
    if timezone.localdate() > group_list_deadline(group):
        group.list_late = True
    group.save(update_fields=["list_received_at", "list_late"])


@transaction.atomic
def group_list_add_row(
    *,
    group: Group,
    iin: str,
    surname: str = "",
    first_name: str = "",
    patronymic: str = "",
    category: str = "",
    by: Any,
) -> Enrolment:
    """The Court Administration enters one listener of a group (TR-14)."""
    _start_list(group, by)
    enrolment = _add_row(
        group=group,
        iin=iin,
        surname=surname,
        first_name=first_name,
        patronymic=patronymic,
        category=category,
        by=by,
        seen=set(),
    )
    _mark_received(group)
    return enrolment


@dataclass
class ListImportResult:
    added: list[Enrolment] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    late: bool = False


def _cell_text(index: int, cell: object) -> str:
    if cell is None:
        return ""
    if index == 0 and isinstance(cell, int | float):
        # An IIN typed as a number loses its leading zero (born in 2000–2009).
        return str(int(cell)).zfill(12)
    return str(cell).strip()


def _read_rows(content: Any, filename: str) -> list[tuple[int, list[str]]]:
    # Streamed and bounded in bytes and rows (settings.IMPORT_MAX_*), encoding detected.
    return [
        (number, [_cell_text(index, cell) for index, cell in enumerate(cells)])
        for number, cells in read_table(content, filename, columns=5)
    ]


@transaction.atomic
def group_list_import(*, group: Group, content: Any, filename: str, by: Any) -> ListImportResult:
    """Import a group list (TR-14): columns IIN, surname, name, patronymic, category.

    `content` is the file's bytes or the uploaded file itself (read as a stream).

    Steps: read the rows; match or create each listener by IIN; keep the good rows and
    report each bad one with its line number; flag the list if it came after the deadline.
    """
    _start_list(group, by)
    result = ListImportResult()
    seen: set[str] = set()
    for number, cells in _read_rows(content, filename):
        if not any(cells):
            continue
        if number == 1 and not cells[0].isdigit():
            continue  # header row
        cells = (cells + [""] * 5)[:5]
        try:
            with transaction.atomic():
                result.added.append(
                    _add_row(
                        group=group,
                        iin=cells[0],
                        surname=cells[1],
                        first_name=cells[2],
                        patronymic=cells[3],
                        category=cells[4],
                        by=by,
                        seen=seen,
                    )
                )
        except ValidationError as error:
            result.errors.append((number, " ".join(error.messages)))
    if result.added:
        _mark_received(group)
        result.late = group.list_late
    audit_event(
        actor=by,
        obj=group,
        event="group_list_imported",
        details={"file": filename, "added": len(result.added), "errors": len(result.errors)},
    )
    return result
