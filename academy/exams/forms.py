from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    Blueprint,
    BlueprintRule,
    CaseTask,
    CommissionMember,
    Language,
    OralTicket,
    Question,
    QuestionCategory,
    QuestionType,
)


class BootstrapForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


FORMAT_CHOICES = [
    ("gift", "Moodle GIFT"),
    ("moodlexml", "Moodle XML"),
    ("aiken", "Aiken"),
]


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        help_text=_("Questions without a category in the file go here."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class ExtraTimeForm(BootstrapForm):
    minutes = forms.IntegerField(label=_("Extra time, minutes"), min_value=1, max_value=240)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class CaseGradeForm(BootstrapForm):
    """TR-A1: five criteria, 0–20 points each."""

    content = forms.IntegerField(label=_("Content fit and completeness"), min_value=0, max_value=20)
    terminology = forms.IntegerField(
        label=_("Conceptual and terminological soundness"), min_value=0, max_value=20
    )
    logic = forms.IntegerField(label=_("Logic"), min_value=0, max_value=20)
    argumentation = forms.IntegerField(label=_("Argumentation"), min_value=0, max_value=20)
    systematicity = forms.IntegerField(label=_("Systematicity"), min_value=0, max_value=20)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def criteria(self) -> list[int]:
        names = ["content", "terminology", "logic", "argumentation", "systematicity"]
        return [self.cleaned_data[name] for name in names]


class OralGradeForm(BootstrapForm):
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def criteria(self) -> list[int]:
        return [self.cleaned_data["points"]]


class CorrectionForm(BootstrapForm):
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CommissionMemberForm(BootstrapForm):
    user = forms.ModelChoiceField(label=_("Member"), queryset=None)  # type: ignore[arg-type]
    seat = forms.ChoiceField(label=_("Seat"), choices=CommissionMember.Seat.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(is_active=True, account_verified=True)
            .exclude(groups__name="listener")
            .order_by("surname", "first_name")
        )


class ExamForGroupForm(BootstrapForm):
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title"), max_length=255)
    blueprint = forms.ModelChoiceField(
        label=_("Blueprint"),
        queryset=Blueprint.objects.all(),
        required=False,
        help_text=_("Needed for a computer test."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from academy.training.models import Group

        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            programme__isnull=False
        ).select_related("course")


class QuestionEditForm(BootstrapForm):
    """A question edited as GIFT text: the same syntax as import, one question."""

    gift = forms.CharField(
        label=_("Question in GIFT"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control font-monospace"}),
        help_text=_("Saving adds a new version; attempts keep the version they were given."),
    )


class QuestionForm(BootstrapForm):
    """One question of any type, in Kazakh or Russian, written in plain fields.

    Answers, one per line: choices – an option per line, a leading * marks a correct
    one; matching – "left => right"; short answer – each accepted answer.
    """

    category = forms.ModelChoiceField(label=_("Category"), queryset=QuestionCategory.objects.all())
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    qtype = forms.ChoiceField(label=_("Type"), choices=QuestionType.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}))
    answers = forms.CharField(
        label=_("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control font-monospace"}),
        help_text=_(
            "One per line. Choices: * before a correct option. Matching: left => right. "
            "Short answer: every accepted answer. True/false: leave empty."
        ),
    )
    truth = forms.ChoiceField(
        label=_("True/false answer"),
        required=False,
        choices=[("", "–"), ("true", _("True")), ("false", _("False"))],
    )
    general_feedback = forms.CharField(
        label=_("General feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def payload(self) -> dict[str, object]:
        """The answers as the bank stores them; the service validates them."""
        qtype = self.cleaned_data["qtype"]
        lines = [ln.strip() for ln in self.cleaned_data["answers"].splitlines() if ln.strip()]
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            return {
                "options": [
                    {"text": ln.lstrip("*").strip(), "correct": ln.startswith("*")} for ln in lines
                ]
            }
        if qtype == QuestionType.TRUE_FALSE:
            truth = self.cleaned_data["truth"]
            return {"answer": {"true": True, "false": False}.get(truth)}
        if qtype == QuestionType.MATCHING:
            pairs = []
            for ln in lines:
                left, _sep, right = ln.partition("=>")
                pairs.append({"left": left.strip(), "right": right.strip()})
            return {"pairs": pairs}
        return {"answers": lines}

    @staticmethod
    def initial_for(question: Question) -> dict[str, object]:
        version = question.current_version
        payload = version.payload if version else {}
        qtype = question.qtype
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            answers = [("*" if o["correct"] else "") + o["text"] for o in payload["options"]]
        elif qtype == QuestionType.MATCHING:
            answers = [f"{p['left']} => {p['right']}" for p in payload["pairs"]]
        elif qtype == QuestionType.SHORT:
            answers = list(payload["answers"])
        else:
            answers = []
        truth = ""
        if qtype == QuestionType.TRUE_FALSE:
            truth = "true" if payload.get("answer") else "false"
        return {
            "category": question.category_id,
            "language": question.language,
            "qtype": qtype,
            "text": version.text if version else "",
            "answers": "\n".join(answers),
            "truth": truth,
            "general_feedback": version.general_feedback if version else "",
        }


class BootstrapModelForm(forms.ModelForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class BlueprintForm(BootstrapModelForm):
    class Meta:
        model = Blueprint
        fields = ["name", "points_per_item", "duration_minutes"]


BlueprintRuleFormSet = forms.inlineformset_factory(
    Blueprint,
    BlueprintRule,
    form=BootstrapModelForm,
    fields=["category", "count", "include_subcategories"],
    extra=2,
    can_delete=True,
)


class CaseTaskForm(BootstrapModelForm):
    class Meta:
        model = CaseTask
        fields = ["title", "specialisation", "form", "language", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}


class OralTicketForm(BootstrapModelForm):
    class Meta:
        model = OralTicket
        fields = ["number", "questions"]
        widgets = {"questions": forms.Textarea(attrs={"rows": 5})}
