"""Editors' forms of the website: input shapes only; the rules live in services.py."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from academy.core.validators import plausible_date

from . import selectors
from .models import Event, NewsItem, Page, Section
from .validators import validate_image

MARKUP_HELP = _(
    "Plain text: an empty line starts a new paragraph; a link is written as "
    "[text](https://address) and may lead only to the Academy's or a partner's site."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TranslatedForm(forms.Form):
    """A form with one field per language for each of `translated` (IS-21)."""

    translated: tuple[tuple[str, Any, bool], ...] = ()  # (field, label, multi-line)

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        for field, label, multiline in self.translated:
            for code in settings.MODELTRANSLATION_LANGUAGES:
                widget = forms.Textarea(attrs={"rows": 8}) if multiline else forms.TextInput()
                self.fields[f"{field}_{code}"] = forms.CharField(
                    label=f"{label} ({names[code]})",
                    required=False,
                    max_length=20000 if multiline else 200,
                    widget=widget,
                    help_text=MARKUP_HELP if multiline and field == "body" else "",
                )
        self.order_fields(self._field_order())
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def _field_order(self) -> list[str]:
        return list(self.fields)

    def initial_from(self, instance: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for field, _label, _multi in self.translated:
            for code in settings.MODELTRANSLATION_LANGUAGES:
                initial[f"{field}_{code}"] = getattr(instance, f"{field}_{code}") or ""
        return initial

    def translations(self, field: str) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"{field}_{code}", "")
            for code in settings.MODELTRANSLATION_LANGUAGES
        }


class PageForm(TranslatedForm):
    translated = (("title", _("Title"), False), ("body", _("Text"), True))

    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    slug = forms.SlugField(
        label=_("Address of the page"),
        max_length=80,
        help_text=_(
            "The last part of the page's web address: Latin letters, digits and hyphens, "
            "e.g. admission-rules."
        ),
    )
    order = forms.IntegerField(label=_("Order in the section"), min_value=0, initial=0)

    def initial_from(self, instance: Page) -> dict[str, Any]:
        return {
            **super().initial_from(instance),
            "section": instance.section,
            "slug": instance.slug,
            "order": instance.order,
        }


class NewsForm(TranslatedForm):
    translated = (("title", _("Title"), False), ("body", _("Text"), True))

    image = forms.FileField(
        label=_("Image"),
        required=False,
        validators=[validate_image],
        help_text=_("JPEG, PNG, GIF or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    urgent = forms.BooleanField(label=_("Urgent unplanned item"), required=False)
    initiator = forms.ModelChoiceField(
        label=_("Initiated by (management)"), queryset=None, required=False
    )
    urgent_reason = forms.CharField(
        label=_("Reason for urgent publication"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiator"].queryset = selectors.management_users()  # type: ignore[attr-defined]

    def initial_from(self, instance: NewsItem) -> dict[str, Any]:
        return {
            **super().initial_from(instance),
            "urgent": instance.urgent,
            "initiator": instance.initiator_id,
            "urgent_reason": instance.urgent_reason,
        }

    def _field_order(self) -> list[str]:
        tail = ["image", "urgent", "initiator", "urgent_reason"]
        return [name for name in self.fields if name not in tail] + tail


class EventForm(TranslatedForm):
    translated = (
        ("title", _("Title"), False),
        ("body", _("Description"), True),
        ("place", _("Place"), False),
    )

    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=DateInput(), validators=[plausible_date]
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), validators=[plausible_date])
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def initial_from(self, instance: Event) -> dict[str, Any]:
        return {
            **super().initial_from(instance),
            "kind": instance.kind,
            "starts_on": instance.starts_on,
            "ends_on": instance.ends_on,
            "link": instance.link,
        }


class PartnerForm(TranslatedForm):
    translated = (("name", _("Name"), False),)

    url = forms.URLField(label=_("Website"), assume_scheme="https")

    def _field_order(self) -> list[str]:
        return [name for name in self.fields if name != "url"] + ["url"]
