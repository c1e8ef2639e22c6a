"""What the API shows of each record."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from academy.appeals.models import Appeal
from academy.documents.models import Certificate
from academy.exams.models import Result
from academy.outgoing.models import OutgoingDocument
from academy.training.models import Course, Enrolment, Group


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "title", "kind", "audience", "start_date", "end_date", "status"]


class GroupSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Group
        fields = [
            "id",
            "course",
            "name",
            "audience",
            "language",
            "status",
            "confirmed_at",
            "list_received_at",
            "list_late",
        ]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    iin = serializers.CharField()
    full_name = serializers.CharField()


class EnrolmentSerializer(serializers.ModelSerializer):
    listener = PersonSerializer(read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "listener", "status", "created_at", "status_changed_at"]


class ResultSerializer(serializers.ModelSerializer):
    listener = PersonSerializer(read_only=True)
    exam = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "exam",
            "listener",
            "points",
            "numeric_equivalent",
            "passed",
            "confirmed_at",
        ]


class CertificateSerializer(serializers.ModelSerializer):
    listener = PersonSerializer(read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "number", "listener", "points", "hours", "issued_on", "language"]


class AppealDecisionSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(source="result.candidate", read_only=True)
    exam = serializers.CharField(source="result.exam.title", read_only=True)
    stage = serializers.CharField(source="result.stage", read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "candidate", "exam", "stage", "decision", "decided_at"]


class GroupListUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("XLSX or CSV: IIN, surname, name, patronymic, category; one listener a row.")
    )


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class GroupListReportSerializer(serializers.Serializer):
    added = EnrolmentSerializer(many=True)
    errors = RowErrorSerializer(many=True)
    late = serializers.BooleanField()


class OutgoingDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutgoingDocument
        fields = [
            "id",
            "number",
            "registered_on",
            "kind",
            "recipient",
            "channel",
            "status",
            "due_on",
            "sent_at",
            "delivered_at",
            "delivery_note",
        ]


class DeliverySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            OutgoingDocument.Status.SENT,
            OutgoingDocument.Status.DELIVERED,
            OutgoingDocument.Status.FAILED,
        ]
    )
    at = serializers.DateTimeField(required=False)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class OwnEnrolmentSerializer(serializers.ModelSerializer):
    group = GroupSerializer(read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "group", "status", "created_at", "status_changed_at"]


class OwnDataSerializer(serializers.Serializer):
    """What the system stores about the caller (their right to see it)."""

    iin = serializers.CharField()
    surname = serializers.CharField()
    first_name = serializers.CharField()
    patronymic = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    position = serializers.CharField()
    category = serializers.CharField()
    court = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)
    enrolments = OwnEnrolmentSerializer(many=True)
    exam_results = ResultSerializer(many=True)
    certificates = CertificateSerializer(many=True)


class AttendanceSummarySerializer(serializers.Serializer):
    """One listener's attendance in the group (TR-19): lessons held and marks."""

    enrolment = serializers.IntegerField(source="enrolment.pk")
    listener = PersonSerializer(source="enrolment.listener")
    lessons = serializers.IntegerField(source="total")
    present = serializers.IntegerField()
    excused = serializers.IntegerField()
    unexcused = serializers.IntegerField()
    unmarked = serializers.IntegerField()


class CatalogueRecordSerializer(serializers.Serializer):
    """A catalogue record: its stored MARC21 record (MARC-in-JSON) and its Dublin Core."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    updated_at = serializers.DateTimeField()
    marc = serializers.JSONField(help_text="MARC-in-JSON: the stored record plus holdings (952).")
    dublin_core = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Unqualified Dublin Core by the Library of Congress crosswalk.",
    )


class StageResultsUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV or XLSX with the columns iin, stage, points, threshold, received_on."
    )


class StageResultsReportSerializer(serializers.Serializer):
    saved = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())
