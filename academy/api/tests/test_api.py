"""The integration API: keys, scopes, the pages' object checks, problem details, ETags."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.accounts.roles import Role
from academy.api.models import ApiCall, ApiKey
from academy.documents.testing import build_group, confirm_results
from academy.secevents.models import SecurityEvent
from academy.training.models import Enrolment, Group
from academy.training.testing import GroupFactory, LessonFactory, ProgrammeFactory, fresh_iin

ALL_READ = ["courses:read", "groups:read", "results:read", "certificates:read", "appeals:read"]


def _csv(*rows: str) -> SimpleUploadedFile:
    body = "ИИН;Тегі;Аты;Әкесінің аты;Санат\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("list.csv", body.encode(), content_type="text/csv")


def test_a_system_uploads_a_group_list_and_reads_the_groups_results(
    make_key, key_client, methodologist
):
    group = GroupFactory()
    _key, raw = make_key(methodologist, [*ALL_READ, "groups:write"])
    client = key_client(raw)
    good, other = fresh_iin(), fresh_iin()

    response = client.post(
        f"/api/v1/groups/{group.pk}/list/",
        {
            "file": _csv(
                f"{good};Ахметов;Ержан;Болатұлы;judge",
                "123;Bad;Row;;judge",
                f"{other};Сейітов;Нұр;;judge",
            )
        },
    )

    assert response.status_code == 200, response.content
    report = response.json()
    assert [row["listener"]["iin"] for row in report["added"]] == [good, other]
    assert report["errors"][0]["line"] == 3  # the page's row report, by line number
    assert report["errors"][0]["message"]
    enrolments = list(Enrolment.objects.filter(group=group))
    assert len(enrolments) == 2

    listed = client.get(f"/api/v1/groups/{group.pk}/enrolments/").json()
    assert listed["count"] == 2
    export = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERSONAL_DATA_EXPORT)
    assert export.details["records"] == 2
    assert export.user == methodologist

    confirm_results(group, enrolments, points=81)
    results = client.get(f"/api/v1/groups/{group.pk}/results/")
    assert results.status_code == 200
    body = results.json()
    assert body["count"] == 2
    assert {row["points"] for row in body["results"]} == {81}
    assert {row["listener"]["iin"] for row in body["results"]} == {good, other}


def test_every_call_with_a_key_is_audited(make_key, key_client, methodologist):
    key, raw = make_key(methodologist, ALL_READ)
    key_client(raw).get("/api/v1/courses/")
    call = ApiCall.objects.get(key=key)
    assert (call.method, call.path, call.status) == ("GET", "/api/v1/courses/", 200)
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_only_the_prefix_of_a_key_is_stored(make_key, methodologist):
    key, raw = make_key(methodologist, ALL_READ)
    stored = ApiKey.objects.filter(pk=key.pk).values_list("prefix", "key_hash").get()
    assert raw.startswith(stored[0] + ".")
    assert raw not in stored[1]
    assert len(stored[1]) == 64


def test_a_key_without_write_scope_gets_403_as_problem_json(make_key, key_client, methodologist):
    group = GroupFactory()
    _key, raw = make_key(methodologist, ALL_READ)
    response = key_client(raw).post(
        f"/api/v1/groups/{group.pk}/list/", {"file": _csv(f"{fresh_iin()};А;Б;;judge")}
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 403
    assert problem["title"] == "Access is refused."
    assert problem["instance"] == f"/api/v1/groups/{group.pk}/list/"
    assert not Enrolment.objects.filter(group=group).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCESS_REFUSED).exists()


def test_problems_are_translated(make_key, key_client, methodologist):
    group = GroupFactory()
    _key, raw = make_key(methodologist, ALL_READ)
    response = key_client(raw, language="ru").post(f"/api/v1/groups/{group.pk}/list/", {})
    assert response.status_code == 403
    assert response.json()["title"] == "Доступ запрещён."


def test_a_key_without_read_scope_of_a_resource_gets_403(make_key, key_client, methodologist):
    group = GroupFactory()
    _key, raw = make_key(methodologist, ["groups:read"])
    assert key_client(raw).get(f"/api/v1/groups/{group.pk}/").status_code == 200
    assert key_client(raw).get(f"/api/v1/groups/{group.pk}/results/").status_code == 403


def test_an_expired_key_gets_401(make_key, key_client, methodologist):
    key, raw = make_key(methodologist, ALL_READ, expires_in=-timedelta(minutes=1))
    response = key_client(raw).get("/api/v1/courses/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["detail"] == "The API key has expired."
    assert ApiCall.objects.get(key=key).status == 401


def test_a_wrong_key_gets_401(make_key, key_client, methodologist):
    _key, raw = make_key(methodologist, ALL_READ)
    assert key_client(raw[:-2] + "xx").get("/api/v1/courses/").status_code == 401
    assert key_client("nothing").get("/api/v1/courses/").status_code == 401


def test_no_credentials_get_401(client):
    assert client.get("/api/v1/courses/").status_code == 401


def test_a_lecturers_key_sees_only_the_groups_the_lecturer_teaches(make_key, key_client, lecturer):
    own = GroupFactory()
    LessonFactory(programme=ProgrammeFactory(group=own), lecturer=lecturer)
    other = GroupFactory()
    _key, raw = make_key(lecturer, ALL_READ)
    client = key_client(raw)

    listed = client.get("/api/v1/groups/").json()
    assert [row["id"] for row in listed["results"]] == [own.pk]
    assert client.get(f"/api/v1/groups/{own.pk}/enrolments/").status_code == 200
    assert client.get(f"/api/v1/groups/{other.pk}/").status_code == 403
    assert client.get(f"/api/v1/groups/{other.pk}/enrolments/").status_code == 403
    # Results and certificates are the managers' pages: not the lecturer's, even with the scope.
    assert client.get(f"/api/v1/groups/{own.pk}/results/").status_code == 403


def test_the_court_administration_cannot_read_results(make_key, key_client, make_persona):
    group, _exam, _enrolments = build_group([80, 40])
    liaison = make_persona(Role.COURT_ADMINISTRATION)
    _key, raw = make_key(liaison, ALL_READ)
    assert key_client(raw).get(f"/api/v1/groups/{group.pk}/").status_code == 200
    assert key_client(raw).get(f"/api/v1/groups/{group.pk}/results/").status_code == 403


def test_unknown_group_is_404_problem(make_key, key_client, methodologist):
    _key, raw = make_key(methodologist, ALL_READ)
    response = key_client(raw).get("/api/v1/groups/999999/")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_changed_since_filters_by_date_changed(make_key, key_client, methodologist):
    old = GroupFactory()
    new = GroupFactory()
    Group.objects.filter(pk=new.pk).update(list_received_at=timezone.now())
    _key, raw = make_key(methodologist, ALL_READ)
    since = (timezone.now() - timedelta(minutes=5)).isoformat()
    listed = key_client(raw).get("/api/v1/groups/", {"changed_since": since}).json()
    assert [row["id"] for row in listed["results"]] == [new.pk]
    assert old.pk not in [row["id"] for row in listed["results"]]
    bad = key_client(raw).get("/api/v1/groups/", {"changed_since": "yesterday"})
    assert bad.status_code == 400
    assert "changed_since" in bad.json()["errors"]


def test_etag_gives_304_when_nothing_changed(make_key, key_client, methodologist):
    group = GroupFactory()
    _key, raw = make_key(methodologist, ALL_READ)
    client = key_client(raw)
    first = client.get(f"/api/v1/groups/{group.pk}/")
    etag = first["ETag"]
    assert client.get(f"/api/v1/groups/{group.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Group.objects.filter(pk=group.pk).update(name="Renamed")
    changed = client.get(f"/api/v1/groups/{group.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_lists_are_paginated(make_key, key_client, methodologist):
    for _i in range(3):
        GroupFactory()
    _key, raw = make_key(methodologist, ALL_READ)
    page = key_client(raw).get("/api/v1/groups/", {"page_size": 2}).json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"]


def test_rate_limit_per_key(make_key, key_client, methodologist):
    _key, raw = make_key(methodologist, ALL_READ, rate=2)
    other_key, other_raw = make_key(methodologist, ALL_READ, name="Other")
    client = key_client(raw)
    assert [client.get("/api/v1/courses/").status_code for _i in range(3)] == [200, 200, 429]
    assert key_client(other_raw).get("/api/v1/courses/").status_code == 200
    assert client.get("/api/v1/courses/")["Content-Type"] == "application/problem+json"


def test_browser_session_uses_the_page_roles(client_as, methodologist, listener):
    group = GroupFactory()
    assert client_as(methodologist).get(f"/api/v1/groups/{group.pk}/").status_code == 200
    assert client_as(listener).get(f"/api/v1/groups/{group.pk}/").status_code == 403


def test_certificates_and_appeal_decisions_are_listed(make_key, key_client, methodologist):
    group, _exam, _enrolments = build_group([80])
    _key, raw = make_key(methodologist, ALL_READ)
    response = key_client(raw).get(f"/api/v1/groups/{group.pk}/certificates/")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/groups/{id}/list/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_issue_refuses_unknown_scopes(administrator, methodologist):
    from django.core.exceptions import ValidationError

    from academy.api.services import api_key_issue

    with pytest.raises(ValidationError):
        api_key_issue(
            name="x",
            user=methodologist,
            scopes=["groups:delete"],
            expires_at=timezone.now() + timedelta(days=1),
            by=administrator,
        )


def test_a_listener_sees_their_own_data(client_as, listener):
    from academy.training.testing import EnrolmentFactory

    enrolment = EnrolmentFactory(listener=listener)
    response = client_as(listener).get("/api/v1/me/")
    assert response.status_code == 200
    data = response.json()
    assert data["iin"] == listener.iin
    assert data["roles"] == ["listener"]
    assert [row["group"]["id"] for row in data["enrolments"]] == [enrolment.group_id]
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PERSONAL_DATA_EXPORT, user=listener
    ).exists()


def test_own_data_through_a_key_needs_its_scope(make_key, key_client, methodologist):
    _key, raw = make_key(methodologist, ALL_READ)
    assert key_client(raw).get("/api/v1/me/").status_code == 403
    _key, raw = make_key(methodologist, ["me:read"], name="Own")
    assert key_client(raw).get("/api/v1/me/").json()["iin"] == methodologist.iin
