"""SCORM 1.2 packages as lessons of an online course (issue 14: standards).

Upload: the zip is checked whole before anything is stored – its size (setting
LEARNING_SCORM_MAX_SIZE), that it is a zip, that no entry leaves the package (`..`,
absolute names), that it does not unpack to more than ten times the limit, and that its
`imsmanifest.xml` (parsed with defusedxml) is SCORM 1.2 and names a launch page that is
in the zip. The zip is stored under a random name and its files are served from it.

Runtime: the player page gives the package's iframe a minimal SCORM 1.2 API
(`static/learning/scorm_api.js`: LMSInitialize, LMSGetValue, LMSSetValue, LMSCommit,
LMSFinish …); on each commit it posts the cmi values to `scorm_track_save`, which keeps
the lesson status, the score, the location and the suspend data per listener.
"""

import mimetypes
import posixpath
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from . import selectors
from .models import SCORM_RULES, Completion, Module, OnlineCourse, ScormPackage, ScormTrack

SCORM_MAX_SIZE_DEFAULT = 100 * 1024 * 1024
MANIFEST = "imsmanifest.xml"
MAX_ENTRIES = 20_000
UNPACKED_FACTOR = 10
SUSPEND_DATA_MAX = 4096  # SCORM 1.2: cmi.suspend_data is CMIString4096
STATUSES = {s.value for s in ScormTrack.Status} - {ScormTrack.Status.NOT_ATTEMPTED.value}
# Once a package reported one of these, a later "incomplete" or "browsed" does not undo it.
FINAL = {ScormTrack.Status.COMPLETED, ScormTrack.Status.PASSED, ScormTrack.Status.FAILED}
_TIMESPAN = re.compile(r"^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$")


def scorm_max_size() -> int:
    """Largest package in bytes (setting LEARNING_SCORM_MAX_SIZE, default 100 MB)."""
    return int(getattr(settings, "LEARNING_SCORM_MAX_SIZE", SCORM_MAX_SIZE_DEFAULT))


@dataclass(frozen=True)
class Manifest:
    identifier: str
    title: str
    launch: str
    mastery_score: int | None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: Any, name: str) -> list[Any]:
    return [child for child in node if _local(child.tag) == name]


def _first_launchable(node: Any) -> Any:
    for item in _children(node, "item"):
        if item.get("identifierref"):
            return item
        found = _first_launchable(item)
        if found is not None:
            return found
    return None


def _refuse(message: str, **params: Any) -> ValidationError:
    return ValidationError({"file": ValidationError(message % params if params else message)})


def parse_manifest(data: bytes) -> Manifest:
    """The launch page, title, identifier and mastery score of a SCORM 1.2 manifest."""
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        raise _refuse(_("imsmanifest.xml is not well-formed XML.")) from None
    if _local(root.tag) != "manifest":
        raise _refuse(_("imsmanifest.xml has no <manifest> element."))
    version = ""
    for metadata in _children(root, "metadata"):
        for node in _children(metadata, "schemaversion"):
            version = (node.text or "").strip()
    tags = " ".join(str(node.tag) for node in root.iter())
    if (version and version != "1.2") or (not version and "adlcp_v1p3" in tags):
        raise _refuse(
            _("This is a SCORM %(version)s package; only SCORM 1.2 packages can be played."),
            version=version or "2004",
        )
    organizations = next(iter(_children(root, "organizations")), None)
    resources = next(iter(_children(root, "resources")), None)
    if organizations is None or resources is None:
        raise _refuse(_("imsmanifest.xml has no organizations or no resources."))
    default = organizations.get("default")
    orgs = _children(organizations, "organization")
    org = next((o for o in orgs if o.get("identifier") == default), orgs[0] if orgs else None)
    item = _first_launchable(org) if org is not None else None
    if item is None:
        raise _refuse(_("imsmanifest.xml names no item to launch."))
    resource = next(
        (
            r
            for r in _children(resources, "resource")
            if r.get("identifier") == item.get("identifierref")
        ),
        None,
    )
    if resource is None or not resource.get("href"):
        raise _refuse(_("The item to launch has no resource with a start page."))
    base = resource.get("{http://www.w3.org/XML/1998/namespace}base") or ""
    launch = (base + resource.get("href", "")).strip() + (item.get("parameters") or "")
    mastery = None
    for child in item:
        if _local(child.tag) == "masteryscore" and (child.text or "").strip():
            try:
                mastery = max(0, min(100, int(Decimal(child.text.strip()))))
            except (InvalidOperation, ValueError):
                mastery = None
    titles = [(t.text or "").strip() for t in _children(org, "title")] if org is not None else []
    return Manifest(
        identifier=root.get("identifier", "")[:255],
        title=(titles[0] if titles else "")[:255],
        launch=launch[:500],
        mastery_score=mastery,
    )


def safe_member(name: str) -> str | None:
    """The zip member `name` normalised, or None if it would leave the package."""
    name = name.split("?", 1)[0].split("#", 1)[0].replace("\\", "/")
    if not name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    normal = posixpath.normpath(name)
    if normal == ".." or normal.startswith("../") or normal.startswith("/"):
        return None
    return normal


def check_package(file: Any) -> Manifest:
    """Refuse anything that is not a small, self-contained SCORM 1.2 zip; else its manifest."""
    limit = scorm_max_size()
    if file.size > limit:
        raise _refuse(
            _("The package is too large: at most %(size)s MB may be uploaded."),
            size=limit // (1024 * 1024),
        )
    file.seek(0)
    if not zipfile.is_zipfile(file):
        raise _refuse(_("A SCORM package is a zip file; this file is not one."))
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _refuse(_("The package has too many files."))
            for info in infos:
                if safe_member(info.filename) is None:
                    raise _refuse(
                        _("The package's file %(name)s points outside the package."),
                        name=info.filename[:100],
                    )
            if sum(info.file_size for info in infos) > limit * UNPACKED_FACTOR:
                raise _refuse(_("The package unpacks to more than allowed."))
            names = {info.filename for info in infos}
            if MANIFEST not in names:
                raise _refuse(_("The package has no imsmanifest.xml at its top level."))
            manifest = parse_manifest(archive.read(MANIFEST))
            launch = safe_member(manifest.launch)
            if launch is None or launch not in names:
                raise _refuse(
                    _("The start page %(page)s named in imsmanifest.xml is not in the package."),
                    page=manifest.launch[:100],
                )
    except zipfile.BadZipFile:
        raise _refuse(_("A SCORM package is a zip file; this file is not one.")) from None
    file.seek(0)
    return manifest


@transaction.atomic
def scorm_upload(
    *,
    course: OnlineCourse,
    file: Any,
    by: Any,
    title: str = "",
    module: Module | None = None,
    completion: str = Completion.SUBMITTED,
) -> ScormPackage:
    """Add a SCORM 1.2 package to the course (authors only; the zip checked first)."""
    course = OnlineCourse.objects.select_related("group").get(pk=course.pk)
    if not selectors.can_author(by, course.group):
        raise ValidationError(
            _("Only the group's lecturers and the methodologists may edit its online course."),
            code="role",
        )
    if module is not None and module.course_id != course.pk:
        raise ValidationError({"module": _("Choose a module of this course.")})
    if completion not in SCORM_RULES:
        raise ValidationError(
            {"completion": _("A SCORM lesson is completed when viewed, completed or passed.")}
        )
    if not file:
        raise ValidationError({"file": ValidationError(_("Attach the file."), code="empty")})
    manifest = check_package(file)
    package = ScormPackage(
        course=course,
        module=module,
        title=(title.strip() or manifest.title or file.name)[:255],
        file=file,
        identifier=manifest.identifier,
        launch=manifest.launch,
        mastery_score=manifest.mastery_score,
        completion=completion,
        uploaded_by=by,
    )
    package.full_clean()
    package.save()
    audit_event(
        actor=by,
        obj=package,
        event="scorm_package_uploaded",
        details={"launch": manifest.launch, "size": file.size},
    )
    return package


def package_member(package: ScormPackage, path: str) -> tuple[bytes, str] | None:
    """A file of the package and its content type, or None if it is not in the zip."""
    name = safe_member(path)
    if name is None:
        return None
    with package.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        try:
            data = archive.read(name)
        except KeyError:
            return None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return data, content_type


def _seconds(span: str) -> float | None:
    match = _TIMESPAN.match(span.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0)


def _timespan(total: float) -> str:
    whole = int(total)
    return f"{whole // 3600:04d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _score(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(_("The score must be a number.")) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        # SCORM 1.2: cmi.core.score.raw is a decimal from 0 to 100.
        raise ValidationError(_("The score must be from 0 to 100."))
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def scorm_track_save(*, package: ScormPackage, values: dict[str, Any], by: Any) -> ScormTrack:
    """Keep what the package reported for the listener (LMSCommit / LMSFinish).

    1. Only an admitted listener of the course's group who may see the lesson.
    2. Known cmi elements only, each checked (status vocabulary, score 0–100, lengths).
    3. A completed, passed or failed lesson is not set back to incomplete; with a mastery
       score, a completed lesson with a score becomes passed or failed (SCORM 1.2 RTE).
    """
    package = ScormPackage.objects.select_related("course__group", "module").get(pk=package.pk)
    if not selectors.is_group_listener(by, package.course.group) or (
        package.module is not None and not selectors.listener_sees(package.module)
    ):
        raise ValidationError(
            _("Only the listeners of this group study its online course."), code="not_listener"
        )
    track, _created = ScormTrack.objects.select_for_update().get_or_create(
        package=package, listener=by
    )
    status = values.get("cmi.core.lesson_status")
    if status not in (None, ""):
        if status not in STATUSES:
            raise ValidationError(
                _("Unknown lesson status %(status)s.") % {"status": str(status)[:30]}
            )
        if not (track.lesson_status in FINAL and status in ("incomplete", "browsed")):
            track.lesson_status = status
    elif track.lesson_status == ScormTrack.Status.NOT_ATTEMPTED:
        track.lesson_status = ScormTrack.Status.INCOMPLETE
    raw = _score(values.get("cmi.core.score.raw"))
    if raw is not None:
        track.score_raw = raw
    top = _score(values.get("cmi.core.score.max"))
    if top is not None:
        track.score_max = top or None
    if (
        package.mastery_score is not None
        and track.score_raw is not None
        and track.lesson_status == ScormTrack.Status.COMPLETED
    ):
        track.lesson_status = (
            ScormTrack.Status.PASSED
            if track.percent is not None and track.percent >= package.mastery_score
            else ScormTrack.Status.FAILED
        )
    location = values.get("cmi.core.lesson_location")
    if location is not None:
        track.lesson_location = str(location)[:255]
    suspend = values.get("cmi.suspend_data")
    if suspend is not None:
        if len(str(suspend)) > SUSPEND_DATA_MAX:
            raise ValidationError(_("The suspend data is longer than 4096 characters."))
        track.suspend_data = str(suspend)
    session = _seconds(str(values.get("cmi.core.session_time") or ""))
    if session is not None:
        track.total_time = _timespan((_seconds(track.total_time) or 0) + session)
    track.commits += 1
    track.full_clean()
    track.save()
    return track


def runtime_values(track: ScormTrack | None, user: Any) -> dict[str, str]:
    """What LMSGetValue returns at the start: the learner and what was stored before."""
    return {
        "cmi.core.student_id": str(user.pk),
        "cmi.core.student_name": getattr(user, "full_name", "") or str(user),
        "cmi.core.lesson_status": track.lesson_status if track else "not attempted",
        "cmi.core.lesson_location": track.lesson_location if track else "",
        "cmi.core.score.raw": str(track.score_raw) if track and track.score_raw is not None else "",
        "cmi.core.total_time": (track.total_time if track else "") or "0000:00:00",
        "cmi.core.entry": "resume" if track and track.suspend_data else "ab-initio",
        "cmi.core.credit": "credit",
        "cmi.core.lesson_mode": "normal",
        "cmi.suspend_data": track.suspend_data if track else "",
        "cmi.launch_data": "",
    }
