from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.appeals.rules import REJECT, UPHOLD, assess_test_appeal, vote_outcome


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
@given(
    choices=st.lists(st.sampled_from([UPHOLD, REJECT, None]), min_size=1, max_size=15),
    chair_index=st.integers(0, 14),
)
def test_vote_rule_properties(choices, chair_index):
    total = len(choices)
    votes = {i: c for i, c in enumerate(choices) if c is not None}
    chair_id = chair_index if chair_index < total else None
    outcome = vote_outcome(total_members=total, votes=votes, chair_id=chair_id)
    upholds = sum(1 for c in votes.values() if c == UPHOLD)
    if 2 * upholds > total:
        assert outcome == UPHOLD
    elif 2 * upholds < total:
        assert outcome == REJECT
    else:
        assert outcome == (votes.get(chair_id) if votes.get(chair_id) == UPHOLD else REJECT)
    # Adding an uphold vote never turns an upheld appeal into a rejected one.
    missing = [i for i in range(total) if i not in votes]
    if outcome == UPHOLD and missing:
        more = {**votes, missing[0]: UPHOLD}
        assert vote_outcome(total_members=total, votes=more, chair_id=chair_id) == UPHOLD
