"""Clustering, reconciliation, grading and aggregate rules on plain claims (no store)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tawthiq.incidents import (
    Claim,
    IncidentFigure,
    Range,
    aggregate,
    cluster_claims,
    grade_incident,
    reconcile_claims,
)

DAY = date(2016, 11, 19)


def claim(report_id: int, source: str, **kw: object) -> Claim:
    base: dict[str, object] = {
        "date_earliest": DAY,
        "date_latest": DAY,
        "date_precision": "day",
        "pcode": "C1007",
        "admin1_pcode": "SY02",
        "place_precision": "community",
        "incident_type": "airstrike",
    }
    base.update(kw)
    return Claim(report_id=report_id, source=source, source_incident_id=str(report_id), **base)  # type: ignore[arg-type]


def test_a_source_never_reports_one_event_twice() -> None:
    # report 2 fits B's report less well (a day later); two equally good fits are a question
    # for a reviewer instead (test_incidents_compatibility.py)
    later = {"date_earliest": date(2016, 11, 20), "date_latest": date(2016, 11, 20)}
    c = cluster_claims([claim(1, "A"), claim(2, "A", **later), claim(3, "B")])
    assert len(c.groups) == 2 and c.refused == 1


def test_distant_places_and_days_are_kept_apart() -> None:
    c = cluster_claims(
        [
            claim(1, "A"),
            claim(2, "B", pcode="C4068", admin1_pcode="SY07"),  # Kafr Nabl, Idleb
            claim(3, "C", date_earliest=date(2016, 11, 22), date_latest=date(2016, 11, 22)),
        ]
    )
    assert c.groups == ((1,), (2,), (3,))


def test_reviewer_decisions_win_over_scores() -> None:
    claims = [claim(1, "A"), claim(2, "B")]
    assert cluster_claims(claims).groups == ((1, 2),)
    assert cluster_claims(claims, {(1, 2): "different"}).groups == ((1,), (2,))
    far = [claim(1, "A"), claim(2, "B", date_earliest=date(2017, 1, 1), date_latest=None)]
    assert cluster_claims(far, {(1, 2): "same"}).groups == ((1, 2),)


def test_uncertain_pairs_go_to_review() -> None:
    # a governorate-level report of a barrel bomb one day later: possible, not sure
    c = cluster_claims(
        [
            claim(1, "A"),
            claim(
                2,
                "B",
                pcode="SY02",
                place_precision="governorate",
                incident_type="barrel_bomb",
                date_earliest=date(2016, 11, 20),
                date_latest=date(2016, 11, 20),
            ),
        ]
    )
    assert c.groups == ((1,), (2,)) and [(p.left, p.right) for p in c.review] == [(1, 2)]


def test_range_best_and_attribution() -> None:
    rec = reconcile_claims(
        [
            claim(1, "A", party="russia", killed=Range(49, 49)),
            claim(2, "B", party="syrian_government", killed=Range(80, 80)),
            claim(3, "C", party="russia", killed=Range(55, 62), killed_best=62),
        ]
    )
    assert (rec.killed, rec.best, rec.attribution) == (
        Range(49, 80),
        62,
        "russia|syrian_government",
    )
    # an even number of sources: the lower middle value, never a new number
    two = reconcile_claims(
        [claim(1, "A", killed=Range(10, 10)), claim(2, "B", killed=Range(30, 30))]
    )
    assert two.best == 10


def test_grades_with_reasons() -> None:
    def grade(*claims: Claim) -> tuple[str, tuple[str, ...]]:
        g = grade_incident(reconcile_claims(claims), claims)
        return g.grade, g.reasons

    g, why = grade(claim(1, "A", party="russia", killed=Range(3, 3)))
    assert g == "weak" and why == ("single source (A)",)
    g, why = grade(
        claim(1, "A", party="russia", killed=Range(3, 3)),
        claim(2, "B", party="russia", killed=Range(4, 4)),
    )
    assert g == "fair" and "2 credible sources: A, B" in why
    # Russia was not bombing Syria in 2014: two sources are not enough
    early = {"date_earliest": date(2014, 5, 1), "date_latest": date(2014, 5, 1)}
    g, why = grade(
        claim(1, "A", party="russia", killed=Range(3, 3), **early),
        claim(2, "B", party="russia", killed=Range(4, 4), **early),
    )
    assert g == "weak" and any("not active in Syria before 2015-09-30" in r for r in why)
    g, why = grade(
        claim(1, "A", party="us_led_coalition", assessment="confirmed", killed=Range(2, 5))
    )
    assert g == "confirmed" and "accepted responsibility" in why[0]
    g, _ = grade(
        claim(1, "A", party="russia", killed=Range(0, 0)), claim(2, "B", killed=Range(0, 0))
    )
    assert g == "discounted"
    g, _ = grade(
        claim(1, "A", party="us_led_coalition", killed=Range(2, 2), reliability="low"),
        claim(2, "B", party="us_led_coalition", killed=Range(2, 2)),
    )
    assert g == "weak"


ranges = st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda t: Range(min(t), max(t)))
parties = st.sampled_from(["russia", "syrian_government", "russia|syrian_government", "isis"])


@given(st.lists(st.tuples(parties, ranges), min_size=1, max_size=12))
def test_aggregates_never_show_one_number_for_a_range(items: list[tuple[str, Range]]) -> None:
    figures = [
        IncidentFigure(i, DAY, "SY02", party, killed, "weak")
        for i, (party, killed) in enumerate(items)
    ]
    for row in aggregate(figures, ("belligerent",)):
        members = [k for p, k in items if p == row.key[0]]
        assert row.killed == Range(
            sum(k.low or 0 for k in members), sum(k.high or 0 for k in members)
        )
        single = all(k.exact for k in members)
        assert ("–" not in str(row.killed)) == (single or row.killed.exact)
        if not row.killed.exact:
            assert "–" in str(row.killed)
        assert row.contested == ("|" in row.key[0])


def test_an_open_maximum_stays_open() -> None:
    rows = aggregate(
        [
            IncidentFigure(1, DAY, "SY02", "russia", Range(5, None), "weak"),
            IncidentFigure(2, DAY, "SY02", "russia", Range(2, 2), "weak"),
        ]
    )
    assert str(rows[0].killed) == "7–?"
