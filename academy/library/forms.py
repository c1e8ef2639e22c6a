"""Forms of the e-library pages; the rules themselves live in services."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from academy.accounts.models import User

from .models import (
    Copy,
    FundSource,
    Reader,
    Record,
    RecordKind,
    RecordLanguage,
    RegisterEntry,
    Supplier,
)
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
    available = forms.BooleanField(label=_("With a copy on the shelf"), required=False)
    field = forms.ChoiceField(
        label=_("Search in"),
        required=False,
        choices=[
            ("", _("Any field")),
            ("title", _("Title")),
            ("author", _("Author")),
            ("subject", _("Subject")),
            ("isbn", _("ISBN or ISSN")),
            ("publisher", _("Publisher")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Relevance")),
            ("year_desc", _("Year, newest first")),
            ("year_asc", _("Year, oldest first")),
            ("title", _("Title A–Z")),
        ],
    )
    # Chosen from the facets (one name of the record's list), shown as chips.
    author = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    subject = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


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
    encoding = forms.ChoiceField(
        label=_("Encoding of unmarked records"),
        initial="auto",
        required=False,
        choices=[
            ("auto", _("Detect (MARC-8, UTF-8 or a Cyrillic code page)")),
            ("marc8", "MARC-8"),
            ("utf-8", "UTF-8"),
            ("cp1251", "Windows-1251 (cp1251)"),
            ("cp866", "DOS (cp866)"),
            ("koi8_r", "KOI8-R"),
        ],
        help_text=_(
            "Used for records whose leader position 09 is blank; records marked UTF-8 are "
            "always read as UTF-8."
        ),
    )

    marc_format = forms.ChoiceField(
        label=_("MARC format"),
        initial="auto",
        required=False,
        choices=[
            ("auto", _("Detect (MARC21, UNIMARC or RUSMARC)")),
            ("marc21", "MARC21"),
            ("unimarc", "UNIMARC"),
            ("rusmarc", "RUSMARC"),
        ],
        help_text=_(
            "UNIMARC and RUSMARC records are mapped to MARC21 and kept as they were given."
        ),
    )

    def clean_marc_format(self) -> str:
        return self.cleaned_data.get("marc_format") or "auto"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean_encoding(self) -> str:
        return self.cleaned_data.get("encoding") or "auto"


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


# ---------------------------------------------------------------- acquisition ----


class SupplierForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    bin = forms.CharField(label=_("BIN or IIN"), max_length=12, min_length=12)
    contact = forms.CharField(label=_("Contact"), max_length=255, required=False)


class OrderForm(StyledForm):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.all())
    ordered_on = forms.DateField(
        label=_("Order date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OrderLineForm(StyledForm):
    record = forms.ModelChoiceField(
        label=_("Catalogue record"),
        required=False,
        queryset=Record.objects.exclude(kind=RecordKind.ARTICLE).order_by("title"),
        help_text=_("Or leave empty and type a new title below."),
    )
    new_title = forms.CharField(label=_("New title"), max_length=500, required=False)
    new_authors = forms.CharField(
        label=_("Authors of the new title"), max_length=500, required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10000)
    unit_price = forms.DecimalField(
        label=_("Unit price, tenge"), min_value=0, max_digits=12, decimal_places=2
    )
    source = forms.ChoiceField(label=_("Fund source"), choices=FundSource.choices)


class ReceiveForm(StyledForm):
    quantity = forms.IntegerField(label=_("Copies received"), min_value=1)
    location = forms.CharField(label=_("Location"), max_length=128, required=False)


class WriteOffForm(StyledForm):
    barcode = forms.CharField(label=_("Copy barcode"), max_length=32)
    reason = forms.ChoiceField(label=_("Reason"), choices=RegisterEntry.Reason.choices)

    def clean_barcode(self) -> Copy:
        barcode = self.cleaned_data["barcode"].strip()
        copy = Copy.objects.filter(barcode=barcode).first()
        if copy is None:
            raise forms.ValidationError(_("No copy has this barcode."))
        return copy


class RegisterPeriodForm(StyledForm):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


# ---------------------------------------------------------------- administration ----


class LibrarySettingsForm(StyledForm):
    loan_limit = forms.IntegerField(
        label=_("Loan limit"),
        help_text=_("How many copies a reader may hold at once, from 1 to 50."),
    )
    loan_days = forms.IntegerField(label=_("Loan period (days)"), help_text=_("From 1 to 90 days."))
    reading_room_locations = forms.CharField(
        label=_("Reading-room-only locations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; copies placed there are not lent."),
    )
