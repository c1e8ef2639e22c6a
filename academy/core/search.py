"""The staff search box: people, groups, exams and library records, each only for the roles
whose pages show them.

Each provider names the roles that may see its kind of record and returns at most
`LIMIT` rows as (label, detail, url); the app modules are imported when a search runs,
so core names the apps only here and only for reading.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.translated import LANGUAGES

LIMIT = 20
MIN_LENGTH = 2

Row = tuple[str, str, str]


@dataclass(frozen=True)
class Provider:
    key: str
    label: str | Promise
    roles: frozenset[str]
    find: Callable[[Any, str], list[Row]]


def _people(user: Any, query: str) -> list[Row]:
    from academy.accounts.selectors import users_search

    return [
        (
            person.full_name,
            ", ".join(person.role_labels) or str(person.iin),
            reverse("accounts:user_roles", args=[person.pk]),
        )
        for person in users_search(query=query)[:LIMIT]
    ]


def _in_any_language(field: str, query: str) -> Q:
    """A translated name matches in whichever language it was typed, not only the page's."""
    condition = Q()
    for language in LANGUAGES:
        condition |= Q(**{f"{field}_{language}__icontains": query})
    return condition


def _groups(user: Any, query: str) -> list[Row]:
    from academy.training.models import Group

    groups = (
        Group.objects.select_related("course")
        .filter(Q(name__icontains=query) | _in_any_language("course__title", query))
        .order_by("-pk")[:LIMIT]
    )
    return [
        (
            f"{group.course.title} – {group.name}",
            f"{group.course.start_date:%d.%m.%Y} – {group.course.end_date:%d.%m.%Y}",
            reverse("training:group_detail", args=[group.pk]),
        )
        for group in groups
    ]


def _exams(user: Any, query: str) -> list[Row]:
    from academy.exams.selectors import exams_for

    exams = exams_for(user).filter(_in_any_language("title", query)).order_by("-pk")[:LIMIT]
    return [
        (
            exam.title,
            " · ".join(
                part
                for part in (
                    exam.get_status_display(),
                    exam.exam_date.strftime("%d.%m.%Y") if exam.exam_date else "",
                )
                if part
            ),
            reverse("exams:exam_detail", args=[exam.pk]),
        )
        for exam in exams
    ]


def _records(user: Any, query: str) -> list[Row]:
    from academy.library.selectors import records_search

    return [
        (
            record.title,
            ", ".join(str(part) for part in (record.authors, record.year) if part),
            reverse("library:record_detail", args=[record.pk]),
        )
        for record in records_search(q=query)[:LIMIT]
    ]


_MANAGERS = frozenset({Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR})
PROVIDERS: tuple[Provider, ...] = (
    # accounts:user_roles is the administrator's page.
    Provider("people", _("People"), frozenset({Role.ADMINISTRATOR}), _people),
    # training: can_view_group lets managers and the Court Administration see every group.
    Provider("groups", _("Groups"), _MANAGERS | {Role.COURT_ADMINISTRATION}, _groups),
    # exams: managers see every exam, commission members theirs (exams_for).
    Provider(
        "exams",
        _("Exams"),
        _MANAGERS | {Role.SEC_DIRECTOR, Role.EXAM_COMMISSION_MEMBER, Role.LECTURER},
        _exams,
    ),
    Provider("records", _("Library records"), frozenset({Role.LIBRARIAN}), _records),
)


def providers_for(user: Any) -> list[Provider]:
    return [p for p in PROVIDERS if user_has_role(user, *p.roles)]


def can_search(user: Any) -> bool:
    return bool(providers_for(user))


def search(user: Any, query: str) -> list[dict[str, Any]]:
    """One block per kind of record the user may see, each with its matching rows."""
    query = query.strip()
    if len(query) < MIN_LENGTH:
        return []
    return [
        {"key": p.key, "label": p.label, "rows": p.find(user, query)} for p in providers_for(user)
    ]
