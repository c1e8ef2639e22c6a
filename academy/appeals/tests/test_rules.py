from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.appeals.rules import (
    REJECT,
    UPHOLD,
    assess_test_appeal,
    vote_clause,
    vote_outcome,
)

# Pure functions: the 2 shared cores are busy, so time is no measure of the strategies.
_unhurried = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.clause("AP-15.3")
def test_it_does_not_consider_a_test_appeal_more_than_15_points_short():
    result = assess_test_appeal(
        points=Decimal(54), threshold=Decimal(70), contested=range(1, 20), answers={}
    )
    assert not result.considered
    assert "15" in str(result.not_considered_reason)


@pytest.mark.clause("AP-15.3")
def test_exactly_15_points_short_is_considered():
    result = assess_test_appeal(points=Decimal(55), threshold=Decimal(70), contested=[], answers={})
    assert result.considered


@pytest.mark.clause("AP-15.2")
def test_it_disregards_questions_not_asked_or_answered_correctly():
    result = assess_test_appeal(
        points=Decimal(68),
        threshold=Decimal(70),
        contested=[1, 2, 3, 99],
        answers={1: False, 2: True, 3: False},
    )
    assert result.counted == [1, 3]
    assert set(result.disregarded) == {2, 99}
    assert not result.cannot_be_upheld_reason


@pytest.mark.clause("AP-15.1")
def test_it_cannot_uphold_with_fewer_questions_than_points_missing():
    result = assess_test_appeal(
        points=Decimal(60), threshold=Decimal(70), contested=[1, 2], answers={1: False, 2: False}
    )
    assert result.considered
    assert "AP-15.1" in str(result.cannot_be_upheld_reason)


answers_strategy = st.dictionaries(st.integers(1, 50), st.booleans(), max_size=50)


@pytest.mark.clause("AP-15.1")
@_unhurried
@given(
    points=st.integers(0, 100),
    threshold=st.integers(0, 100),
    contested=st.lists(st.integers(1, 60), max_size=30),
    answers=answers_strategy,
)
def test_test_appeal_arithmetic_properties(points, threshold, contested, answers):
    result = assess_test_appeal(
        points=Decimal(points), threshold=Decimal(threshold), contested=contested, answers=answers
    )
    missing = max(threshold - points, 0)
    assert result.considered == (missing <= 15)
    if not result.considered:
        return
    # Every contested question is either counted or disregarded, never both.
    assert set(result.counted) | set(result.disregarded) == set(contested)
    assert not set(result.counted) & set(result.disregarded)
    # Only wrong answers to questions actually asked count.
    assert all(n in answers and not answers[n] for n in result.counted)
    upholdable = not result.cannot_be_upheld_reason
    assert upholdable == (missing > 0 and len(result.counted) >= missing)


@pytest.mark.clause("AP-23")
def test_majority_of_total_not_of_those_present():
    # 5 members, 2 present both upholding: 2 of 5 is no majority.
    assert vote_outcome(total_members=5, votes={1: UPHOLD, 2: UPHOLD}, chair_id=1) == REJECT
    assert (
        vote_outcome(total_members=5, votes={1: UPHOLD, 2: UPHOLD, 3: UPHOLD}, chair_id=1) == UPHOLD
    )


@pytest.mark.clause("AP-23")
def test_chair_decides_a_tie():
    votes = {1: UPHOLD, 2: UPHOLD, 3: REJECT, 4: REJECT}
    assert vote_outcome(total_members=4, votes=votes, chair_id=1) == UPHOLD
    assert vote_outcome(total_members=4, votes=votes, chair_id=3) == REJECT


@pytest.mark.clause("AP-23")
def test_two_uphold_one_reject_one_absent_of_four_is_rejected_even_with_the_chair():
    votes = {1: UPHOLD, 2: UPHOLD, 3: REJECT}  # member 4 absent
    assert vote_outcome(total_members=4, votes=votes, chair_id=1) == REJECT


@pytest.mark.clause("AP-23")
def test_two_two_with_one_of_five_absent_is_decided_by_the_chair():
    votes = {1: UPHOLD, 2: UPHOLD, 3: REJECT, 4: REJECT}  # member 5 absent
    assert vote_outcome(total_members=5, votes=votes, chair_id=1) == UPHOLD
    assert vote_outcome(total_members=5, votes=votes, chair_id=3) == REJECT
    assert vote_clause(total_members=5, votes=votes, chair_id=1) == "chair"


CHOICES = st.sampled_from([UPHOLD, REJECT, None])  # None: absent


@st.composite
def sittings(draw):
    """Members entitled to vote (each voting or absent) and the chair among them or not."""
    choices = draw(st.lists(CHOICES, min_size=1, max_size=15))
    chair_index = draw(st.integers(0, len(choices)))  # == len: the chair recused
    votes = {i: c for i, c in enumerate(choices) if c is not None}
    chair_id = chair_index if chair_index < len(choices) else None
    return len(choices), votes, chair_id


@pytest.mark.clause("AP-23")
@_unhurried
@given(sitting=sittings())
def test_vote_rule_follows_the_chosen_reading(sitting):
    total, votes, chair_id = sitting
    outcome = vote_outcome(total_members=total, votes=votes, chair_id=chair_id)
    upholds = sum(1 for c in votes.values() if c == UPHOLD)
    rejects = len(votes) - upholds
    chair_vote = votes.get(chair_id) if chair_id is not None else None
    if 2 * upholds > total:
        # 1. More than half of the members entitled to vote uphold.
        assert outcome == UPHOLD
    elif upholds == rejects:
        # 2. Equal votes cast: the chair's vote decides (no vote from the chair: rejected).
        assert outcome == (UPHOLD if chair_vote == UPHOLD else REJECT)
    else:
        # 3. Otherwise rejected, whatever the chair voted.
        assert outcome == REJECT
    clause = vote_clause(total_members=total, votes=votes, chair_id=chair_id)
    assert (clause == "majority") == (2 * upholds > total)


@pytest.mark.clause("AP-23")
@_unhurried
@given(sitting=sittings(), more_absent=st.integers(1, 5))
def test_absent_members_count_against_a_majority(sitting, more_absent):
    """An absent member counts in the total: more absentees never turn a rejection into an
    upheld appeal, and never change a decision taken on equal votes."""
    total, votes, chair_id = sitting
    before = vote_outcome(total_members=total, votes=votes, chair_id=chair_id)
    after = vote_outcome(total_members=total + more_absent, votes=votes, chair_id=chair_id)
    if before == REJECT:
        assert after == REJECT
    if vote_clause(total_members=total, votes=votes, chair_id=chair_id) == "chair":
        assert after == before


@pytest.mark.clause("AP-23")
@_unhurried
@given(sitting=sittings())
def test_the_chair_only_decides_equal_votes(sitting):
    """Switching the chair's vote changes the outcome only when that makes or breaks a tie
    or a majority, never otherwise."""
    total, votes, chair_id = sitting
    if chair_id is None or chair_id not in votes:
        return
    others = {k: v for k, v in votes.items() if k != chair_id}
    up = vote_outcome(total_members=total, votes={**others, chair_id: UPHOLD}, chair_id=chair_id)
    down = vote_outcome(total_members=total, votes={**others, chair_id: REJECT}, chair_id=chair_id)
    if up != down:
        assert up == UPHOLD and down == REJECT
        o_up = sum(1 for c in others.values() if c == UPHOLD)
        o_down = len(others) - o_up
        # Either the chair's uphold makes a majority of the total, or it makes the votes
        # equal and so decides them.
        assert 2 * (o_up + 1) > total or o_up + 1 == o_down


@pytest.mark.clause("AP-23")
@_unhurried
@given(sitting=sittings())
def test_full_attendance_without_recusals_is_a_simple_majority_with_casting_vote(sitting):
    total, votes, chair_id = sitting
    if len(votes) != total or chair_id is None:
        return
    upholds = sum(1 for c in votes.values() if c == UPHOLD)
    rejects = total - upholds
    expected = (
        UPHOLD
        if upholds > rejects or (upholds == rejects and votes[chair_id] == UPHOLD)
        else REJECT
    )
    assert vote_outcome(total_members=total, votes=votes, chair_id=chair_id) == expected
