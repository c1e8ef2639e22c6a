"""Administrators issue keys here; the key is shown once, only its prefix and hash are kept."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from academy.core.audit import audit_event

from .models import SCOPE_CHOICES, ApiCall, ApiKey
from .services import api_key_set_secret


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApiKey
        fields = ["name", "user", "scopes", "expires_at", "rate_per_minute", "revoked_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "user", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at"]
    search_fields = ["name", "prefix"]
    autocomplete_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        obj.scopes = sorted(form.cleaned_data.get("scopes") or [])
        if change:
            super().save_model(request, obj, form, change)
            audit_event(actor=request.user, obj=obj, event="api_key_changed")
            return
        raw = api_key_set_secret(obj)
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_event(
            actor=request.user, obj=obj, event="api_key_issued", details={"scopes": obj.scopes}
        )
        messages.warning(
            request,
            _("Copy the key now, it is not shown again: %(key)s") % {"key": raw},
        )


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "key", "method", "path", "status", "ip_address"]
    list_filter = ["status", "method"]
    search_fields = ["path", "key__name", "key__prefix"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
