"""Every date a person types on a form is checked for plausibility (year 1, year 9999 …)."""

import pytest
from django import forms
from django.utils.translation import override

from academy.appeals.forms import CommissionForm, ResultForm
from academy.learning.forms import ModuleForm
from academy.portal.forms import EventForm
from academy.surveys.forms import SurveyOpenForm
from academy.training.forms import CourseForm, SignForm

DATE_FIELDS = [
    (CourseForm, "start_date"),
    (CourseForm, "end_date"),
    (SignForm, "date"),
    (ResultForm, "received_on"),
    (CommissionForm, "approved_on"),
    (SurveyOpenForm, "opens_on"),
    (SurveyOpenForm, "closes_on"),
    (ModuleForm, "release_on"),
    (EventForm, "starts_on"),
    (EventForm, "ends_on"),
]


@pytest.mark.parametrize(("form", "name"), DATE_FIELDS)
@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_an_implausible_date_is_refused_on_the_form(form, name, typed):
    field = form.base_fields[name]
    with override("en"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(typed)
        assert "is not a plausible date" in str(error.value.messages)
