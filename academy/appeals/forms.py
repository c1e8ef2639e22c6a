"""Forms of the appeals app; rules live in services, forms only collect input."""

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.forms import formset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.imports import validate_import_upload
from academy.core.uploads import validate_upload_content
from academy.core.validators import past_date

from . import rules
from .models import (
    ACT_EXTENSIONS,
    RECORDING_EXTENSIONS,
    Appeal,
    Commission,
    Exam,
    ReviewSheet,
    Stage,
    StageResult,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ContestedQuestionForm(forms.Form):
    """AP-F1 form No. 1: one contested question."""

    number = forms.IntegerField(label=_("Question number"), min_value=1, required=False)
    grounds = forms.CharField(
        label=pgettext_lazy("appeals", "Grounds"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    legal_reference = forms.CharField(label=_("Legal reference"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("number") and not (data.get("grounds") or "").strip():
            self.add_error("grounds", _("State the grounds for this question."))
        return data


MAX_CONTESTED_ROWS = 50  # a test has 50 items (TR-21); more rows cannot be meant
# AP-15.1: five rows to start with; the candidate adds more ("Add a question").
ContestedQuestionFormSet = formset_factory(
    ContestedQuestionForm, extra=5, max_num=MAX_CONTESTED_ROWS, absolute_max=MAX_CONTESTED_ROWS
)


def questions_from(formset: Any) -> list[dict[str, Any]]:
    return [
        {
            "number": form.cleaned_data["number"],
            "grounds": form.cleaned_data["grounds"],
            "legal_reference": form.cleaned_data["legal_reference"],
        }
        for form in formset
        if form.cleaned_data.get("number")
    ]


class AppealForm(forms.Form):
    """AP-F1 form No. 2 (reasons); for the test the questions come from the formset."""

    reasons = forms.CharField(
        label=pgettext_lazy("appeals", "Reasons"),
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    technical_fault = forms.BooleanField(
        label=_("The appeal is about a technical fault"), required=False
    )
    agreed_to_continue = forms.BooleanField(
        label=_("I agreed to continue after the fault"), required=False
    )


class PaperAppealForm(AppealForm):
    """The secretary registers an appeal received on paper."""

    result = forms.ModelChoiceField(label=_("Result appealed"), queryset=StageResult.objects.none())
    filed_at = forms.DateTimeField(label=_("Received at"), widget=DateTimeInput())

    field_order = ["result", "filed_at", "reasons", "technical_fault", "agreed_to_continue"]

    def __init__(self, *args: Any, results: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = results


class SittingForm(forms.Form):
    commission = forms.ModelChoiceField(
        label=pgettext_lazy("appeals", "Commission"), queryset=Commission.objects.none()
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    place = forms.CharField(label=pgettext_lazy("appeals", "Place"), max_length=255)
    presiding = forms.ModelChoiceField(
        label=_("Presiding member (if the chair is absent)"),
        queryset=User.objects.none(),
        required=False,
    )
    appeals = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("appeals", "Appeals"),
        queryset=Appeal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, commissions: Any, appeals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = commissions
        self.fields["presiding"].queryset = User.objects.filter(
            appeal_commissions__in=commissions
        ).distinct()
        self.fields["appeals"].queryset = appeals
        if not self.is_bound:
            self._prefill_presiding(commissions)

    def _prefill_presiding(self, commissions: Any) -> None:
        """AP-4: the presiding member defaults to the one the commission designates; the
        commission is the one asked for (`?commission=`) or the chair's only one."""
        wanted = self.initial.get("commission")
        if wanted:
            commission = commissions.filter(pk=getattr(wanted, "pk", wanted)).first()
        else:
            commission = commissions.first() if commissions.count() == 1 else None
        if commission is None:
            self.initial.pop("commission", None)  # not one of the chair's commissions
            return
        self.initial["commission"] = commission.pk
        if commission.deputy_id and "presiding" not in self.initial:
            self.initial["presiding"] = commission.deputy_id


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("appeals", "Reason"), widget=forms.Textarea({"rows": 3})
    )


class FaultActForm(forms.Form):
    act = forms.FileField(
        label=_("Technical fault act"),
        help_text=_("PDF or image, up to 10 MB."),
        validators=[FileExtensionValidator(ACT_EXTENSIONS), validate_upload_content],
    )


class RecordingForm(forms.Form):
    recording = forms.FileField(
        label=_("Video/audio recording of the interview"),
        help_text=_("mp4, webm, mkv, mp3, ogg, wav or m4a, up to 500 MB."),
        validators=[FileExtensionValidator(RECORDING_EXTENSIONS), validate_upload_content],
    )


class ImportForm(forms.Form):
    class Kind:
        RESULTS = "results"
        ANSWERS = "answers"
        SHEETS = "sheets"

    exam = forms.ModelChoiceField(
        label=pgettext_lazy("appeals", "Exam"), queryset=Exam.objects.all()
    )
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            (Kind.RESULTS, _("Results: iin, stage, points, threshold, received_on")),
            (
                Kind.ANSWERS,
                _("Test record: iin, number, question, candidate_answer, correct_answer"),
            ),
            (Kind.SHEETS, _("Graders' sheets and interview scores: iin, stage, grader, c1…c6")),
        ],
    )
    upload = forms.FileField(label=_("CSV or XLSX file"), validators=[validate_import_upload])


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Members present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, sitting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = sitting.commission.members.order_by("surname")
        self.fields["present"].choices = [(str(m.pk), m.full_name) for m in members]
        self.appeal_fields = []
        for appeal in sitting.appeals.select_related("result__candidate"):
            name = f"attendance_{appeal.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(appeal)s: %(candidate)s")
                % {"appeal": appeal, "candidate": appeal.candidate.full_name},
                choices=Appeal.Attendance.choices[1:],
                required=False,
            )
            self.appeal_fields.append((appeal.pk, name))

    def attendance(self) -> dict[int, str]:
        return {
            pk: self.cleaned_data[name]
            for pk, name in self.appeal_fields
            if self.cleaned_data[name]
        }


class ReviewSheetForm(forms.Form):
    """AP-F2..AP-F5: the fields follow the stage of the appeal."""

    position = forms.ChoiceField(
        label=_("Position on the appeal"),
        choices=ReviewSheet.Position.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (why the grade is unfounded, when upholding)"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    graders_heard = forms.CharField(
        label=_("Graders heard (AP-17)"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, appeal: Appeal, averages: list | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.appeal = appeal
        self.stage = appeal.result.stage
        self.item_names: list[Any] = []
        fields: dict[str, forms.Field] = {}
        if self.stage == Stage.TEST:
            answers = {a.number: a for a in appeal.result.answers.all()}
            for question in appeal.questions.filter(disregarded_code=""):
                n = question.number
                answer = answers.get(n)
                fields[f"q{n}_correct_answer"] = forms.CharField(
                    label=_("Question %(number)s: correct answer") % {"number": n},
                    initial=answer.correct_answer if answer else "",
                    required=False,
                )
                fields[f"q{n}_candidate_answer"] = forms.CharField(
                    label=_("Question %(number)s: candidate's answer") % {"number": n},
                    initial=answer.candidate_answer if answer else "",
                    required=False,
                )
                fields[f"q{n}_incorrect"] = forms.BooleanField(
                    label=_("Question %(number)s is incorrect") % {"number": n}, required=False
                )
                fields[f"q{n}_comment"] = forms.CharField(
                    label=_("Question %(number)s: comment") % {"number": n}, required=False
                )
                fields[f"q{n}_legal_reference"] = forms.CharField(
                    label=_("Question %(number)s: legal reference") % {"number": n},
                    required=False,
                )
                self.item_names.append(n)
        else:
            for index, label in enumerate(rules.criteria_for(self.stage)):
                allowed = rules.allowed_scores(self.stage, index)
                optional = rules.is_optional(self.stage, index)
                blank = _("not applicable") if optional else "—"
                choices = [("", blank), *[(v, v) for v in allowed]]
                average = averages[index] if averages and index < len(averages) else None
                help_text = (
                    _("Graders' average: %(value)s") % {"value": average}
                    if average is not None
                    else ""
                )
                fields[f"c{index}"] = forms.ChoiceField(
                    label=label, choices=choices, required=not optional, help_text=help_text
                )
                self.item_names.append(index)
        # The sheet's items first, then the position.
        self.fields = {**fields, **self.fields}

    def items(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if self.stage == Stage.TEST:
            return [
                {
                    "number": n,
                    "correct_answer": data[f"q{n}_correct_answer"],
                    "candidate_answer": data[f"q{n}_candidate_answer"],
                    "incorrect": data[f"q{n}_incorrect"],
                    "comment": data[f"q{n}_comment"],
                    "legal_reference": data[f"q{n}_legal_reference"],
                }
                for n in self.item_names
            ]
        return [{"score": data[f"c{i}"]} for i in self.item_names]


class ResultForm(forms.Form):
    exam = forms.ModelChoiceField(
        label=pgettext_lazy("appeals", "Exam"), queryset=Exam.objects.none()
    )
    candidate = forms.ModelChoiceField(
        label=pgettext_lazy("appeals", "Candidate"), queryset=User.objects.none()
    )
    stage = forms.ChoiceField(label=pgettext_lazy("appeals", "Stage"), choices=Stage.choices)
    points = forms.DecimalField(
        label=pgettext_lazy("appeals", "Points"), min_value=0, decimal_places=2
    )
    threshold = forms.DecimalField(
        label=pgettext_lazy("appeals", "Threshold"), min_value=0, decimal_places=2
    )
    received_on = forms.DateField(
        label=_("Result received on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[past_date],
    )

    def __init__(self, *args: Any, exams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exam"].queryset = exams
        self.fields["candidate"].queryset = User.objects.filter(
            groups__name=Role.CANDIDATE
        ).order_by("surname", "first_name")


class CommissionForm(forms.Form):
    """AP-3..AP-7: a commission's composition as approved by the Council chair."""

    title = forms.CharField(label=_("Title (Kazakh)"), max_length=255)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
    approved_on = forms.DateField(
        label=_("Approved by the Council chair on"),
        validators=[past_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    approval_reference = forms.CharField(
        label=_("Approval reference"),
        max_length=255,
        required=False,
        help_text=_("Number and date of the Council chair's act."),
    )
    chair = forms.ModelChoiceField(
        label=pgettext_lazy("appeals", "Chair"), queryset=User.objects.none()
    )
    members = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("appeals", "Members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The chair is a member and votes; the secretary is not (AP-7)."),
    )
    deputy = forms.ModelChoiceField(
        label=_("Presiding member in the chair's absence"),
        queryset=User.objects.none(),
        required=False,
    )
    secretary = forms.ModelChoiceField(
        label=pgettext_lazy("appeals", "Secretary"), queryset=User.objects.none()
    )
    exams = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("appeals", "Exams"),
        queryset=Exam.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("surname", "first_name")
        voters = people.filter(
            groups__name__in=[Role.APPEALS_CHAIR, Role.APPEALS_MEMBER]
        ).distinct()
        self.fields["chair"].queryset = people.filter(groups__name=Role.APPEALS_CHAIR)
        self.fields["members"].queryset = voters
        self.fields["deputy"].queryset = voters
        self.fields["secretary"].queryset = people.filter(groups__name=Role.APPEALS_SECRETARY)
        for name in ("chair", "members", "deputy", "secretary"):
            self.fields[name].label_from_instance = lambda user: user.full_name


class GraderSheetForm(forms.Form):
    """AP-F3..AP-F5: one grader's sheet; the scores are checked by the service."""

    grader = forms.CharField(label=pgettext_lazy("appeals", "Grader"), max_length=255)

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.score_names: list[str] = []
        for index, label in enumerate(rules.criteria_for(stage)):
            blank = _("not applicable") if rules.is_optional(stage, index) else "—"
            choices = [("", blank), *[(v, v) for v in rules.allowed_scores(stage, index)]]
            name = f"c{index + 1}"
            self.fields[name] = forms.ChoiceField(
                label=format_lazy("{}. {}", index + 1, label), choices=choices, required=False
            )
            self.score_names.append(name)

    def scores(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.score_names]
