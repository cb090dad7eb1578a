"""The report says "the lists share nobody" only when they do (issue 17, item 2)."""

from __future__ import annotations

from tawthiq.report.data import Unit, _unit
from tawthiq.report.estimate import _honest_reason

MESSAGE = (
    "no person is on more than one list: the lists share nobody, so a log-linear model "
    "cannot estimate"
)


def _units(*sources: tuple[str, ...]) -> list[Unit]:
    records = []
    out = []
    for i, srcs in enumerate(sources):
        records = [
            {"id": 10 * i + j, "source": s, "admin1_pcode": None, "cause": None,
             "perpetrator": None, "sex": None, "status": None}
            for j, s in enumerate(srcs)
        ]  # fmt: skip
        out.append(_unit(f"p{i}", records))
    return out


def test_an_error_about_one_stratum_is_not_said_of_all_the_lists() -> None:
    shared = _units(("A", "B"), ("A",), ("B",))
    reason = _honest_reason(MESSAGE, shared)
    assert "share nobody in that stratum" in reason and "failed in a stratum" in reason
    assert "share nobody, " not in reason


def test_lists_that_share_nobody_are_said_to() -> None:
    apart = _units(("A",), ("B",))
    assert _honest_reason(MESSAGE, apart) == MESSAGE
    assert _honest_reason("needs 2 or more lists", _units(("A", "B"))) == "needs 2 or more lists"
