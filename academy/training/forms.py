"""Forms of the training pages; the rules themselves are checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.imports import validate_import_upload
from academy.core.validators import plausible_date

from .models import (
    Attendance,
    ClassForm,
    CourseProgramme,
    Enrolment,
    Group,
    Lesson,
    Order,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlanTopic,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BootstrapMixin:
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def lecturers():
    return User.objects.filter(groups__name=Role.LECTURER, is_active=True).order_by(
        "surname", "first_name"
    )


class SchedulePlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=SchedulePlan.Period.choices)


class StudyPlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ScheduleRowForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SchedulePlanRow
        fields = [
            "title",
            "kind",
            "audience",
            "start_date",
            "end_date",
            "planned_listeners",
            "language",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}


class StudyTopicForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = StudyPlanTopic
        fields = ["kind", "title", "class_form", "hours", "lecturer"]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["lecturer"].queryset = lecturers()


class CourseForm(BootstrapMixin, forms.Form):
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=255)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=SchedulePlanRow._meta.get_field("kind").choices
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=SchedulePlanRow._meta.get_field("audience").choices
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE, validators=[plausible_date])
    end_date = forms.DateField(label=_("End date"), widget=DATE, validators=[plausible_date])
    schedule_row = forms.ModelChoiceField(
        label=_("Schedule plan row"),
        queryset=SchedulePlanRow.objects.filter(plan__status="approved").select_related("plan"),
        required=False,
    )


class GroupForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "audience",
            "language",
            "specialisation",
            "experience_up_to_3_years",
            "staff_subcategory",
            "other_ground",
        ]


class ConfirmGroupForm(BootstrapMixin, forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for size override (administrator only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ListUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Group list (XLSX or CSV)"),
        validators=[validate_import_upload],
        help_text=_("Columns: IIN, surname, name, patronymic, category (judge / court_staff)."),
    )


class ListRowForm(BootstrapMixin, forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    first_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)


class ProgrammeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CourseProgramme
        fields = ["exam_form", "exam_mode", "proctoring", "exam_date"]
        widgets = {"exam_date": DATE}


class LessonForm(BootstrapMixin, forms.ModelForm):
    topic_ru = forms.CharField(label=_("Topic (Russian)"), max_length=255, required=False)
    topic_en = forms.CharField(label=_("Topic (English)"), max_length=255, required=False)

    class Meta:
        model = Lesson
        fields = ["topic", "hours", "class_form", "mode", "lecturer", "starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["lecturer"].queryset = lecturers()
        self.fields["class_form"].choices = ClassForm.choices
        self.fields["topic"].label = _("Topic (Kazakh)")
        self.order_fields(["topic", "topic_ru", "topic_en"])


class LessonScheduleForm(BootstrapMixin, forms.ModelForm):
    """Date a class taken from the study plan."""

    class Meta:
        model = Lesson
        fields = ["starts_at", "ends_at", "mode"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].required = True
        self.fields["ends_at"].required = True


class LessonChangeForm(BootstrapMixin, forms.Form):
    topic = forms.CharField(label=_("Topic (Kazakh)"), max_length=255)
    topic_ru = forms.CharField(label=_("Topic (Russian)"), max_length=255, required=False)
    topic_en = forms.CharField(label=_("Topic (English)"), max_length=255, required=False)
    lecturer = forms.ModelChoiceField(
        label=_("Lecturer"), queryset=User.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=255, required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["lecturer"].queryset = lecturers()


class QuestionsForm(BootstrapMixin, forms.Form):
    questions = forms.CharField(
        label=_("Sample list of exam questions"), widget=forms.Textarea(attrs={"rows": 8})
    )


class SignForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=30)
    date = forms.DateField(label=_("Order date"), widget=DATE, validators=[plausible_date])


class ProposalForm(BootstrapMixin, forms.Form):
    """TR-15: replacement or withdrawal proposal."""

    reason = forms.CharField(label=_("Good reason"), widget=forms.Textarea(attrs={"rows": 2}))
    proposer = forms.ChoiceField(
        label=_("Proposed by"),
        choices=[
            (Order.Proposer.REGIONAL_CHAIR.value, Order.Proposer.REGIONAL_CHAIR.label),
            (
                Order.Proposer.HEAD_OF_ADMINISTRATOR.value,
                Order.Proposer.HEAD_OF_ADMINISTRATOR.label,
            ),
        ],
    )
    proposer_name = forms.CharField(label=_("Name of the proposer"), max_length=255)
    court_administration_consent = forms.BooleanField(
        label=_("Court Administration consent received"), required=False
    )
    replacement_iin = forms.CharField(
        label=_("IIN of the replacing listener (for a replacement)"), max_length=12, required=False
    )


class DismissForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class MaterialForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(
        label=_("File"),
        required=False,
        # A hint for the browser only; the service checks type and size (material_check_file).
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.pptx,.xlsx,.txt,.odt"}),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


MARK_CHOICES = Attendance.Mark.choices


class CertificateOrderForm(BootstrapMixin, forms.Form):
    """TR-28: the listeners who passed the final knowledge check."""

    enrolments = forms.ModelMultipleChoiceField(
        label=_("Listeners who passed the exam"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, group: Group, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        field = self.fields["enrolments"]
        field.queryset = group.enrolments.filter(status=Enrolment.Status.ADMITTED).select_related(
            "listener"
        )
        field.label_from_instance = lambda enrolment: enrolment.listener.full_name
        field.widget.attrs["class"] = "form-check-input"
