"""Fixtures of the documents tests; the builders live in academy.documents.testing."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in the source language; pages choose theirs by URL prefix.
    with translation.override("en"):
        yield
