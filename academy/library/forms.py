"""Forms of the e-library pages; the rules themselves live in services."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from academy.accounts.models import User

from .models import Copy, Reader, Record, RecordKind, RecordLanguage
from .services.cataloguing import RECORD_FIELDS


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *RecordKind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *RecordLanguage.choices],
    )
    year_from = forms.IntegerField(
        label=_("Year from"), required=False, min_value=1500, max_value=2100
    )
    year_to = forms.IntegerField(label=_("Year to"), required=False, min_value=1500, max_value=2100)


class RecordForm(StyledForm):
    """One bibliographic record by hand (IS-12 cataloguing)."""

    def __init__(self, *args: Any, instance: Record | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=RECORD_FIELDS))
        super().__init__(*args, **kwargs)
        host = self.fields["host"]
        assert isinstance(host, forms.ModelChoiceField)
        host.queryset = Record.objects.filter(kind=RecordKind.SERIAL).order_by("title")


RecordForm.base_fields = {
    **fields_for_model(Record, fields=RECORD_FIELDS),
    # Typed with hyphens or spaces; the service normalises them (python-stdnum).
    "isbn": forms.CharField(label=_("ISBN"), required=False, max_length=32),
    "issn": forms.CharField(label=_("ISSN"), required=False, max_length=16),
}


class CopyForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    class Meta:
        model = Copy
        fields = ["barcode", "location", "shelf_mark"]


class MarcImportForm(StyledForm):
    file = forms.FileField(
        label=_("MARC21 file"),
        help_text=_("ISO 2709 (.mrc) or MARC-XML (.xml), up to 20 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _user_by_iin_or_card(value: str) -> tuple[User | None, Reader | None]:
    value = value.strip()
    reader = Reader.objects.select_related("user").filter(card_number__iexact=value).first()
    if reader is not None:
        return reader.user, reader
    user = User.objects.filter(iin=value).first()
    return user, (Reader.objects.filter(user=user).first() if user else None)


class ReaderField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Reader card number or IIN"))
        kwargs.setdefault("max_length", 16)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[User, Reader | None]:
        value = super().clean(value)
        user, reader = _user_by_iin_or_card(value)
        if user is None:
            raise forms.ValidationError(_("No reader or user with this card number or IIN."))
        return user, reader


class ReaderCardForm(StyledForm):
    reader = ReaderField(label=_("IIN"))


class LoanForm(StyledForm):
    barcode = forms.CharField(label=_("Copy barcode"), max_length=32)
    reader = ReaderField()

    def clean_barcode(self) -> Copy:
        barcode = self.cleaned_data["barcode"].strip()
        copy = Copy.objects.select_related("record").filter(barcode=barcode).first()
        if copy is None:
            raise forms.ValidationError(_("No copy has this barcode."))
        return copy
