"""API views: thin, over the apps' selectors and services, with the pages' role and object checks.

Every view names its `resource` (for the key's scope) and the `roles` of the page that shows
the same data; objects are checked with the owning app's selector (e.g. can_view_group).
"""

import hashlib
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.appeals import importers as appeals_importers
from academy.appeals import selectors as appeals_selectors
from academy.appeals.models import Appeal
from academy.appeals.models import Exam as QualificationExam
from academy.documents import selectors as documents_selectors
from academy.library.dublin_core import marc_to_dublin_core
from academy.library.models import Record
from academy.library.services.marc import record_to_marc
from academy.outgoing import selectors as outgoing_selectors
from academy.outgoing import services as outgoing_services
from academy.outgoing.models import OutgoingDocument
from academy.secevents.services import personal_data_exported
from academy.training import selectors as training_selectors
from academy.training import services as training_services
from academy.training.models import Course, Group, Lesson

from . import serializers
from .models import ApiKey, Resource
from .services import api_call_record

# The roles of the pages that show the same data (training/views/common.py, documents/views.py).
VIEW_GROUPS = (
    Role.METHODOLOGIST,
    Role.RECTOR,
    Role.VICE_RECTOR,
    Role.ADMINISTRATOR,
    Role.COURT_ADMINISTRATION,
)
LIST_ROLES = (Role.COURT_ADMINISTRATION, Role.METHODOLOGIST)
DOCUMENT_ROLES = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)

CHANGED_SINCE = OpenApiParameter(
    "changed_since",
    OpenApiTypes.DATETIME,
    description="Only records created or changed at or after this moment (ISO 8601).",
)


class PageRoles(BasePermission):
    """The caller's account holds one of the roles of the page that shows the same data."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return user_has_role(request.user, *view.roles)


class ApiView(generics.GenericAPIView):
    """Shared behaviour: page roles, ?changed_since=, ETags and the audit entry of a key."""

    resource: str = ""
    roles: tuple[str, ...] = ()
    changed_fields: tuple[str, ...] = ()
    # Lists of people (IIN, name): each successful read is a personal-data export event.
    personal_data = False

    def get_permissions(self) -> list[BasePermission]:
        return [*super().get_permissions(), PageRoles()]

    def changed_since(self) -> datetime | None:
        value = self.request.query_params.get("changed_since")
        if not value:
            return None
        try:
            moment = parse_datetime(value.replace(" ", "+"))
            if moment is not None and not timezone.is_naive(moment):
                # In UTC: PostgreSQL refuses offsets such as -18:36, which ISO 8601 allows.
                moment = moment.astimezone(UTC)
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise exceptions.ValidationError(
                {
                    "changed_since": [
                        _("Give a date and time in ISO 8601, e.g. 2026-09-01T00:00:00Z.")
                    ]
                }
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def filter_changed(self, queryset: QuerySet) -> QuerySet:
        moment = self.changed_since()
        if moment is None or not self.changed_fields:
            return queryset
        query = Q()
        for field in self.changed_fields:
            query |= Q(**{f"{field}__gte": moment})
        return queryset.filter(query).distinct()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            if self.personal_data:
                data = getattr(response, "data", None) or {}
                personal_data_exported(
                    request=request,
                    what=self.resource,
                    count=data.get("count", 1) if isinstance(data, dict) else 0,
                )
            response.render()
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            match = request.headers.get("If-None-Match", "")
            if etag in {tag.strip() for tag in match.split(",")} or match.strip() == "*":
                response = HttpResponseNotModified()
                response["ETag"] = etag
        # A key refused for expiry or revocation is audited too (set by the authentication).
        key = request.auth if isinstance(request.auth, ApiKey) else None
        key = key or getattr(request, "_api_key_attempt", None)
        if key is not None:
            api_call_record(
                key=key,
                method=request.method or "",
                path=request.get_full_path(),
                status=response.status_code,
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        return response


def _visible_groups(user: Any) -> QuerySet[Group]:
    """The groups the group page would show this user (training.selectors.can_view_group)."""
    groups = Group.objects.select_related("course").order_by("-course__start_date", "pk")
    if user_has_role(user, *training_selectors.MANAGER_ROLES, Role.COURT_ADMINISTRATION):
        return groups
    lessons = Lesson.objects.filter(lecturer=user).values("programme__group")
    return groups.filter(pk__in=lessons)


class GroupObjectMixin:
    def get_group(self) -> Group:
        group = get_object_or_404(Group.objects.select_related("course"), pk=self.kwargs["pk"])
        if not training_selectors.can_view_group(self.request.user, group):  # type: ignore[attr-defined]
            raise PermissionDenied
        return group


@extend_schema(parameters=[CHANGED_SINCE], tags=["training"])
class CourseList(ApiView, generics.ListAPIView):
    """Courses (TR-5) as the course list page shows them."""

    resource = Resource.COURSES
    roles = VIEW_GROUPS
    serializer_class = serializers.CourseSerializer
    changed_fields = ("created_at", "approved_at")

    def get_queryset(self) -> QuerySet[Course]:
        return self.filter_changed(Course.objects.order_by("-start_date", "pk"))


@extend_schema(tags=["training"])
class CourseDetail(ApiView, generics.RetrieveAPIView):
    resource = Resource.COURSES
    roles = VIEW_GROUPS
    serializer_class = serializers.CourseSerializer
    queryset = Course.objects.all()


@extend_schema(parameters=[CHANGED_SINCE], tags=["training"])
class GroupList(ApiView, generics.ListAPIView):
    """Groups (TR-16, TR-17): all for managers and the Court Administration, a lecturer's own."""

    resource = Resource.GROUPS
    roles = (*VIEW_GROUPS, Role.LECTURER)
    serializer_class = serializers.GroupSerializer
    changed_fields = (
        "confirmed_at",
        "list_received_at",
        "enrolments__created_at",
        "enrolments__status_changed_at",
    )

    def get_queryset(self) -> QuerySet[Group]:
        return self.filter_changed(_visible_groups(self.request.user))


@extend_schema(tags=["training"])
class GroupDetail(GroupObjectMixin, ApiView, generics.RetrieveAPIView):
    resource = Resource.GROUPS
    roles = (*VIEW_GROUPS, Role.LECTURER)
    serializer_class = serializers.GroupSerializer

    def get_object(self) -> Group:
        return self.get_group()


@extend_schema(parameters=[CHANGED_SINCE], tags=["training"])
class GroupEnrolments(GroupObjectMixin, ApiView, generics.ListAPIView):
    """The group's list: its listeners and their status (TR-14, TR-15)."""

    resource = Resource.GROUPS
    roles = (*VIEW_GROUPS, Role.LECTURER)
    personal_data = True
    serializer_class = serializers.EnrolmentSerializer
    changed_fields = ("created_at", "status_changed_at")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        return self.filter_changed(training_selectors.group_enrolments(self.get_group()))


@extend_schema(tags=["training"])
class GroupAttendance(GroupObjectMixin, ApiView, generics.ListAPIView):
    """Attendance of each listener of the group (TR-19): lessons, present, excused, unexcused."""

    resource = Resource.GROUPS
    roles = (*VIEW_GROUPS, Role.LECTURER)
    personal_data = True
    serializer_class = serializers.AttendanceSummarySerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        group = self.get_group()
        return [
            training_selectors.attendance_summary(enrolment)
            for enrolment in training_selectors.group_enrolments(group)
        ]


@extend_schema(tags=["training"])
class GroupListUpload(GroupObjectMixin, ApiView):
    """Upload the group list (TR-14): the page's validation, and its report row by row."""

    resource = Resource.GROUPS
    roles = LIST_ROLES
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = serializers.GroupListUploadSerializer

    @extend_schema(
        request={"multipart/form-data": serializers.GroupListUploadSerializer},
        responses={200: serializers.GroupListReportSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        group = self.get_group()
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        result = training_services.group_list_import(
            group=group, content=file.read(), filename=file.name, by=request.user
        )
        report = {
            "added": result.added,
            "errors": [{"line": line, "message": message} for line, message in result.errors],
            "late": result.late,
        }
        return Response(serializers.GroupListReportSerializer(report).data)


@extend_schema(parameters=[CHANGED_SINCE], tags=["documents"])
class GroupResults(GroupObjectMixin, ApiView, generics.ListAPIView):
    """Confirmed results of the group's final exam (TR-26, TR-29): only confirmed ones count."""

    resource = Resource.RESULTS
    roles = DOCUMENT_ROLES
    personal_data = True
    serializer_class = serializers.ResultSerializer
    changed_fields = ("confirmed_at",)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        exam = documents_selectors.group_exam(self.get_group())
        results = documents_selectors.confirmed_results(exam)
        moment = self.changed_since()
        if moment is not None:
            results = [r for r in results if r.confirmed_at and r.confirmed_at >= moment]
        return results


@extend_schema(parameters=[CHANGED_SINCE], tags=["documents"])
class GroupCertificates(GroupObjectMixin, ApiView, generics.ListAPIView):
    """Certificates issued to the group's listeners (TR-28)."""

    resource = Resource.CERTIFICATES
    roles = DOCUMENT_ROLES
    personal_data = True
    serializer_class = serializers.CertificateSerializer
    changed_fields = ("created_at",)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        return self.filter_changed(
            documents_selectors.certificates_of_group(self.get_group()).order_by("number")
        )


@extend_schema(parameters=[CHANGED_SINCE], tags=["appeals"])
class AppealDecisionList(ApiView, generics.ListAPIView):
    """Decided appeals (AP-23) the caller's account may see on the appeals pages."""

    resource = Resource.APPEALS
    roles = (
        Role.APPEALS_CHAIR,
        Role.APPEALS_MEMBER,
        Role.APPEALS_SECRETARY,
        Role.CANDIDATE,
        Role.ADMINISTRATOR,
    )
    personal_data = True
    serializer_class = serializers.AppealDecisionSerializer
    changed_fields = ("decided_at",)

    def get_queryset(self) -> QuerySet[Appeal]:
        return self.filter_changed(
            appeals_selectors.appeals_visible_to(self.request.user)
            .filter(status=Appeal.Status.DECIDED)
            .order_by("-decided_at", "pk")
        )


OUTGOING_ROLES = (Role.METHODOLOGIST, Role.ADMINISTRATOR)


@extend_schema(parameters=[CHANGED_SINCE], tags=["outgoing"])
class OutgoingList(ApiView, generics.ListAPIView):
    """The outgoing register (TR-13, TR-18, TR-29, TR-30, AP-23)."""

    resource = Resource.OUTGOING
    roles = OUTGOING_ROLES
    serializer_class = serializers.OutgoingDocumentSerializer
    changed_fields = ("changed_at",)

    def get_queryset(self) -> QuerySet[OutgoingDocument]:
        return self.filter_changed(outgoing_selectors.outgoing_list().order_by("-pk"))


@extend_schema(tags=["outgoing"])
class OutgoingDelivery(ApiView):
    """Register the delivery of an outgoing document: sent, delivered or failed."""

    resource = Resource.OUTGOING
    roles = OUTGOING_ROLES
    serializer_class = serializers.DeliverySerializer

    @extend_schema(
        request=serializers.DeliverySerializer,
        responses={200: serializers.OutgoingDocumentSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(OutgoingDocument, pk=pk)
        delivery = self.get_serializer(data=request.data)
        delivery.is_valid(raise_exception=True)
        entry = outgoing_services.outgoing_record_delivery(
            entry=entry,
            status=delivery.validated_data["status"],
            at=delivery.validated_data.get("at"),
            note=delivery.validated_data.get("note", ""),
            by=request.user,
        )
        return Response(serializers.OutgoingDocumentSerializer(entry).data)


@extend_schema(tags=["personal data"], responses={200: serializers.OwnDataSerializer})
class OwnData(ApiView):
    """The caller's own data: profile, roles, enrolments, exam results and certificates."""

    resource = Resource.ME
    serializer_class = serializers.OwnDataSerializer
    personal_data = True

    def get_permissions(self) -> list[BasePermission]:
        # Every verified account may see its own data; no page role is needed.
        return [permission() for permission in self.permission_classes]

    def get(self, request: Request) -> Response:
        user = request.user
        if not getattr(user, "account_verified", False) and not user.is_superuser:
            raise PermissionDenied
        data = {
            "iin": user.iin,
            "surname": user.surname,
            "first_name": user.first_name,
            "patronymic": user.patronymic,
            "email": user.email,
            "phone": user.phone,
            "position": user.position,
            "category": user.category,
            "court": str(user.court) if user.court_id else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "enrolments": training_selectors.listener_enrolments(user),
            "exam_results": user.exam_results.select_related("listener").order_by("pk"),
            "certificates": documents_selectors.certificates_of_listener(user).select_related(
                "listener"
            ),
        }
        return Response(serializers.OwnDataSerializer(data).data)


class PublicCatalogue:
    """The OPAC is public: any key with the catalogue scope reads it, whatever its account."""

    def get_permissions(self) -> list[BasePermission]:
        return [permission() for permission in self.permission_classes]  # type: ignore[attr-defined]


def _catalogue_entry(record: Record) -> dict[str, Any]:
    marc = record_to_marc(record)
    return {
        "id": record.pk,
        "title": record.title,
        "updated_at": record.updated_at,
        "marc": marc.as_dict(),
        "dublin_core": marc_to_dublin_core(marc),
    }


@extend_schema(parameters=[CHANGED_SINCE], tags=["library"])
class CatalogueList(PublicCatalogue, ApiView, generics.ListAPIView):
    """Catalogue records (IS-12) as MARC-in-JSON and Dublin Core, newest change first."""

    resource = Resource.CATALOGUE
    serializer_class = serializers.CatalogueRecordSerializer
    changed_fields = ("updated_at",)

    def get_queryset(self) -> QuerySet[Record]:
        return self.filter_changed(
            Record.objects.prefetch_related("copies").order_by("-updated_at", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        entries = [_catalogue_entry(record) for record in page]
        return self.get_paginated_response(self.get_serializer(entries, many=True).data)


@extend_schema(tags=["library"], responses={200: serializers.CatalogueRecordSerializer})
class CatalogueDetail(PublicCatalogue, ApiView):
    resource = Resource.CATALOGUE
    serializer_class = serializers.CatalogueRecordSerializer

    def get(self, request: Request, pk: int) -> Response:
        record = get_object_or_404(Record.objects.prefetch_related("copies"), pk=pk)
        return Response(self.get_serializer(_catalogue_entry(record)).data)


@extend_schema(tags=["appeals"])
class StageResultsImport(ApiView):
    """The testing operator's stage results of a qualification exam (AP), as on the import page.

    The same columns and validation as the secretary's import page; each refused row is
    reported by line, the good rows are saved.
    """

    resource = Resource.STAGE_RESULTS
    roles = (Role.APPEALS_SECRETARY,)
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = serializers.StageResultsUploadSerializer

    @extend_schema(
        request={"multipart/form-data": serializers.StageResultsUploadSerializer},
        responses={200: serializers.StageResultsReportSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        # The page's object check: only exams whose commission the account is secretary of.
        exam = get_object_or_404(
            QualificationExam.objects.filter(commissions__secretary=request.user).distinct(),
            pk=pk,
        )
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        report = appeals_importers.import_results(exam=exam, upload=upload.validated_data["file"])
        return Response(serializers.StageResultsReportSerializer(report.__dict__).data)
