"""Log in by IIN or by e-mail address."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


class IINOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        login = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not login or password is None:
            return None
        lookup = {"iin": login} if login.isdigit() else {"email__iexact": login}
        try:
            user = User.objects.get(**lookup)
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def normalise_login(login: str) -> str:
    """The one spelling of a login: an IIN as typed, an e-mail address lower-cased."""
    login = (login or "").strip()
    return login if login.isdigit() else login.lower()


def lockout_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: count failures per account, whatever the case of the e-mail.

    The backend matches e-mail addresses case-insensitively, so the lock-out must too;
    otherwise each new spelling would get a fresh set of tries.
    """
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        login = credentials[field]
    elif request is not None:
        login = getattr(request, "data", request.POST).get(field, "")
    else:
        login = ""
    return normalise_login(str(login))
