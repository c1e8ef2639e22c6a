from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.core.imports import validate_import_upload

from .models import (
    Blueprint,
    BlueprintRule,
    CaseTask,
    CommissionMember,
    OralTicket,
    Question,
    QuestionCategory,
    QuestionLanguage,
    QuestionType,
)
from .services.bank import short_answers


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
    ("qti", "IMS QTI 2.1 (zip)"),
]


_KEPT_SETTINGS = frozenset(
    {
        "shuffle",
        "combined_feedback",
        "units",
        "unit_grading",
        "unit_penalty",
        "unit_display",
        "units_left",
    }
)


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("File"), validators=[validate_import_upload])
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        help_text=_("Questions without a category in the file go here."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("As in the file, else detected from the text")), *QuestionLanguage.choices],
        required=False,
        help_text=_(
            "Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) mean Kazakh; other Cyrillic Russian; Latin English."
        ),
    )


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


class ExamCasesForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"),
        queryset=CaseTask.objects.order_by("specialisation", "title"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class ExamForGroupForm(BootstrapForm):
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title (Kazakh)"), max_length=255)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
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


class OptionRowForm(BootstrapForm):
    """One option of a choice question; a row left empty is no option."""

    text = forms.CharField(label=_("Option"), required=False)
    correct = forms.BooleanField(label=pgettext_lazy("answer option", "Correct"), required=False)
    # Per-option feedback comes from GIFT or Moodle XML; carried so an edit keeps it.
    feedback = forms.CharField(required=False, widget=forms.HiddenInput)
    # The option's grade fraction from an import, carried likewise: kept while the
    # "correct" box still agrees with it (bank.validate_question decides).
    fraction = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["correct"].widget.attrs["class"] = "form-check-input"

    def row(self) -> dict[str, Any] | None:
        text, correct = self.cleaned_data.get("text", ""), self.cleaned_data.get("correct")
        if not text.strip() and not correct:
            return None
        row = {"text": text, "correct": bool(correct), "feedback": self.cleaned_data["feedback"]}
        fraction = self.cleaned_data.get("fraction")
        if fraction is not None and (fraction > 0) == bool(correct):
            row["fraction"] = fraction
        return row


class PairRowForm(BootstrapForm):
    """One pair of a matching question; a row left empty is no pair."""

    left = forms.CharField(label=_("Item"), required=False)
    right = forms.CharField(label=_("Its match"), required=False)

    def row(self) -> dict[str, Any] | None:
        left, right = self.cleaned_data.get("left", ""), self.cleaned_data.get("right", "")
        if not left.strip() and not right.strip():
            return None
        return {"left": left, "right": right}


class AcceptedAnswerRowForm(BootstrapForm):
    """One accepted answer of a short-answer question."""

    text = forms.CharField(label=_("Accepted answer"), required=False)
    # The answer's weight and feedback from an import, carried so an edit keeps them.
    fraction = forms.FloatField(required=False, widget=forms.HiddenInput)
    feedback = forms.CharField(required=False, widget=forms.HiddenInput)

    def row(self) -> dict[str, Any] | None:
        text = self.cleaned_data.get("text", "")
        if not text.strip():
            return None
        fraction = self.cleaned_data.get("fraction")
        return {
            "text": text,
            "fraction": 1.0 if fraction is None else fraction,
            "feedback": self.cleaned_data.get("feedback", ""),
        }


OptionFormSet = forms.formset_factory(OptionRowForm, extra=0, max_num=50)
PairFormSet = forms.formset_factory(PairRowForm, extra=0, max_num=50)
AcceptedAnswerFormSet = forms.formset_factory(AcceptedAnswerRowForm, extra=0, max_num=50)

# Rows a new question starts with; an edited one gets two empty rows after its own.
_EMPTY_ROWS = {"options": 4, "pairs": 4, "answers": 3}
# The payload key of each type's rows, also the formset's prefix and attribute.
_ROWS_KEY = {
    QuestionType.SINGLE: "options",
    QuestionType.MULTIPLE: "options",
    QuestionType.MATCHING: "pairs",
    QuestionType.SHORT: "answers",
}


class QuestionForm(BootstrapForm):
    """One question of any type, in Kazakh or Russian, written in plain fields.

    The answers are rows of a formset for the type: an option with a "correct" box per
    row for choices, a pair per row for matching, an accepted answer per row for short
    answer; true/false is a choice. Empty rows are ignored; the bank's service judges
    the rest (validate_question), so the rules stay in one place.
    """

    category = forms.ModelChoiceField(label=_("Category"), queryset=QuestionCategory.objects.all())
    language = forms.ChoiceField(label=_("Language"), choices=QuestionLanguage.choices)
    # Numerical questions are written in GIFT ({#1.5:0.1}) on the edit page.
    qtype = forms.ChoiceField(
        label=_("Type"),
        choices=[c for c in QuestionType.choices if c[0] != QuestionType.NUMERICAL],
    )
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}))
    truth = forms.ChoiceField(
        label=_("True/false answer"),
        required=False,
        choices=[("true", _("True")), ("false", _("False"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    general_feedback = forms.CharField(
        label=_("General feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, question: Question | None = None) -> None:
        version = question.current_version if question is not None else None
        payload: dict[str, Any] = version.payload if version is not None else {}
        initial = self.initial_for(question) if question is not None else None
        super().__init__(data, initial=initial)
        self.question = question
        if question is not None:
            # Attempts were scored by the type; a different type is a new question.
            self.fields["qtype"].disabled = True
        self.options = self._rows(
            OptionFormSet,
            data,
            "options",
            [
                {
                    "text": o["text"],
                    "correct": o["correct"],
                    "feedback": o.get("feedback", ""),
                    "fraction": o.get("fraction"),
                }
                for o in payload.get("options", [])
            ],
        )
        self.pairs = self._rows(
            PairFormSet,
            data,
            "pairs",
            [{"left": p["left"], "right": p["right"]} for p in payload.get("pairs", [])],
        )
        self.answers = self._rows(
            AcceptedAnswerFormSet,
            data,
            "answers",
            [
                {"text": a["text"], "fraction": a["fraction"], "feedback": a["feedback"]}
                for a in short_answers(payload)
            ]
            if question is not None and question.qtype == QuestionType.SHORT
            else [],
        )

    @staticmethod
    def _rows(formset_class: Any, data: Any, prefix: str, initial: list[dict[str, Any]]) -> Any:
        # A formset left out of the POST (the page shows only the edited type's rows)
        # stays unbound rather than failing on its missing management form.
        bound = data if data is not None and f"{prefix}-TOTAL_FORMS" in data else None
        # Posted rows are read as typed: compared with no initial, a row is empty only
        # when nothing is in it, never because it equals the current version's row.
        formset = formset_class(bound, prefix=prefix, initial=None if bound else initial or None)
        formset.extra = max(_EMPTY_ROWS[prefix] - len(initial), 2)
        return formset

    def rows_for(self, qtype: str) -> Any:
        """The formset holding the answers of this type (None for true/false)."""
        key = _ROWS_KEY.get(qtype)
        return getattr(self, key) if key else None

    @property
    def formsets(self) -> list[Any]:
        return [self.options, self.pairs, self.answers]

    def is_valid(self) -> bool:
        if not super().is_valid():
            return False
        rows = self.rows_for(self.cleaned_data["qtype"])
        # Rows missing from the POST are no answers; the service then says what is missing.
        return rows is None or not rows.is_bound or rows.is_valid()

    def payload(self) -> dict[str, Any]:
        """The answers as the bank stores them (bank.validate_question's format)."""
        qtype = self.cleaned_data["qtype"]
        if qtype == QuestionType.TRUE_FALSE:
            # The two feedbacks come from an import; the form keeps them as they are.
            version = self.question.current_version if self.question is not None else None
            kept = version.payload if version is not None else {}
            return {
                "answer": {"true": True, "false": False}.get(self.cleaned_data["truth"]),
                "feedback_true": kept.get("feedback_true", ""),
                "feedback_false": kept.get("feedback_false", ""),
            }
        if qtype in (QuestionType.ESSAY, QuestionType.DESCRIPTION):
            return {}
        rows = self.rows_for(qtype)
        typed = [row for form in rows if (row := form.row()) is not None] if rows.is_bound else []
        payload: dict[str, Any] = {_ROWS_KEY[qtype]: typed}
        # Moodle settings the form has no field for (fixed option order, combined
        # feedback, units) are kept as they are while the type stays the same.
        version = self.question.current_version if self.question is not None else None
        if version is not None and self.question.qtype == qtype:
            payload.update({k: v for k, v in version.payload.items() if k in _KEPT_SETTINGS})
        return payload

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        version = question.current_version
        payload = version.payload if version else {}
        truth = ""
        if question.qtype == QuestionType.TRUE_FALSE:
            truth = "true" if payload.get("answer") else "false"
        return {
            "category": question.category_id,
            "language": question.language,
            "qtype": question.qtype,
            "text": version.text if version else "",
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
