"""Forms of live sessions: only input shapes; the rules live in services.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from academy.learning.forms import BootstrapForm
from academy.training.models import Group, Lesson

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ExamSessionForm(BootstrapForm):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    room_url = forms.URLField(
        label=_("Own video room link"),
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty to use the Academy's video conference."),
    )


class SessionForm(ExamSessionForm):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    lesson = forms.ModelChoiceField(
        label=_("Class of the programme"),
        queryset=Lesson.objects.none(),
        required=False,
        help_text=_(
            "Tied to a class, joining through the system marks the listener present in "
            "the attendance register."
        ),
    )

    field_order = ["title", "lesson", "starts_at", "ends_at", "room_url"]

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = Lesson.objects.filter(programme__group=group).order_by(
            "starts_at", "pk"
        )
        self.fields["lesson"].widget.attrs["class"] = "form-select"
