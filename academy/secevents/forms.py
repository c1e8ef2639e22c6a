from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SecurityEvent


class EventSearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"),
        choices=[("", _("All events")), *SecurityEvent.Kind.choices],
        required=False,
    )
    text = forms.CharField(label=_("Login name, IP address or address"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
