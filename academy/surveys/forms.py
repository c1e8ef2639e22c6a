"""Forms of the final survey: only input shapes; the rules live in services.py."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.accounts.models import User
from academy.core.validators import plausible_date

from .models import Response, Score
from .services import LecturerScore


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"class": "form-control"})
        super().__init__(format="%Y-%m-%d", **kwargs)


class SurveyOpenForm(forms.Form):
    opens_on = forms.DateField(
        label=_("Open from"), widget=DateInput(), validators=[plausible_date]
    )
    closes_on = forms.DateField(
        label=_("Open until"), widget=DateInput(), validators=[plausible_date]
    )

    def __init__(self, *args: Any, group: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        end = group.course.end_date if group is not None else today
        self.fields["opens_on"].initial = max(today, end - timedelta(days=1))
        self.fields["closes_on"].initial = max(today, end) + timedelta(days=7)


def _score_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=Score.choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


class ResponseForm(forms.Form):
    """TR-31 questionnaire: three 1–5 questions, remarks, and one rating per lecturer."""

    satisfaction = _score_field(Response._meta.get_field("satisfaction").verbose_name)
    knowledge_use = _score_field(Response._meta.get_field("knowledge_use").verbose_name)
    effectiveness = _score_field(Response._meta.get_field("effectiveness").verbose_name)
    remarks = forms.CharField(
        label=Response._meta.get_field("remarks").verbose_name,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )

    def __init__(self, *args: Any, lecturers: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lecturers = list(lecturers)
        for lecturer in self.lecturers:
            self.fields[f"lecturer_{lecturer.pk}"] = _score_field(
                _("Rating of the lecturer %(name)s") % {"name": lecturer.full_name}
            )
            self.fields[f"lecturer_{lecturer.pk}_comment"] = forms.CharField(
                label=_("Comment on %(name)s (optional)") % {"name": lecturer.short_name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("satisfaction", "knowledge_use", "effectiveness")]

    def lecturer_rows(self) -> list[tuple[User, forms.BoundField, forms.BoundField]]:
        return [
            (lecturer, self[f"lecturer_{lecturer.pk}"], self[f"lecturer_{lecturer.pk}_comment"])
            for lecturer in self.lecturers
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "satisfaction": data["satisfaction"],
            "knowledge_use": data["knowledge_use"],
            "effectiveness": data["effectiveness"],
            "remarks": data["remarks"],
            "lecturer_scores": [
                LecturerScore(
                    lecturer_id=lecturer.pk,
                    score=data[f"lecturer_{lecturer.pk}"],
                    comment=data[f"lecturer_{lecturer.pk}_comment"],
                )
                for lecturer in self.lecturers
            ],
        }
