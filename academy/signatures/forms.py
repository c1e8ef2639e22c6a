from django import forms
from django.utils.translation import gettext_lazy as _


class OrderNumberForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=30)
    date = forms.DateField(label=_("Order date"), widget=forms.DateInput(attrs={"type": "date"}))


class SignatureForm(OrderNumberForm):
    cms = forms.CharField(widget=forms.HiddenInput, max_length=200_000)


class VerifyUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Document"),
        help_text=_("A PDF with an embedded signature, or the signed document itself."),
    )
    signature = forms.FileField(
        label=_("Signature (.cms)"),
        required=False,
        help_text=_("For a document signed with a detached signature: its .cms file."),
    )


class ActPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
