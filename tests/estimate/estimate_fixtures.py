"""The published capture tables, embedded so the estimate tests need no files.

Sources (each table also sits in ../shared/data/mse/; ``test_estimate_captures`` checks that the
embedded copy and the file agree when the file is present):

* kosovo — killings in Kosovo, March–June 1999, four lists: exhumations (EXH), ABA/CEELI
  interviews (ABA), OSCE and Human Rights Watch (HRW). Ball et al. (2002), "Killings and
  Refugee Flow in Kosovo, March–June 1999"; distributed as ``kosovo_aggregate`` in the R package
  LCMCR. Published log-linear estimate 10,356 from model [123,14,34].
* seber_2list — Seber (1982), The Estimation of Animal Abundance, p. 107; the Rcapture example
  ``closedp.t(X, dfreq=TRUE)`` whose printed output (Rcapture tests/Examples/
  Rcapture-Ex.Rout.save) gives M0 2805.6 (s.e. 164.1) and Mt 2389.9 (s.e. 130.4).
* my_3list — three-list data analysed by Madigan & York (1997), "Bayesian methods for estimation
  of the size of a closed population", Biometrika 84; published Bayesian estimate about 731.
"""

from __future__ import annotations

from pathlib import Path

KOSOVO = [
    # EXH, ABA, OSCE, HRW, count
    (1, 1, 1, 1, 27),
    (0, 1, 1, 1, 32),
    (1, 0, 1, 1, 42),
    (0, 0, 1, 1, 123),
    (1, 1, 0, 1, 18),
    (0, 1, 0, 1, 31),
    (1, 0, 0, 1, 106),
    (0, 0, 0, 1, 306),
    (1, 1, 1, 0, 181),
    (0, 1, 1, 0, 217),
    (1, 0, 1, 0, 228),
    (0, 0, 1, 0, 936),
    (1, 1, 0, 0, 177),
    (0, 1, 0, 0, 845),
    (1, 0, 0, 0, 1131),
]
KOSOVO_LISTS = ("EXH", "ABA", "OSCE", "HRW")

SEBER = [(1, 1, 167), (0, 1, 254), (1, 0, 781)]

MY_3LIST = [
    (1, 1, 1, 12),
    (0, 1, 1, 4),
    (1, 0, 1, 112),
    (0, 0, 1, 60),
    (1, 1, 0, 142),
    (0, 1, 0, 49),
    (1, 0, 0, 247),
]

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "mse"


def as_columns(rows: list[tuple[int, ...]], lists: tuple[str, ...]) -> dict[str, list[int]]:
    cols: dict[str, list[int]] = {name: [r[j] for r in rows] for j, name in enumerate(lists)}
    cols["count"] = [r[-1] for r in rows]
    return cols


def write_csv(path: Path, rows: list[tuple[int, ...]], lists: tuple[str, ...]) -> Path:
    lines = [",".join((*lists, "count"))] + [",".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
