"""Reads for users and roles."""

from django.db.models import Q, QuerySet

from .models import Court, User


def users_awaiting_verification() -> QuerySet[User]:
    return (
        User.objects.filter(account_verified=False, is_active=True, is_superuser=False)
        .select_related("court")
        .order_by("date_joined")
    )


def users_search(*, query: str = "", role: str = "") -> QuerySet[User]:
    users = User.objects.select_related("court").prefetch_related("groups")
    if query:
        users = users.filter(
            Q(iin__startswith=query)
            | Q(surname__icontains=query)
            | Q(first_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role:
        users = users.filter(groups__name=role)
    return users.order_by("surname", "first_name")


def courts_for_choice() -> QuerySet[Court]:
    return Court.objects.select_related("region").order_by("level", "name")
