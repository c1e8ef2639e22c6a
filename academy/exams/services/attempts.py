"""The attempt engine: draw, timer, autosave, automatic submission, scoring.

Reused by distance-learning quizzes: anything with a blueprint and a duration works.
"""

import json
import math
import random
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from ..models import (
    Attempt,
    AttemptEvent,
    AttemptItem,
    Blueprint,
    Exam,
    Participant,
    Question,
    QuestionType,
    QuestionVersion,
)


class AnswerFormatError(ValueError):
    """The answer payload does not fit the question: the client gets a 400."""


class AnswerSuperseded(Exception):  # noqa: N818 - an outcome, not a failure
    """A newer answer of the item is stored: this older save is acknowledged, not applied.

    A retry that lands after the listener's next answer (an outage, a slow network) must
    never overwrite it; the page's per-item sequence tells which answer is newer.
    """

    def __init__(self, stored_seq: int) -> None:
        super().__init__(stored_seq)
        self.stored_seq = stored_seq


# Sequences come from the page's JavaScript: its exact integers end at 2^53.
MAX_SEQ = 2**53 - 1
# Ids beyond a signed 64-bit integer cannot exist (and overflow SQLite's driver).
MAX_ID = 2**63 - 1
# Positions are stored in a PositiveSmallIntegerField.
MAX_POSITION = 32767


def check_seq(seq: Any) -> int | None:
    """The save's sequence as an int (None: an internal save, not ordered); else 400."""
    if seq is None:
        return None
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQ:
        raise AnswerFormatError(_("The save sequence must be a positive whole number."))
    return seq


class DeadlineExpired(ValidationError):
    pass


class AnswerChecked(ValidationError):
    """A practice quiz's item was checked (immediate feedback): its answer stays as checked."""


def draw_items(
    *,
    blueprint: Blueprint,
    language: str,
    rng: random.Random,
    pools: list[tuple[int, list[tuple[int, int]]]] | None = None,
    versions: dict[int, QuestionVersion] | None = None,
) -> list[QuestionVersion]:
    """Draw the blueprint's items from their categories without repeating a question.

    `pools` and `versions` (read once by exam_attempts_draw) spare the queries when many
    attempts are drawn at once; the same seed draws the same items either way.
    """
    if pools is None:
        pools = _draw_pools(blueprint=blueprint, language=language)
    chosen: list[int] = []
    used: set[int] = set()
    for index, (count, all_pool) in enumerate(pools):
        # A description has nothing to answer: it is never drawn as an item (see _draw_pools).
        pool = [entry for entry in all_pool if entry[0] not in used]
        if len(pool) < count:
            rule = list(blueprint.rules.select_related("category").order_by("pk"))[index]
            raise ValidationError(
                _(
                    "The category %(category)s has %(available)s questions in this language; "
                    "the blueprint needs %(needed)s."
                )
                % {"category": rule.category, "available": len(pool), "needed": count}
            )
        picked = rng.sample(pool, count)
        used.update(pk for pk, _v in picked)
        chosen.extend(v for _pk, v in picked)
    rng.shuffle(chosen)
    if versions is None:
        versions = QuestionVersion.objects.select_related("question").in_bulk(chosen)
    return [versions[pk] for pk in chosen]


def _answer_order(version: QuestionVersion, rng: random.Random) -> list[str]:
    payload = version.payload
    qtype = version.question.qtype
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        ids = [o["id"] for o in payload["options"]]
    elif qtype == QuestionType.MATCHING:
        ids = [p["id"] for p in payload["pairs"]]
    else:
        return []
    if payload.get("shuffle", True) is not False:
        # Moodle's shuffleanswers = 0 keeps the author's order (e.g. "all of the above").
        rng.shuffle(ids)
    return ids


def _new_code() -> str:
    return secrets.token_hex(4).upper()


def participant_for(*, exam: Exam, listener: Any) -> Participant | None:
    return Participant.objects.filter(exam=exam, listener=listener).first()


def _exam_minutes(exam: Exam) -> int:
    if exam.kind == Exam.Kind.COMPUTER_TEST and exam.blueprint is not None:
        return exam.blueprint.duration_minutes
    return exam.duration_minutes


def _draw_pools(*, blueprint: Blueprint, language: str) -> list[tuple[int, list[tuple[int, int]]]]:
    """Each rule's count and its pool of (question, version) ids, read once per exam."""
    pools = []
    for rule in blueprint.rules.select_related("category").order_by("pk"):
        category_ids = (
            rule.category.descendant_ids() if rule.include_subcategories else [rule.category.pk]
        )
        pool = list(
            Question.objects.filter(
                category_id__in=category_ids,
                is_active=True,
                language=language,
                current_version__isnull=False,
            )
            .exclude(qtype=QuestionType.DESCRIPTION)
            .order_by("pk")
            .values_list("pk", "current_version_id")
        )
        pools.append((rule.count, pool))
    return pools


def _attempt_draw(
    *,
    exam: Exam,
    listener: Any,
    participant: Participant,
    now: datetime,
    status: str,
    pools: Any = None,
    versions: dict[int, QuestionVersion] | None = None,
    number: int = 1,
) -> Attempt | None:
    """Draw one attempt (seed, case or ticket, items and answer orders) and store it.

    Returns None when the listener already has an attempt (another request or the
    exam's draw won the race). A READY attempt's times are placeholders: its start
    sets them (TR-21: the deadline counts from the start).
    """
    seed = secrets.randbits(62)
    rng = random.Random(seed)
    attempt = Attempt(
        exam=exam,
        listener=listener,
        status=status,
        number=number,
        seed=seed,
        started_at=now,
        deadline=now + timedelta(minutes=_exam_minutes(exam) + participant.extra_minutes),
        code=_new_code(),
    )
    if exam.kind == Exam.Kind.WRITTEN_CASE:
        cases = list(exam.cases.order_by("pk"))
        matching = [c for c in cases if c.specialisation == getattr(listener, "specialisation", "")]
        if not cases:
            raise ValidationError(_("The exam has no cases."))
        attempt.case = rng.choice(matching or cases)
    elif exam.kind == Exam.Kind.ORAL:
        tickets = list(exam.tickets.order_by("number"))
        if not tickets:
            raise ValidationError(_("The exam has no tickets."))
        ticket = rng.choice(tickets)
        attempt.ticket = [ticket.number, *ticket.questions.splitlines()]
    drawn: list[QuestionVersion] = []
    if exam.kind == Exam.Kind.COMPUTER_TEST:
        if exam.blueprint is None:
            raise ValidationError(_("The exam has no blueprint."))
        drawn = draw_items(
            blueprint=exam.blueprint,
            language=exam.language,
            rng=rng,
            pools=pools,
            versions=versions,
        )
        items = [
            AttemptItem(position=position, version=version, order=_answer_order(version, rng))
            for position, version in enumerate(drawn, start=1)
        ]
        # The item map needs no item ids: stored with the attempt, one INSERT fewer.
        attempt.item_map = _item_map(items)
    if pools is None:
        attempt.full_clean()
    try:
        with transaction.atomic():
            attempt.save()
            if drawn:
                for item in items:
                    item.attempt = attempt
                AttemptItem.objects.bulk_create(items)
    except IntegrityError:
        return None
    return attempt


def exam_attempts_draw(*, exam: Exam, progress: Any = None) -> int:
    """Draw every participant's attempt when the computer test opens, READY to start.

    Steps: 1. the pools of the blueprint's rules and their versions are read once;
    2. each participant without an attempt gets one (seed, items, answer orders), each
    in its own transaction; 3. `progress(done, total)` is called after each 50.
    A participant added later draws lazily at the start (attempt_start).
    Returns the number of attempts drawn.
    """
    exam = Exam.objects.select_related("blueprint").get(pk=exam.pk)
    if exam.kind != Exam.Kind.COMPUTER_TEST or exam.status != Exam.Status.OPEN:
        return 0
    if exam.blueprint is None:
        return 0
    pools = _draw_pools(blueprint=exam.blueprint, language=exam.language)
    version_ids = {v for _count, pool in pools for _pk, v in pool}
    versions = QuestionVersion.objects.select_related("question").in_bulk(version_ids)
    have = set(Attempt.objects.filter(exam=exam).values_list("listener_id", flat=True))
    participants = [
        p for p in exam.participants.select_related("listener") if p.listener_id not in have
    ]
    now = timezone.now()
    drawn = 0
    for done, participant in enumerate(participants, start=1):
        if _attempt_draw(
            exam=exam,
            listener=participant.listener,
            participant=participant,
            now=now,
            status=Attempt.Status.READY,
            pools=pools,
            versions=versions,
        ):
            drawn += 1
        if progress is not None and (done % 50 == 0 or done == len(participants)):
            progress(done, len(participants))
    return drawn


@transaction.atomic
def attempt_start(*, exam: Exam, listener: Any, now: datetime | None = None) -> Attempt:
    """Start (or resume) the listener's attempt.

    Steps: 1. the exam must be open and the listener admitted (the participant row is
    locked, so extra time granted meanwhile is never lost); 2. an attempt drawn when the
    exam opened is started by one guarded UPDATE (READY → in progress, while the exam is
    open), its start and deadline fixed once from now (TR-21, TR-22); 3. an attempt
    already started is returned as it is (resume after a crash; a second start never
    moves the deadline); 4. otherwise (a participant added after the opening, or not
    a computer test) the attempt is drawn now.
    """
    now = now or timezone.now()
    if exam.status != Exam.Status.OPEN:
        raise ValidationError(_("The exam is not open."))
    participant = (
        Participant.objects.select_for_update().filter(exam=exam, listener=listener).first()
    )
    if participant is None:
        raise PermissionDenied
    minutes = _exam_minutes(exam)
    started = Attempt.objects.filter(
        exam=exam, listener=listener, status=Attempt.Status.READY, exam__status=Exam.Status.OPEN
    ).update(
        status=Attempt.Status.IN_PROGRESS,
        started_at=now,
        deadline=now + timedelta(minutes=minutes + participant.extra_minutes),
    )
    existing = Attempt.objects.filter(exam=exam, listener=listener).order_by("-number").first()
    if existing is not None:
        if existing.status == Attempt.Status.READY and not started:
            raise ValidationError(_("The exam is not open."))
        return existing
    if not Exam.objects.filter(pk=exam.pk, status=Exam.Status.OPEN).exists():
        raise ValidationError(_("The exam is not open."))
    attempt = _attempt_draw(
        exam=exam,
        listener=listener,
        participant=participant,
        now=now,
        status=Attempt.Status.IN_PROGRESS,
    )
    if attempt is None:
        # Two tabs started at once: the other request won; resume its attempt.
        return Attempt.objects.get(exam=exam, listener=listener, number=1)
    return attempt


def attempts_left(exam: Exam, used: int) -> int | None:
    """How many more attempts the exam allows after `used` (None: no limit)."""
    if exam.attempts_allowed is None:
        return None
    return max(exam.attempts_allowed - used, 0)


@transaction.atomic
def attempt_retake(*, exam: Exam, listener: Any, now: datetime | None = None) -> Attempt:
    """Start the listener's next attempt of a quiz that allows more than one (issue 14).

    Steps: 1. the exam must be open and the listener admitted (the participant row is
    locked, so two retakes at once cannot both pass the limit); 2. an attempt still
    running is resumed, not doubled; 3. the attempts limit (`Exam.attempts_allowed`) is
    enforced here, on the server; 4. the next attempt is drawn afresh (new seed, items
    and orders) with the next number. Without any attempt yet it is attempt_start.
    """
    now = now or timezone.now()
    if exam.status != Exam.Status.OPEN:
        raise ValidationError(_("The exam is not open."))
    participant = (
        Participant.objects.select_for_update().filter(exam=exam, listener=listener).first()
    )
    if participant is None:
        raise PermissionDenied
    attempts = list(
        Attempt.objects.filter(exam=exam, listener=listener)
        .exclude(status=Attempt.Status.READY)
        .order_by("-number")
    )
    if not attempts:
        return attempt_start(exam=exam, listener=listener, now=now)
    last = attempts[0]
    if last.status == Attempt.Status.IN_PROGRESS and now <= last.deadline:
        return last
    if last.status == Attempt.Status.IN_PROGRESS:
        attempt_close_if_expired(attempt=last, now=now)
    if attempts_left(exam, len(attempts)) == 0:
        raise ValidationError(
            _("You have used all %(count)s attempts allowed."),
            code="attempts_used",
            params={"count": exam.attempts_allowed},
        )
    attempt = _attempt_draw(
        exam=exam,
        listener=listener,
        participant=participant,
        now=now,
        status=Attempt.Status.IN_PROGRESS,
        number=last.number + 1,
    )
    if attempt is None:  # another request drew this number first
        return Attempt.objects.get(exam=exam, listener=listener, number=last.number + 1)
    return attempt


@transaction.atomic
def attempt_item_check(
    *, attempt: Attempt, position: int, by: Any, now: datetime | None = None
) -> AttemptItem:
    """Immediate feedback (a practice quiz): score one item now; its answer then stays.

    Steps: 1. only the attempt's listener, only when the exam checks answers at once;
    2. a late check submits the attempt and is refused, like a late save; 3. the item is
    locked and scored as the submit would score it (an essay waits for a grader); the
    guarded answer save stores nothing on a scored item, so the checked answer is final.
    """
    now = now or timezone.now()
    locked = _locked_attempt(attempt, by)
    if not locked.exam.immediate_feedback:
        raise ValidationError(_("Answers of this test are checked only when it is submitted."))
    if _late(locked, now):
        raise _deadline_expired()
    _refuse_if_closed(locked)
    item = (
        AttemptItem.objects.select_for_update(of=("self",))
        .select_related("version__question")
        .filter(attempt=locked, position=position)
        .first()
    )
    if item is None:
        raise AnswerFormatError(_("There is no such question in this attempt."))
    if item.score is not None:
        return item
    qtype = item.version.question.qtype
    if qtype == QuestionType.ESSAY:
        raise ValidationError(_("An essay is graded by the lecturer, not checked at once."))
    if item.answer in (None, "", [], {}):
        raise ValidationError(_("Answer the question before checking it."))
    score = item_score(qtype=qtype, payload=item.version.payload, answer=item.answer)
    item.score = score
    item.is_correct = score == _ONE
    item.save(update_fields=["score", "is_correct"])
    return item


def _item_map(items: Any) -> dict[str, list[Any]]:
    """What an answer save needs of each item, fixed at start: type and shown order."""
    return {str(item.position): [item.version.question.qtype, item.order] for item in items}


def _from_token(order: list[Any], token: Any) -> str:
    """Map a position in the order shown to the listener back to an option (or pair) id.

    The page never carries the stored ids: they follow the author's order, in which the
    correct option often comes first, so they would give the answer away.
    """
    # ASCII digits only: "²".isdigit() is true, and int() of it raises ValueError.
    if (
        not isinstance(token, str)
        or not 0 < len(token) <= 4
        or not (token.isascii() and token.isdigit())
        or int(token) >= len(order)
    ):
        raise AnswerFormatError(_("Choose options from the list."))
    return str(order[int(token)])


def _clean_answer(qtype: str, order: list[Any], answer: Any) -> Any:
    """Check the payload's shape against the question type; raise AnswerFormatError.

    Choices and matching answers arrive as positions in the order shown (see _from_token)
    and are stored as option ids. `order` is the shown order of options (or pair ids).
    """
    if answer is None:
        return None
    if qtype == QuestionType.SINGLE:
        if not isinstance(answer, str):
            raise AnswerFormatError(_("Choose one of the options."))
        return _from_token(order, answer)
    if qtype == QuestionType.MULTIPLE:
        if not isinstance(answer, list):
            raise AnswerFormatError(_("Choose options from the list."))
        return sorted({_from_token(order, token) for token in answer})
    if qtype == QuestionType.TRUE_FALSE:
        if not isinstance(answer, bool):
            raise AnswerFormatError(_("Answer true or false."))
        return answer
    if qtype == QuestionType.MATCHING:
        ids = {str(pair_id) for pair_id in order}
        if not isinstance(answer, dict) or not all(k in ids for k in answer):
            raise AnswerFormatError(_("Match each item with one from the list."))
        try:
            return {k: _from_token(order, v) for k, v in sorted(answer.items())}
        except AnswerFormatError as exc:
            raise AnswerFormatError(_("Match each item with one from the list.")) from exc
    if qtype == QuestionType.ESSAY:
        if not isinstance(answer, str) or len(answer) > 20_000:
            raise AnswerFormatError(_("Type your answer (up to 20000 characters)."))
        return answer.strip()
    if qtype == QuestionType.DESCRIPTION:
        raise AnswerFormatError(_("There is nothing to answer here."))
    if not isinstance(answer, str) or len(answer) > 500:
        raise AnswerFormatError(_("Type a short answer (up to 500 characters)."))
    return answer.strip()


_ZERO, _ONE = Decimal(0), Decimal(1)


def _fraction(value: Any) -> Decimal:
    # Fractions are stored with Moodle's 7 decimals (0.3333333); Decimal keeps them exact.
    return Decimal(str(value)).quantize(Decimal("0.0000001"))


def _clamp(value: Decimal) -> Decimal:
    # An item scores 0 to its full points (TR-21: points are earned, never lost across
    # items), as Moodle clamps a multiple-response question's sum to 0..1.
    return min(max(value, _ZERO), _ONE)


def _short_matches(pattern: str, answer: str, case_sensitive: bool) -> bool:
    """Moodle's short-answer match: spaces collapsed, "*" matches anything."""
    pattern, answer = " ".join(pattern.split()), " ".join(answer.split())
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(regex, answer, flags) is not None


def _as_number(answer: str) -> float | None:
    try:
        number = float(answer.strip().replace(" ", "").replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _with_units(answer: str, payload: dict[str, Any]) -> tuple[float | None, bool]:
    """The answer as a number in the answers' unit, and whether its unit was right.

    As Moodle: "150 cm" with the unit cm × 100 is 1.5; a missing or unknown unit leaves
    the number as typed (in the first unit) and is a wrong unit. Without units, any
    answer's unit is right.
    """
    units = payload.get("units") or []
    if not units:
        return _as_number(answer), True
    text = " ".join(answer.split())
    pattern = _NUMBER_LEFT if payload.get("units_left") else _NUMBER_RIGHT
    found = pattern.fullmatch(text)
    if found is None:
        return None, False
    number = _as_number(found.group("number"))
    multipliers = {u["unit"]: float(u["multiplier"]) for u in units}
    unit = found.group("unit").strip()
    if number is None or unit not in multipliers:
        return number, False
    return number / multipliers[unit], True


_NUMERIC = r"(?P<number>[+-]?\s?(?:\d[\d ]*(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)"
_NUMBER_RIGHT = re.compile(_NUMERIC + r"\s*(?P<unit>.*)")
_NUMBER_LEFT = re.compile(r"(?P<unit>.*?)\s*" + _NUMERIC)


def _unit_penalty(fraction: Decimal, payload: dict[str, Any]) -> Decimal:
    """Moodle's apply_unit_penalty: 1 takes a share of the answer's grade, 2 of the
    question's; 0 (units not graded) takes nothing."""
    grading = int(payload.get("unit_grading", 0))
    penalty = _fraction(payload.get("unit_penalty", 0))
    if grading == 1:
        return fraction - penalty * fraction
    if grading == 2:
        return fraction - penalty
    return fraction


def item_score(*, qtype: str, payload: dict[str, Any], answer: Any) -> Decimal | None:
    """The fraction (0..1) of an item's points the answer earns; None: graded by hand.

    Exactly as the import defined the question (Moodle's rules): a single choice earns
    its option's fraction; a multiple choice the sum of its chosen options' fractions
    (wrong ones may be negative); matching the share of its pairs matched; a short or
    numerical answer the fraction of the first accepted answer it matches.
    """
    from .bank import option_fraction, short_answers

    if qtype == QuestionType.ESSAY:
        return None
    if answer is None or answer == "":
        return _ZERO
    if qtype == QuestionType.SINGLE:
        chosen = [o for o in payload["options"] if o["id"] == answer]
        return _clamp(_fraction(option_fraction(chosen[0], payload))) if chosen else _ZERO
    if qtype == QuestionType.MULTIPLE:
        options = payload["options"]
        if all("fraction" not in o for o in options):
            # Versions saved before fractions: all or nothing, as they were scored.
            correct = {o["id"] for o in options if o["correct"]}
            return _ONE if set(answer) == correct else _ZERO
        picked = set(answer)
        total = sum((_fraction(o["fraction"]) for o in options if o["id"] in picked), _ZERO)
        return _clamp(total)
    if qtype == QuestionType.TRUE_FALSE:
        return _ONE if answer is payload["answer"] else _ZERO
    if qtype == QuestionType.MATCHING:
        # Pairs without a left side are extra answers, not pairs to match.
        pairs = [p for p in payload["pairs"] if p["left"]]
        matched = sum(1 for p in pairs if answer.get(p["id"]) == p["id"])
        return _fraction(Decimal(matched) / len(pairs)) if pairs else _ZERO
    if qtype == QuestionType.NUMERICAL:
        number, unit_right = _with_units(str(answer), payload)
        for accepted in payload["answers"]:
            if accepted["value"] == "*" or (
                number is not None
                and abs(number - float(accepted["value"])) <= float(accepted["tolerance"]) + 1e-12
            ):
                fraction = _fraction(accepted["fraction"])
                if not unit_right:
                    fraction = _unit_penalty(fraction, payload)
                return _clamp(fraction)
        return _ZERO
    case_sensitive = bool(payload.get("case_sensitive"))
    for accepted in short_answers(payload):
        if _short_matches(accepted["text"], str(answer), case_sensitive):
            return _clamp(_fraction(accepted["fraction"]))
    return _ZERO


def is_answer_correct(*, qtype: str, payload: dict[str, Any], answer: Any) -> bool:
    """Fully correct: the answer earns all of the item's points."""
    return item_score(qtype=qtype, payload=payload, answer=answer) == _ONE


def attempt_save_token(attempt: Attempt, session_key: str) -> str:
    """The key that authorises answer saves of this attempt, given only to its listener.

    An HMAC of the attempt, its listener, its secret seed and the listener's session key
    under SECRET_KEY: it cannot be forged or moved to another attempt or session, needs
    no storage, and lets the save skip the session and role lookups of every other page
    (the exam's hot path, see the README). It is good only with the session's cookie and
    only while that session lives and the user is active (checked in the statement that
    stores the answer, see _live_session_guard): logout or deactivation ends it.
    Sent in a request header, it also protects the save from cross-site requests.
    """
    message = f"{attempt.pk}:{attempt.listener_id}:{attempt.seed}:{session_key}"
    return salted_hmac("academy.exams.answer-save", message, algorithm="sha256").hexdigest()


def _authorise(
    attempt: Attempt, by: Any, token: str | None, session_key: str | None = None
) -> None:
    """The saver is the attempt's listener: by their session (`by`) or their save token."""
    if by is not None:
        if attempt.listener_id != by.pk:
            raise PermissionDenied
    elif (
        not token
        or not session_key
        or not constant_time_compare(token, attempt_save_token(attempt, session_key))
    ):
        raise PermissionDenied


def _sessions_in_database() -> bool:
    return settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )


def _live_session_guard(listener_id: int, session_key: str, now: datetime) -> tuple[str, list[Any]]:
    """SQL conditions: the token's session still exists and its user is still active.

    Added to the statement that stores the answer, so the token dies with the session
    (logout deletes it) and with the account (deactivation) at no extra query.
    """
    user_table = connection.ops.quote_name(get_user_model()._meta.db_table)
    sql = f" AND EXISTS (SELECT 1 FROM {user_table} WHERE id = %s AND is_active = %s)"  # noqa: S608 - names from the models
    params: list[Any] = [listener_id, True]
    if _sessions_in_database():
        session_table = connection.ops.quote_name(Session._meta.db_table)
        sql += (
            f" AND EXISTS (SELECT 1 FROM {session_table}"  # noqa: S608 - names from the models
            " WHERE session_key = %s AND expire_date > %s)"
        )
        params += [session_key, connection.ops.adapt_datetimefield_value(now)]
    return sql, params


def _require_live_session(attempt: Attempt, session_key: str | None, now: datetime) -> None:
    """The token's session and user, checked on the slow paths (a query of their own)."""
    assert session_key  # _authorise has refused a token save without one
    if not get_user_model().objects.filter(pk=attempt.listener_id, is_active=True).exists():
        raise PermissionDenied
    if _sessions_in_database():
        alive = Session.objects.filter(session_key=session_key, expire_date__gt=now).exists()
    else:
        alive = _session_store_has(session_key)
    if not alive:
        raise PermissionDenied


def _session_store_has(session_key: str) -> bool:
    # Sessions outside the database (cache): asked of their store, one cache read.
    return bool(import_module(settings.SESSION_ENGINE).SessionStore().exists(session_key))


def _locked_attempt(
    attempt: Attempt | int,
    listener: Any,
    token: str | None = None,
    session_key: str | None = None,
    now: datetime | None = None,
) -> Attempt:
    # of=("self",): lock only the attempt row, never the shared exam row, or every
    # listener of the exam would queue behind each other's saves.
    pk = attempt if isinstance(attempt, int) else attempt.pk
    locked = Attempt.objects.select_for_update(of=("self",)).select_related("exam").get(pk=pk)
    _authorise(locked, listener, token, session_key)
    if listener is None:
        _require_live_session(locked, session_key, now or timezone.now())
    return locked


def _refuse_if_closed(attempt: Attempt) -> None:
    if attempt.status == Attempt.Status.READY:
        raise ValidationError(_("The attempt has not been started."))
    if attempt.status == Attempt.Status.SUBMITTED:
        raise ValidationError(_("The attempt has already been submitted; answers cannot change."))


def _late(attempt: Attempt, now: datetime) -> bool:
    """Inside the locked transaction: a save after the deadline submits and is refused."""
    if attempt.status == Attempt.Status.IN_PROGRESS and now > attempt.deadline:
        _submit(attempt, now=attempt.deadline, auto=True)
        AttemptEvent.objects.create(attempt=attempt, kind=AttemptEvent.Kind.SAVE_REFUSED)
        return True
    return False


def _deadline_expired() -> DeadlineExpired:
    return DeadlineExpired(
        _("Time is up: the answer was not saved and the attempt has been submitted.")
    )


def attempt_answer_save(
    *,
    attempt: Attempt | int,
    position: int,
    answer: Any,
    seq: int | None = None,
    by: Any = None,
    token: str | None = None,
    session_key: str | None = None,
    now: datetime | None = None,
) -> AttemptItem:
    """Save one answer (idempotent: the same answer saved twice is stored once).

    The saver is the listener `by` or the holder of the attempt's save token (with the
    session it was given to, still alive). `seq` is the page's per-item sequence: the
    answer is stored only if no newer one is (in the same guarded UPDATE); an older
    save raises AnswerSuperseded and changes nothing. While the attempt runs, the save
    is one guarded UPDATE (_answer_store_in_progress); otherwise the locked transaction
    decides: a save after the deadline changes no answer, submits the attempt
    (committed) and is then refused (TR-21).
    """
    now = now or timezone.now()
    seq = check_seq(seq)
    pk = attempt if isinstance(attempt, int) else attempt.pk
    if not 0 < pk <= MAX_ID:
        raise Attempt.DoesNotExist
    if not 0 < position <= MAX_POSITION:
        raise AnswerFormatError(_("There is no such question in this attempt."))
    stored = _answer_store_in_progress(
        pk=pk,
        position=position,
        answer=answer,
        seq=seq,
        by=by,
        token=token,
        session_key=session_key,
        now=now,
    )
    if stored is not _NOT_STORED:
        return AttemptItem(
            attempt_id=pk, position=position, answer=stored, answered_at=now, seq=seq or 0
        )
    # Not stored: past the deadline, submitted, superseded, a session that has ended,
    # or an attempt without an item map.
    item = _answer_save(
        pk=pk,
        position=position,
        answer=answer,
        seq=seq,
        by=by,
        token=token,
        session_key=session_key,
        now=now,
    )
    if item is None:
        raise _deadline_expired()
    return item


# What an answer save needs of the attempt and that never changes after the start
# (listener, seed, item map), per (attempt, token): a listener's next 49 saves read
# nothing of the attempt. Keyed by the token too, so an entry can never answer for
# another attempt (or for an id reused by a test database).
_SAVE_KEYS: dict[tuple[int, str, str], Attempt] = {}
_SAVE_KEYS_LIMIT = 20_000


def _saver_attempt(pk: int, by: Any, token: str | None, session_key: str | None) -> Attempt:
    """The attempt's fixed columns, read without a lock; the saver authorised.

    The session's life is not checked here but in the UPDATE (_live_session_guard).
    """
    if by is None and token and session_key:
        known = _SAVE_KEYS.get((pk, token, session_key))
        if known is not None:
            return known
    found = _attempt_for_save(pk, lock=False)
    _authorise(found, by, token, session_key)
    if by is None and token and session_key and found.item_map:
        if len(_SAVE_KEYS) >= _SAVE_KEYS_LIMIT:
            _SAVE_KEYS.clear()
        _SAVE_KEYS[(pk, token, session_key)] = found
    return found


_NOT_STORED = object()


def _answer_store_in_progress(
    *,
    pk: int,
    position: int,
    answer: Any,
    seq: int | None,
    by: Any,
    token: str | None,
    session_key: str | None,
    now: datetime,
) -> Any:
    """The exam's hot path: one statement, no transaction, no row lock (TR-21).

    The UPDATE stores the answer only while the attempt is in progress and before its
    deadline, only while the item is unscored, only if the stored answer is not newer
    (sequence), and for a token save only while the token's session and user live:
    _submit locks and scores every item, so a save that races a submit either lands
    before the items are read (and is scored) or, re-checked by PostgreSQL after the
    submit commits, stores nothing. Returns the answer as stored, or _NOT_STORED; the
    locked path then finds out why.
    """
    saver = _saver_attempt(pk, by, token, session_key)
    entry = saver.item_map.get(str(position)) if saver.item_map else None
    if entry is None:
        return _NOT_STORED
    qtype, order = entry
    cleaned = _clean_answer(qtype, order, answer)
    guard, guard_params = "", []
    if by is None:
        assert session_key  # authorised above
        guard, guard_params = _live_session_guard(saver.listener_id, session_key, now)
        if not _sessions_in_database() and not _session_store_has(session_key):
            raise PermissionDenied
    if _item_answer_store(
        attempt_id=pk,
        position=position,
        answer=cleaned,
        seq=seq,
        now=now,
        only_in_progress=True,
        guard=guard,
        guard_params=guard_params,
    ):
        return cleaned
    return _NOT_STORED


# What an answer save reads of the attempt row, in the model's field order: no join.
_SAVE_FIELDS = ("id", "exam_id", "listener_id", "status", "seed", "deadline", "item_map")


def _attempt_for_save(pk: int, *, lock: bool) -> Attempt:
    """Read (and lock) the attempt row with only what an answer save needs.

    A plain cursor because this is the exam's hot path (500 listeners at once): the ORM
    (even `raw()`) spent more time on this query and the item UPDATE than the database
    took to run them. The other fields stay deferred, as with `.only()`.
    """
    table = connection.ops.quote_name(Attempt._meta.db_table)
    for_update = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_SAVE_FIELDS)} FROM {table} WHERE id = %s{for_update}",  # noqa: S608 - names from the model, values bound
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Attempt.DoesNotExist
    values = dict(zip(_SAVE_FIELDS, row, strict=True))
    if timezone.is_naive(values["deadline"]):  # SQLite keeps UTC without the zone
        values["deadline"] = values["deadline"].replace(tzinfo=UTC)
    if isinstance(values["item_map"], str):  # Django reads JSON columns as text
        values["item_map"] = json.loads(values["item_map"])
    return Attempt.from_db(connection.alias, _SAVE_FIELDS, tuple(values.values()))


def _item_answer_store(
    *,
    attempt_id: int,
    position: int,
    answer: Any,
    seq: int | None,
    now: datetime,
    only_in_progress: bool = False,
    guard: str = "",
    guard_params: list[Any] | None = None,
) -> bool:
    """One conditional UPDATE of the item (plain SQL, see _attempt_for_save); True if stored.

    Idempotent: the same answer again keeps its first answered_at (stored once); a
    cleared answer (None) is stored as NULL, i.e. not answered. With a sequence the
    answer is stored only if the stored one is not newer (an equal sequence is the
    same save retried); without one (an internal save) the stored sequence stays.
    `only_in_progress` adds the guard of _answer_store_in_progress, `guard` any more.
    """
    item_table = connection.ops.quote_name(AttemptItem._meta.db_table)
    stored = None if answer is None else connection.ops.adapt_json_value(answer, None)
    moment = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"UPDATE {item_table} SET answer = %s, answered_at = CASE"  # noqa: S608 - names from the model
        " WHEN answered_at IS NOT NULL AND answer = %s THEN answered_at ELSE %s END"
    )
    params: list[Any] = [stored, stored, moment]
    if seq is not None:
        sql += ", seq = %s"
        params.append(seq)
    sql += " WHERE attempt_id = %s AND position = %s"
    params += [attempt_id, position]
    if seq is not None:
        sql += " AND seq <= %s"
        params.append(seq)
    # A scored item never changes (a running exam has none; a practice quiz's checked one).
    sql += " AND is_correct IS NULL"
    if only_in_progress:
        attempt_table = connection.ops.quote_name(Attempt._meta.db_table)
        sql += (
            " AND EXISTS (SELECT 1 FROM"  # noqa: S608 - names from the model
            f" {attempt_table} WHERE id = %s AND status = %s AND deadline >= %s)"
        )
        params += [attempt_id, Attempt.Status.IN_PROGRESS.value, moment]
    sql += guard
    params += guard_params or []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


@transaction.atomic
def _answer_save(
    *,
    pk: int,
    position: int,
    answer: Any,
    seq: int | None,
    by: Any,
    token: str | None,
    session_key: str | None,
    now: datetime,
) -> AttemptItem | None:
    """Lock and read the attempt row, then one conditional UPDATE of the item.

    Everything else (type, shown order) comes from the item map fixed at start. An
    UPDATE that stores nothing here means a newer answer is stored: AnswerSuperseded.
    """
    locked = _attempt_for_save(pk, lock=True)
    _authorise(locked, by, token, session_key)
    if by is None:
        _require_live_session(locked, session_key, now)
    if _late(locked, now):
        return None
    _refuse_if_closed(locked)
    entry = (locked.item_map or _item_map_from_items(locked)).get(str(position))
    if entry is None:
        raise AnswerFormatError(_("There is no such question in this attempt."))
    qtype, order = entry
    cleaned = _clean_answer(qtype, order, answer)
    if not _item_answer_store(attempt_id=pk, position=position, answer=cleaned, seq=seq, now=now):
        stored_seq, checked = (
            AttemptItem.objects.filter(attempt_id=pk, position=position)
            .values_list("seq", "is_correct")
            .first()
        ) or (0, None)
        if checked is not None:  # a practice quiz's checked item (attempt_item_check)
            raise AnswerChecked(_("This answer has been checked and cannot be changed."))
        raise AnswerSuperseded(stored_seq or 0)
    return AttemptItem(
        attempt_id=pk, position=position, answer=cleaned, answered_at=now, seq=seq or 0
    )


def _item_map_from_items(attempt: Attempt) -> dict[str, list[Any]]:
    # Attempts started before the item map existed: read it from the items once.
    return _item_map(attempt.items.select_related("version__question"))


def attempt_text_save(
    *,
    attempt: Attempt | int,
    text: str,
    seq: int | None = None,
    by: Any = None,
    token: str | None = None,
    session_key: str | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Autosave of a written case answer (TR-22), same timer rules and savers as the test.

    With the page's sequence, an older text never overwrites a newer one (AnswerSuperseded).
    """
    now = now or timezone.now()
    seq = check_seq(seq)
    if not isinstance(text, str) or len(text) > 100_000:
        raise AnswerFormatError(_("The answer must be text of at most 100000 characters."))
    pk = attempt if isinstance(attempt, int) else attempt.pk
    if not 0 < pk <= MAX_ID:
        raise Attempt.DoesNotExist
    saved = _text_save(
        attempt=pk, text=text, seq=seq, by=by, token=token, session_key=session_key, now=now
    )
    if saved is None:
        raise _deadline_expired()
    return saved


@transaction.atomic
def _text_save(
    *,
    attempt: int,
    text: str,
    seq: int | None,
    by: Any,
    token: str | None,
    session_key: str | None,
    now: datetime,
) -> Attempt | None:
    locked = _locked_attempt(attempt, by, token, session_key, now)
    if locked.exam.kind == Exam.Kind.COMPUTER_TEST:
        raise AnswerFormatError(_("The question number is missing."))
    if _late(locked, now):
        return None
    _refuse_if_closed(locked)
    if seq is not None:
        if seq < locked.text_seq:
            raise AnswerSuperseded(locked.text_seq)
        locked.text_seq = seq
    locked.answer_text = text
    locked.save(update_fields=["answer_text", "text_seq"])
    return locked


def _submit(attempt: Attempt, *, now: datetime, auto: bool, score: bool = True) -> None:
    """Close the attempt and score what can be scored automatically.

    `score=False` only closes it: the answers are frozen from here on (every save is a
    guarded UPDATE on an attempt in progress), so the scoring can follow in a worker.
    """
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = min(now, attempt.deadline)
    attempt.auto_submitted = auto
    attempt.earned_points = None
    attempt.max_points = None
    if score:
        _score(attempt)
    attempt.save(
        update_fields=["status", "submitted_at", "auto_submitted", "earned_points", "max_points"]
    )


def _score(attempt: Attempt) -> None:
    """Score the items of a computer test; sets (unsaved) earned and maximum points."""
    if attempt.exam.kind != Exam.Kind.COMPUTER_TEST:
        return
    per_item = attempt.exam.blueprint.points_per_item if attempt.exam.blueprint else 2
    # Locked: a save still running is waited for and scored, a later one refused.
    # Rows, not models: one join and no 150 instances per submit.
    items = list(
        attempt.items.select_for_update(of=("self",)).values_list(
            "pk", "answer", "version__payload", "version__question__qtype"
        )
    )
    by_score: dict[Decimal | None, list[int]] = {}
    for pk, answer, payload, qtype in items:
        score = item_score(qtype=qtype, payload=payload, answer=answer)
        by_score.setdefault(score, []).append(pk)
    # One UPDATE per distinct score (0, 1 and a few fractions), not bulk_update's CASE
    # of 50 branches: at the deadline every listener of the exam is submitted within
    # seconds (see the README, Performance). Essays stay unscored until graded.
    for score, pks in by_score.items():
        if score is not None:
            attempt.items.filter(pk__in=pks).update(score=score, is_correct=score == _ONE)
    attempt.earned_points = attempt_earned_points(per_item, by_score)
    attempt.max_points = per_item * len(items)


def _scores_in_background(attempt: Attempt) -> bool:
    # A group's computer test only: a course quiz (no group) shows its grade at once.
    exam = attempt.exam
    return (
        settings.EXAM_SCORE_IN_BACKGROUND
        and exam.kind == Exam.Kind.COMPUTER_TEST
        and exam.group_id is not None
    )


def _queue_scoring(attempt_pk: int) -> None:
    """After the submit commits: a worker scores; with the queue down, score here."""
    from academy.core.broker import BrokerUnavailable, enqueue

    from ..tasks import score_attempt

    try:
        enqueue(score_attempt, attempt_pk)
    except BrokerUnavailable:
        attempt_score(attempt_pk=attempt_pk)


@transaction.atomic
def attempt_score(*, attempt_pk: int) -> bool:
    """Score a submitted attempt that was closed without scoring; False if nothing to do."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("exam__blueprint")
        .get(pk=attempt_pk)
    )
    if attempt.status != Attempt.Status.SUBMITTED or attempt.max_points is not None:
        return False
    _score(attempt)
    if attempt.max_points is None:
        return False
    attempt.save(update_fields=["earned_points", "max_points"])
    return True


def attempts_score_pending(exam: Exam) -> int:
    """Score the exam's submitted attempts a worker has not scored yet (before compiling)."""
    if exam.kind != Exam.Kind.COMPUTER_TEST:
        return 0
    pending = Attempt.objects.filter(
        exam=exam, status=Attempt.Status.SUBMITTED, max_points__isnull=True
    ).values_list("pk", flat=True)
    return sum(attempt_score(attempt_pk=pk) for pk in list(pending))


def attempt_earned_points(per_item: int, by_score: dict[Decimal | None, list[int]]) -> Decimal:
    """Points of the scored items: their fractions times the points per item."""
    total = sum((score * len(pks) for score, pks in by_score.items() if score), _ZERO)
    return (total * per_item).quantize(Decimal("0.01"))


@transaction.atomic
def attempt_submit(*, attempt: Attempt, by: Any, now: datetime | None = None) -> Attempt:
    """The listener submits; submitting twice is harmless."""
    now = now or timezone.now()
    locked = _locked_attempt(attempt, by)
    if locked.status == Attempt.Status.IN_PROGRESS:
        # Issue 18: with a real queue, the deadline's submit storm only closes attempts
        # (one UPDATE each) and answers at once; workers score right after.
        background = _scores_in_background(locked)
        _submit(locked, now=now, auto=now > locked.deadline, score=not background)
        if background:
            pk = locked.pk
            transaction.on_commit(lambda: _queue_scoring(pk))
    return locked


@transaction.atomic
def attempt_close_if_expired(*, attempt: Attempt, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    locked = (
        Attempt.objects.select_for_update(of=("self",)).select_related("exam").get(pk=attempt.pk)
    )
    if locked.status == Attempt.Status.IN_PROGRESS and now > locked.deadline:
        _submit(locked, now=locked.deadline, auto=True)
        return True
    return False


def attempts_submit_expired(*, now: datetime | None = None) -> int:
    """Submit every attempt past its deadline (Celery beat / management command)."""
    now = now or timezone.now()
    count = 0
    for attempt in Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=now):
        count += attempt_close_if_expired(attempt=attempt, now=now)
    return count


@transaction.atomic
def participant_extra_time_grant(
    *, participant: Participant, minutes: int, reason: str, by: Any
) -> Participant:
    """Extra time granted by the commission, recorded with a reason; moves a running deadline."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extra time.")})
    if minutes < 1 or minutes > 240:
        raise ValidationError({"minutes": _("Extra time must be 1 to 240 minutes.")})
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    added = minutes
    participant.extra_minutes += added
    participant.extra_reason = reason.strip()[:255]
    participant.extra_granted_by = by
    participant.full_clean()
    participant.save()
    attempt = (
        Attempt.objects.select_for_update()
        .filter(exam=participant.exam, listener=participant.listener)
        .order_by("-number")
        .first()
    )
    if attempt and attempt.status == Attempt.Status.IN_PROGRESS:
        attempt.deadline += timedelta(minutes=added)
        attempt.save(update_fields=["deadline"])
    from academy.core.audit import audit_event

    audit_event(
        actor=by,
        obj=participant,
        event="extra_time_granted",
        details={"minutes": added, "reason": participant.extra_reason},
    )
    return participant


def attempt_event_record(*, attempt: Attempt, kind: str, details: str, by: Any) -> AttemptEvent:
    """A browser event for the commission (TR-19 proctoring)."""
    if attempt.listener_id != by.pk:
        raise PermissionDenied
    if kind not in AttemptEvent.Kind.values or kind == AttemptEvent.Kind.SAVE_REFUSED:
        raise AnswerFormatError(_("Unknown event."))
    event = AttemptEvent(attempt=attempt, kind=kind, details=str(details)[:255])
    event.full_clean()
    event.save()
    return event


def attempt_resume_record(*, attempt: Attempt, by: Any, now: datetime | None = None) -> None:
    """The page was opened again after the start (reload, crash, another device)."""
    now = now or timezone.now()
    if attempt.listener_id == by.pk and (now - attempt.started_at).total_seconds() > 5:
        AttemptEvent.objects.create(attempt=attempt, kind=AttemptEvent.Kind.RESUMED)


@transaction.atomic
def attempt_item_grade(
    *,
    item: AttemptItem,
    fraction: Decimal | str,
    by: Any,
    authorise: Callable[[Exam, Any], bool] | None = None,
) -> AttemptItem:
    """A commission member grades an essay item by hand: a fraction 0..1 of its points.

    Steps: 1. only a commission member of the exam (or whom `authorise` admits: a course
    quiz's lecturers, issue 14), after the attempt was submitted and before the results
    are confirmed; 2. only an essay (the rest is scored on submit); 3. the item's score
    is set and the attempt's earned points recounted from its items.
    """
    from .commission import is_commission_member

    item = AttemptItem.objects.select_related("attempt__exam", "version__question").get(pk=item.pk)
    attempt = Attempt.objects.select_for_update(of=("self",)).get(pk=item.attempt_id)
    exam = item.attempt.exam
    if not (authorise or is_commission_member)(exam, by):
        raise PermissionDenied
    if exam.status == Exam.Status.CONFIRMED:
        raise ValidationError(_("The results are confirmed; grades cannot change."))
    if attempt.status != Attempt.Status.SUBMITTED:
        raise ValidationError(_("The work has not been submitted yet."))
    if item.version.question.qtype != QuestionType.ESSAY:
        raise ValidationError(_("Only an essay is graded by hand; the rest is scored on submit."))
    try:
        value = _fraction(fraction)
    except ArithmeticError as exc:
        raise ValidationError(_("Give a grade from 0 to 1 (a share of the points).")) from exc
    if not _ZERO <= value <= _ONE:
        raise ValidationError(_("Give a grade from 0 to 1 (a share of the points)."))
    item.score = value
    item.is_correct = value == _ONE
    item.save(update_fields=["score", "is_correct"])
    per_item = exam.blueprint.points_per_item if exam.blueprint else 2
    scores = list(attempt.items.exclude(score__isnull=True).values_list("score", flat=True))
    attempt.earned_points = (sum(scores, _ZERO) * per_item).quantize(Decimal("0.01"))
    attempt.save(update_fields=["earned_points"])
    return item


def attempt_items_to_grade(attempt: Attempt) -> int:
    """How many essay items of the attempt still wait for a grade by hand."""
    return attempt.items.filter(
        score__isnull=True, version__question__qtype=QuestionType.ESSAY
    ).count()
