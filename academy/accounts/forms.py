from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import Role
from .selectors import courts_for_choice


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("IIN or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm copies USERNAME_FIELD's length (12, the IIN); e-mails are longer.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = "254"

    error_messages = {
        "invalid_login": _(
            "The IIN/e-mail or password is wrong. Note that both fields may be case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }


class RegistrationForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = [
            "iin",
            "surname",
            "first_name",
            "patronymic",
            "email",
            "phone",
            "preferred_language",
            "court",
            "position",
            "category",
            "staff_subcategory",
            "specialisation",
            "date_appointed_judge",
        ]
        widgets = {
            "date_appointed_judge": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["court"].queryset = courts_for_choice()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this e-mail already exists."))
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two password fields didn't match."))
        elif p1:
            probe = User(
                **{
                    k: v
                    for k, v in cleaned.items()
                    if k in {"iin", "surname", "first_name", "email"}
                }
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "phone", "preferred_language", "position"]


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
