"""Writes for users and roles. Every change is audited (django-auditlog)."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from .models import User
from .roles import ADMINISTRATOR_APP_LABELS, ROLE_PERMISSIONS, Role


def roles_sync() -> None:
    """Create a group per role and give it the permissions of ROLE_PERMISSIONS that exist."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, [])
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                perms.append(perm)
        if role == Role.ADMINISTRATOR:
            perms.extend(
                Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APP_LABELS)
            )
        group.permissions.set(perms)


@transaction.atomic
def user_register(*, password: str, **fields: object) -> User:
    """Self-registration (IS-13): the account starts unverified and without roles."""
    user = User(**fields, account_verified=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_verify(*, user: User, by: User) -> User:
    """The responsible unit confirms a self-registered account (IS-13)."""
    if user.account_verified:
        raise ValidationError(_("This account is already verified."))
    user.account_verified = True
    user.verified_at = timezone.now()
    user.verified_by = by
    user.save(update_fields=["account_verified", "verified_at", "verified_by"])
    return user


@transaction.atomic
def user_reject(*, user: User, by: User, reason: str) -> User:
    """Refuse a registration: the account is deactivated and the reason kept in the audit log."""
    if user.account_verified:
        raise ValidationError(_("A verified account cannot be rejected; deactivate it instead."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting the registration."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_event(actor=by, obj=user, event="registration_rejected", details={"reason": reason})
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str], by: User) -> User:
    """Give a user exactly these roles (administrators only; the view checks that)."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    if (
        user.pk == by.pk
        and Role.ADMINISTRATOR in user.role_codes
        and Role.ADMINISTRATOR not in roles
    ):
        raise ValidationError(_("You cannot remove your own administrator role."))
    user.groups.set(Group.objects.filter(name__in=roles))
    # The admin site is for back-office data entry by administrators only.
    user.is_staff = Role.ADMINISTRATOR in roles or user.is_superuser
    user.save(update_fields=["is_staff"])
    user._role_codes = None
    return user


@transaction.atomic
def user_update_profile(*, user: User, **fields: object) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's preferred interface language."""
    if language in User.Language.values and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
