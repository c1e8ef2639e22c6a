"""Factories for the e-library's tests."""

import factory

from .bin import make_bin
from .models import Copy, Reader, Record, RecordKind, Supplier


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Record

    kind = RecordKind.BOOK
    title = factory.Sequence(lambda n: f"Сот практикасы {n}")
    authors = factory.Sequence(lambda n: f"Автор{n}, А. Б.")
    publisher = "Жеті жарғы"
    place = "Алматы"
    year = 2022
    language = "ru"


class CopyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Copy

    record = factory.SubFactory(RecordFactory)
    barcode = factory.Sequence(lambda n: f"LIB{n:06d}")
    location = "Абонемент"


class ReaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reader

    card_number = factory.Sequence(lambda n: f"T-{n:05d}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Кітап әлемі {n}")
    bin = factory.Sequence(lambda n: make_bin(2015, 3, 100 + n * 7))
