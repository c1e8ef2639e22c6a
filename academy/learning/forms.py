"""Forms of the distance learning system: only input shapes; the rules live in services.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from academy.core.validators import plausible_date
from academy.exams.models import Language, QuestionCategory
from academy.training.models import Group

from .models import (
    ASSIGNMENT_RULES,
    MAX_OPTIONS,
    MODULE_RULES,
    QUIZ_RULES,
    SCORM_RULES,
    Completion,
    CourseQuiz,
    Document,
    Module,
    OnlineCourse,
)


def _rules(allowed: Any) -> list[tuple[str, Any]]:
    return [(rule, Completion(rule).label) for rule in allowed]


COMPLETION_HELP = _("When the activity counts as completed in the listener's course progress.")

ACCEPT = ".pdf,.docx,.doc,.pptx,.xlsx,.txt,.odt"  # a browser hint; services check the file


class BootstrapForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-control")


class OnlineCourseForm(BootstrapForm):
    title = forms.CharField(label=_("Title (Kazakh)"), max_length=255)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModuleForm(BootstrapForm):
    title = forms.CharField(label=_("Title (Kazakh)"), max_length=255)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
    text = forms.CharField(
        label=_("Text of the material"),
        required=False,
        help_text=_(
            "Text or simple HTML (paragraphs, bold, lists, tables, links); scripts, styles "
            "and event handlers are removed on saving."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=_("File"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    release_on = forms.DateField(
        label=Module._meta.get_field("release_on").verbose_name,
        required=False,
        validators=[plausible_date],
        help_text=_("Leave empty to make the module available at once."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    completion = forms.ChoiceField(
        label=_("Completed when"),
        choices=_rules(MODULE_RULES),
        initial=Completion.PASSED,
        required=False,
        help_text=_("Viewed: the material studied. Passed: studied and the self-check passed."),
    )

    def clean_completion(self) -> str:
        return self.cleaned_data.get("completion") or Completion.PASSED


class ModuleEditForm(ModuleForm):
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)

    field_order = [
        "title",
        "title_ru",
        "title_en",
        "text",
        "file",
        "remove_file",
        "url",
        "release_on",
        "completion",
    ]

    def __init__(self, *args: Any, module: Module, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": module.title_kk or module.title,
                "title_ru": module.title_ru,
                "title_en": module.title_en,
                "text": module.text,
                "url": module.url,
                "release_on": module.release_on,
                "completion": module.completion,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["remove_file"].widget.attrs["class"] = "form-check-input"
        if not module.file:
            del self.fields["remove_file"]


class CourseCopyForm(BootstrapForm):
    """Course templates: which course to copy to which new group (choices from selectors)."""

    source = forms.ModelChoiceField(label=_("Course to copy"), queryset=OnlineCourse.objects.none())
    group = forms.ModelChoiceField(label=_("New group"), queryset=Group.objects.none())

    def __init__(self, *args: Any, sources: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["group"].queryset = groups


class QuestionForm(BootstrapForm):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    option_1 = forms.CharField(label=_("Option 1"), max_length=500)
    option_2 = forms.CharField(label=_("Option 2"), max_length=500)
    option_3 = forms.CharField(label=_("Option 3"), max_length=500, required=False)
    option_4 = forms.CharField(label=_("Option 4"), max_length=500, required=False)
    correct = forms.TypedChoiceField(
        label=_("Correct option"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_OPTIONS + 1)],
    )

    @classmethod
    def for_question(cls, question: Any, data: Any = None) -> "QuestionForm":
        initial = {"text": question.text, "correct": question.correct} | {
            f"option_{n}": getattr(question, f"option_{n}") for n in range(1, MAX_OPTIONS + 1)
        }
        return cls(data, initial=initial)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "options": [data[f"option_{n}"] for n in range(1, MAX_OPTIONS + 1)],
            "correct": data["correct"],
        }


class SelfCheckForm(forms.Form):
    """One radio group per question of the module's self-check."""

    def __init__(self, *args: Any, questions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                coerce=int,
                choices=question.options(),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class DocumentForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=255)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


class AssignmentForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    instructions = forms.CharField(
        label=_("Instructions"),
        help_text=_("Text or simple HTML; scripts are removed on saving."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    working_days = forms.IntegerField(
        label=_("Or: working days from today"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Counted in the working-day calendar: weekends and holidays are skipped."),
    )
    max_points = forms.IntegerField(
        label=_("Maximum points"), min_value=1, max_value=1000, initial=100
    )
    completion = forms.ChoiceField(
        label=_("Completed when"),
        choices=_rules(ASSIGNMENT_RULES),
        initial=Completion.SUBMITTED,
        required=False,
        help_text=COMPLETION_HELP,
    )
    pass_percent = forms.IntegerField(
        label=_("Passed from, % of the points"),
        min_value=0,
        max_value=100,
        initial=50,
        required=False,
    )

    def clean_completion(self) -> str:
        return self.cleaned_data.get("completion") or Completion.SUBMITTED

    def clean_pass_percent(self) -> int:
        value = self.cleaned_data.get("pass_percent")
        return 50 if value is None else value


class SubmissionForm(BootstrapForm):
    text = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    file = forms.FileField(
        label=_("File"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


class GradeForm(BootstrapForm):
    points = forms.IntegerField(label=_("Points"), min_value=0)
    feedback = forms.CharField(
        label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WeightsForm(BootstrapForm):
    """Gradebook: the weights of the two categories in the course grade."""

    quiz_weight = forms.IntegerField(label=_("Quizzes, %"), min_value=0, max_value=100)
    assignment_weight = forms.IntegerField(label=_("Assignments, %"), min_value=0, max_value=100)


QUIZ_DRAWS = 3


class CourseQuizForm(BootstrapForm):
    """A quiz from the question bank: up to three categories, each with a number to draw."""

    title = forms.CharField(label=_("Title"), max_length=255)
    mode = forms.ChoiceField(label=_("Kind of quiz"), choices=CourseQuiz.Mode.choices)
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.none(),
        required=False,
        help_text=_("The quiz is available when the module is released."),
    )
    language = forms.ChoiceField(label=_("Language of the questions"), choices=Language.choices)
    duration_minutes = forms.IntegerField(
        label=_("Time for one attempt, minutes"), min_value=1, max_value=600, initial=30
    )
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"),
        min_value=1,
        max_value=100,
        required=False,
        initial=1,
        help_text=_("Empty: no limit."),
    )
    grading = forms.ChoiceField(
        label=_("Grade counted"), choices=CourseQuiz.Grading.choices, initial="best"
    )
    pass_percent = forms.IntegerField(
        label=_("Passed from, %"), min_value=0, max_value=100, initial=50
    )
    completion = forms.ChoiceField(
        label=_("Completed when"), choices=_rules(QUIZ_RULES), help_text=COMPLETION_HELP
    )
    due_on = forms.DateField(
        label=_("To be done by"),
        required=False,
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, course: OnlineCourse, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": course.group.language})
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = course.modules.all()
        categories = QuestionCategory.objects.select_related("parent").order_by("name")
        for n in range(1, QUIZ_DRAWS + 1):
            self.fields[f"category_{n}"] = forms.ModelChoiceField(
                label=_("Category %(n)s") % {"n": n},
                queryset=categories,
                required=n == 1,
            )
            self.fields[f"count_{n}"] = forms.IntegerField(
                label=_("Questions to draw from it"),
                min_value=1,
                max_value=200,
                required=n == 1,
            )
            for name in (f"category_{n}", f"count_{n}"):
                self.fields[name].widget.attrs.setdefault("class", "form-control")

    def service_arguments(self) -> dict[str, Any]:
        from .quizzes import CategoryDraw

        data = dict(self.cleaned_data)
        draws = []
        for n in range(1, QUIZ_DRAWS + 1):
            category, count = data.pop(f"category_{n}"), data.pop(f"count_{n}")
            if category is not None and count:
                draws.append(CategoryDraw(category, count))
        return data | {"draws": draws}


class ScormForm(BootstrapForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Empty: the title in the package's manifest."),
    )
    file = forms.FileField(
        label=_("SCORM 1.2 package (zip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    module = forms.ModelChoiceField(
        label=_("Module"), queryset=Module.objects.none(), required=False
    )
    completion = forms.ChoiceField(
        label=_("Completed when"),
        choices=_rules(SCORM_RULES),
        initial=Completion.SUBMITTED,
        help_text=_(
            "Viewed: opened. Submitted: the package reports completed or passed. "
            "Passed: it reports passed (or the score reaches the mastery score)."
        ),
    )

    def __init__(self, *args: Any, course: OnlineCourse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = course.modules.all()
