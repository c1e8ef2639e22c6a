"""Security events from Django's auth signals, django-axes, roles and two-factor devices."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityEvent
from .services import security_event


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event(
        kind=SecurityEvent.Kind.LOGIN_SUCCESS,
        request=request,
        user=user,
        details={"outcome": "success"},
    )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(
        credentials.get("username") or credentials.get("iin") or credentials.get("email") or ""
    )
    security_event(
        kind=SecurityEvent.Kind.LOGIN_FAILURE,
        request=request,
        username=username,
        details={"outcome": "failure"},
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    security_event(
        kind=SecurityEvent.Kind.LOCKOUT,
        request=request,
        username=username or "",
        details={"outcome": "locked", "ip": ip_address},
    )


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _roles_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(
        instance, get_user_model()
    ):
        return
    from django.contrib.auth.models import Group

    roles = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    security_event(
        kind=SecurityEvent.Kind.ROLE_CHANGE,
        user=instance,
        details={"outcome": "success", "action": action.removeprefix("post_"), "roles": roles},
    )


@receiver(post_save, sender=TOTPDevice)
@receiver(post_delete, sender=TOTPDevice)
def _two_factor_changed(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    # A device is saved at every verification too; only its creation and removal count.
    if kwargs.get("created") is False:
        return
    action = "created" if kwargs.get("created") else "deleted"
    security_event(
        kind=SecurityEvent.Kind.TWO_FACTOR_CHANGE,
        user=instance.user,
        details={"outcome": "success", "action": action, "confirmed": instance.confirmed},
    )


@receiver(post_save, sender=LogEntry)
def _admin_action(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if created:
        security_event(
            kind=SecurityEvent.Kind.ADMIN_ACTION,
            user=instance.user,
            details={
                "outcome": "success",
                "object": instance.object_repr,
                "model": str(instance.content_type) if instance.content_type_id else "",
                "action": {1: "addition", 2: "change", 3: "deletion"}.get(instance.action_flag, ""),
            },
        )
