"""Factories and named personas for tests, one per role, shared by every app."""

from itertools import count

import factory
from django.contrib.auth.models import Group

from academy.core.iin import iin_check_digit

from .models import Court, Region, User
from .roles import Role

TEST_PASSWORD = "Sot-Akademia-2026"
_serial = count(1)


def next_test_iin(birth: str = "800517", century_sex: str = "3") -> str:
    """A valid IIN that no user has yet (serials without a check digit are skipped).

    Tests and demo code also build IINs with make_iin, which moves to the next serial
    when one has no check digit, so a serial of ours may already be taken: look.
    """
    while True:
        first = f"{birth}{century_sex}{next(_serial) % 10000:04d}"
        check = iin_check_digit(first)
        if check is not None and not User.objects.filter(iin=f"{first}{check}").exists():
            return f"{first}{check}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name_kk = factory.Sequence(lambda n: f"Облыс {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    name_kk = factory.Sequence(lambda n: f"{n} аудандық сот")
    name_ru = factory.Sequence(lambda n: f"Районный суд № {n}")
    name_en = factory.Sequence(lambda n: f"District Court No. {n}")
    level = Court.Level.DISTRICT
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    iin = factory.LazyFunction(next_test_iin)
    surname = factory.Sequence(lambda n: f"Сапаров{n}")
    first_name = "Ерлан"
    patronymic = "Болатұлы"
    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    account_verified = True
    court = factory.SubFactory(CourtFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
            if Role.ADMINISTRATOR in extracted:
                self.is_staff = True
        if create:
            self.save()


def persona(role: str, **fields: object) -> User:
    """A verified user holding exactly one role."""
    return UserFactory(roles=[role], **fields)
