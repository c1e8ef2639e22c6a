from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OutgoingDocument


class DeliveryForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Delivery status"),
        choices=[
            (value, label)
            for value, label in OutgoingDocument.Status.choices
            if value != OutgoingDocument.Status.PENDING
        ],
    )
    note = forms.CharField(label=_("Delivery note"), max_length=255, required=False)
