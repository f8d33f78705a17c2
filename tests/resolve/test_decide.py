"""The decision rule: threshold, close second, judgements."""

from __future__ import annotations

from qingfeng.resolve.decide import Candidate, DecisionRule
from qingfeng.resolve.judgements import Judgement

RULE = DecisionRule(threshold=0.95, margin=0.5)


def cand(pid: str, probability: float, weight: float) -> Candidate:
    return Candidate(pid, probability, weight)


def test_clear_best_candidate_links() -> None:
    d = RULE.decide([cand("A", 0.999, 10.0), cand("B", 0.6, 0.6)])
    assert (d.method, d.person_id, d.probability) == ("probabilistic", "A", 0.999)
    assert d.detail["runner_up"] == {"person_id": "B", "match_weight": 0.6}


def test_below_threshold_goes_to_review_not_linked() -> None:
    d = RULE.decide([cand("A", 0.9, 3.17), cand("B", 0.2, -2.0)])
    assert (d.method, d.person_id) == ("unlinked", None)
    assert [c.person_id for c in d.to_review] == ["A"]
    assert d.reason == "below threshold"


def test_close_second_goes_to_review() -> None:
    d = RULE.decide([cand("A", 0.999, 10.0), cand("B", 0.9988, 9.7)])
    assert d.method == "unlinked"
    assert [c.person_id for c in d.to_review] == ["A", "B"]
    assert d.reason == "close second candidate"


def test_second_exactly_at_margin_does_not_block() -> None:
    d = RULE.decide([cand("A", 0.999, 10.0), cand("B", 0.998, 9.5)])
    assert (d.method, d.person_id) == ("probabilistic", "A")


def test_weak_candidates_are_neither_linked_nor_queued() -> None:
    d = RULE.decide([cand("A", 0.3, -1.2)])
    assert (d.method, d.to_review) == ("unlinked", ())
    assert RULE.decide([]).reason == "no candidate"


def test_match_judgement_links_by_review_even_below_threshold() -> None:
    d = RULE.decide([cand("A", 0.7, 1.2)], {"A": Judgement.MATCH})
    assert (d.method, d.person_id, d.probability) == ("review", "A", 1.0)


def test_no_match_judgement_removes_the_candidate() -> None:
    both = [cand("A", 0.999, 10.0), cand("B", 0.9988, 9.7)]
    d = RULE.decide(both, {"A": Judgement.NO_MATCH})
    assert (d.method, d.person_id) == ("probabilistic", "B")


def test_two_match_judgements_conflict_and_link_nothing() -> None:
    d = RULE.decide(
        [cand("A", 0.99, 7.0), cand("B", 0.99, 7.0)], {"A": Judgement.MATCH, "B": Judgement.MATCH}
    )
    assert d.method == "unlinked"
    assert d.reason == "judged match to several people"


def test_judgement_combination_rules() -> None:
    m, n, u = Judgement.MATCH, Judgement.NO_MATCH, Judgement.UNSURE
    assert m.combine(m) is m
    assert n.combine(n) is n
    assert m.combine(n) is u
    assert m.combine(u) is u
    assert Judgement.combine_all([]) is None
    assert Judgement.combine_all([n, n, n]) is n
