from typing import Any

from django import forms

from .selectors import Choice


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of notification: in the system, by e-mail."""

    def __init__(self, *args: Any, choices: list[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for choice in choices:
            code = choice.kind.code
            self.fields[f"{code}__in_app"] = forms.BooleanField(
                required=False, initial=choice.in_app, label=choice.kind.label
            )
            self.fields[f"{code}__email"] = forms.BooleanField(
                required=False, initial=choice.email, label=choice.kind.label
            )
            self.rows.append((choice.kind, self[f"{code}__in_app"], self[f"{code}__email"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        codes = {name.split("__")[0] for name in self.fields}
        return {
            code: (self.cleaned_data[f"{code}__in_app"], self.cleaned_data[f"{code}__email"])
            for code in codes
        }
