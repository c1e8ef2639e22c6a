"""Schemathesis against the served OpenAPI schema: every operation, fuzzed parameters and bodies.

No response may be a 500, and every response must match the schema (status code, media
type, headers and body). The number of examples is bounded so the run stays under a minute.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as st_checks

from academy.documents.testing import build_group
from academy.training.testing import GroupFactory, ProgrammeFactory

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]


@pytest.fixture
def in_process_requests():
    # As Django's test client does: requests inside the test transaction keep its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_the_schema_says(in_process_requests, make_key, methodologist):
    build_group([80, 45])
    GroupFactory()
    ProgrammeFactory(status="approved")
    scopes = [
        f"{r}:{a}"
        for r in ("courses", "groups", "results", "certificates", "appeals", "outgoing", "me")
        for a in ("read", "write")
    ]
    _key, raw = make_key(methodologist, scopes, rate=100_000)
    headers = {"Authorization": f"Api-Key {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    seen: set[tuple[str, int]] = set()

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            seen.add((case.operation.label, response.status_code))

        run()

    # The fuzzing reached real data, not only 404s and 400s.
    assert any(status == 200 for _label, status in seen)
