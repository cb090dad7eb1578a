"""Link settings: one frozen, validated record of every choice a linkage run makes.

Settings are data (Splink's lesson): they round-trip through TOML and JSON, are saved with every
run next to the trained model, and a run is reproduced from the two. Every field is checked when
the object is built, and an error names the field, what is allowed and what was given.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from tawthiq.errors import ConfigError
from tawthiq.link._features import FEATURE_COLUMNS

__all__ = [
    "BACKENDS",
    "DEFAULT_BLOCKING_RULES",
    "DEFAULT_EM_BLOCKING_RULES",
    "LinkSettings",
]

BACKENDS = ("duckdb", "spark")

_SAME_GOVERNORATE = (
    " AND (l.place_admin1 = r.place_admin1 OR l.place_admin1 IS NULL OR r.place_admin1 IS NULL)"
)
# Rules on common names within a month are kept inside one governorate (or an unknown one):
# the place comparison weighs a pair from two governorates down so far that, on simulated
# worlds of 20,000 and 100,000 people, dropping those pairs left precision, recall and F1 the
# same to four decimals (F1 0.9726 and 0.9797 both ways) while it halved the candidate pairs
# (1.85M → 0.81M at 100,000 people; 27.2M → 9.2M at a million records) and the time to score
# them; docs/linkage.md has the figures.

DEFAULT_BLOCKING_RULES: tuple[str, ...] = (
    # Cross-script name keys within a month: the bulk of true pairs.
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.date_month = r.date_month"
    + _SAME_GOVERNORATE,
    # Family name missing or spelled past recognition: father's name and governorate, dates at
    # most a month apart (or unknown). Without the date window this rule alone grows with the
    # square of the records (3.5x the comparisons at 100,000 records, for the same F1).
    "l.given_key = r.given_key AND l.father_key = r.father_key AND l.place_admin1 = r.place_admin1"
    " AND (l.date_lo IS NULL OR r.date_lo IS NULL"
    " OR (l.date_lo <= r.date_hi + 31 AND r.date_lo <= l.date_hi + 31))",
    # Given name garbled or parsed differently: the father's and family names within a month.
    "l.father_key = r.father_key AND l.family_key = r.family_key AND l.date_month = r.date_month"
    + _SAME_GOVERNORATE,
    # A two-part full name (given + father, family missing) read as given + family.
    "l.given_key = r.given_key AND l.family_key = r.father_key AND l.date_month = r.date_month"
    " AND l.place_admin1 = r.place_admin1",
    "l.given_key = r.given_key AND l.father_key = r.family_key AND l.date_month = r.date_month"
    " AND l.place_admin1 = r.place_admin1",
    # Only the given name agrees: same community, days at most 3 apart (two week grids).
    "l.given_key = r.given_key AND l.place_community = r.place_community "
    "AND l.date_week = r.date_week",
    "l.given_key = r.given_key AND l.place_community = r.place_community "
    "AND l.date_week_shifted = r.date_week_shifted",
    # A compound given name split differently: first unit of the given name, same day.
    "l.given_first_key = r.given_first_key AND l.family_key = r.family_key "
    "AND l.date_lo = r.date_lo",
    # Only the given name agrees, place known to the governorate only: same day and district.
    "l.given_key = r.given_key AND l.date_lo = r.date_lo AND l.place_admin2 = r.place_admin2",
    # No date on one side (a list left it blank): given and family name in one governorate.
    # Two rules, one per side, so that the database filters the undated records before the
    # join (one rule with "l … IS NULL OR r … IS NULL" joined every same-name pair of a
    # governorate first: 48 s of blocking at a million records).
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.place_admin1 = r.place_admin1"
    " AND l.date_lo IS NULL",
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.place_admin1 = r.place_admin1"
    " AND r.date_lo IS NULL",
)
"""Blocking rules that generate the candidate pairs (SQL over feature columns, ``l.``/``r.``)."""

DEFAULT_EM_BLOCKING_RULES: tuple[str, ...] = (
    # Trains the father's name, date/place, age and sex.
    "l.given_key = r.given_key AND l.family_key = r.family_key",
    # Trains father's and family names, age and sex.
    "l.given_key = r.given_key AND l.date_lo = r.date_lo AND l.place_admin1 = r.place_admin1",
    # Trains the given and father's names and sex. Siblings share father, family name, date
    # and place; requiring the same age (within a year) keeps them from posing as the matches
    # EM looks for.
    "l.family_key = r.family_key AND l.date_lo = r.date_lo AND abs(l.age_lo - r.age_lo) <= 1",
)
"""Blocking rules for the EM sessions that estimate the m probabilities."""

_COLUMN_REF = re.compile(r"\b[lr]\.([A-Za-z_][A-Za-z0-9_]*)")


def _fail(name: str, allowed: str, value: Any) -> ConfigError:
    return ConfigError(f"link setting {name!r} must be {allowed} (got {value!r})")


def _check_rules(name: str, rules: Any) -> tuple[str, ...]:
    if isinstance(rules, str) or not isinstance(rules, tuple | list):
        raise _fail(name, "a list of SQL blocking rules", rules)
    out: list[str] = []
    for rule in rules:
        if not isinstance(rule, str) or not rule.strip():
            raise _fail(name, "a list of non-empty SQL strings", rule)
        cols = _COLUMN_REF.findall(rule)
        if not cols:
            raise _fail(name, "rules that compare l.<column> with r.<column>", rule)
        unknown = sorted({c for c in cols if c not in FEATURE_COLUMNS})
        if unknown:
            raise ConfigError(
                f"link setting {name!r}: rule {rule!r} uses unknown column(s) "
                f"{', '.join(unknown)}; feature columns are {', '.join(FEATURE_COLUMNS)}"
            )
        out.append(" ".join(rule.split()))
    return tuple(out)


def _probability(
    name: str, value: Any, *, open_low: bool = True, closed_high: bool = False
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise _fail(name, "a number", value)
    low_ok = value > 0 if open_low else value >= 0
    high_ok = value <= 1 if closed_high else value < 1
    if not (low_ok and high_ok):
        lo = "(0" if open_low else "[0"
        hi = "1]" if closed_high else "1)"
        raise _fail(name, f"in {lo}, {hi}", value)
    return float(value)


def _integer(name: str, value: Any, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        raise _fail(name, f"an integer ≥ {lo}", value)
    return value


@dataclass(frozen=True)
class LinkSettings:
    """Everything a linkage run decides, with defaults tuned on simulated Syrian worlds.

    Attributes:
        threshold: match probability at or above which two records are linked.
        review_band: ``(low, high)``: pairs with ``low <= probability < high`` are uncertain and
            may go to the review queue (``low < threshold <= high``).
        review_min_change: the review queue asks only where the chance, as the model puts it,
            that an answer changes a person is at least this: p for a pair the run kept
            apart, 1 − p for a pair it linked (``link._review``).
        blocking_rules: SQL conditions on the feature columns (``l.x = r.x AND ...``) whose
            union generates the candidate pairs; equality parts keep the count near-linear.
        em_blocking_rules: one EM session per rule estimates the m probabilities of the
            comparisons whose columns the rule does not use.
        u_max_pairs: random pairs sampled to estimate the u probabilities.
        em_max_pairs: at most this many pairs per EM session (sampled; ``0`` = all).
        em_max_iterations, em_convergence: EM stopping rules.
        given_name_mismatch_m: the m probability of "given names unrelated", fixed rather than
            estimated (``0`` = let EM estimate it). Siblings who died together share father,
            family name, date and place; only a near-veto on unrelated given names keeps them
            apart, since the u probabilities of random pairs cannot know that.
        min_m_probability: floor on every trained m probability: EM drives the m of a level
            the training data never show for matches (different sex, say) to ~0, which would
            make that one disagreement an absolute veto.
        label_min_pairs: with at least this many "same" reviewer decisions, the m probabilities
            are re-estimated from them after EM.
        max_cluster_size: a linked component larger than this is re-clustered, and no cluster
            of the second pass grows beyond it.
        min_density: a component of 3+ records whose share of linked pairs is below this is
            re-clustered (a chain, not a clique); 1.0 re-clusters every component that is not
            fully linked, which on simulated worlds costs little and gains a point of F1.
        recluster_threshold: in the second pass, two groups merge only if the mean match
            probability over all their record pairs reaches this.
        hard_constraints: apply the hard constraints (``link._constraints``: known sexes
            differ, clearly different given names in one incident, different relation or
            anchor, placeholders). Off only to measure what they do.
        seed: seed of the u sampling (and of anything else random).
        backend: ``duckdb`` (default) or ``spark`` (Splink's Spark backend, local session).
        duckdb_memory_limit: memory DuckDB may use before it spills to disk (DuckDB's own
            syntax: "1.5GB", "800MB"); the rest of a run (records, features, pairs) lives in
            Python beside it.
        spark_master: Spark master URL for ``backend="spark"``.
    """

    threshold: float = 0.5
    review_band: tuple[float, float] = (0.2, 0.9)
    review_min_change: float = 0.4
    blocking_rules: tuple[str, ...] = DEFAULT_BLOCKING_RULES
    em_blocking_rules: tuple[str, ...] = DEFAULT_EM_BLOCKING_RULES
    u_max_pairs: int = 1_000_000
    em_max_pairs: int = 1_000_000
    em_max_iterations: int = 25
    em_convergence: float = 0.0001
    given_name_mismatch_m: float = 0.0001
    given_name_close_m: float = 0.0
    same_list_m: float = 0.0
    min_m_probability: float = 0.0001
    label_min_pairs: int = 20
    max_cluster_size: int = 12
    min_density: float = 1.0
    recluster_threshold: float = 0.5
    hard_constraints: bool = True
    seed: int = 1
    backend: str = "duckdb"
    duckdb_memory_limit: str = "1.5GB"
    spark_master: str = "local[2]"

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "threshold", _probability("threshold", self.threshold))
        band = self.review_band
        if isinstance(band, str) or not isinstance(band, tuple | list) or len(band) != 2:
            raise _fail("review_band", "a pair [low, high]", band)
        low = _probability("review_band", band[0])
        high = _probability("review_band", band[1]) if band[1] != 1 else 1.0
        if not low < self.threshold <= high:
            raise _fail(
                "review_band", f"[low, high] with low < threshold ({self.threshold}) <= high", band
            )
        set_(self, "review_band", (low, high))
        set_(
            self,
            "review_min_change",
            _probability("review_min_change", self.review_min_change, open_low=False),
        )
        rules = _check_rules("blocking_rules", self.blocking_rules)
        if not rules:
            raise _fail("blocking_rules", "at least one rule", self.blocking_rules)
        set_(self, "blocking_rules", rules)
        set_(self, "em_blocking_rules", _check_rules("em_blocking_rules", self.em_blocking_rules))
        set_(self, "u_max_pairs", _integer("u_max_pairs", self.u_max_pairs, 1000))
        set_(self, "em_max_pairs", _integer("em_max_pairs", self.em_max_pairs, 0))
        set_(self, "em_max_iterations", _integer("em_max_iterations", self.em_max_iterations, 1))
        set_(self, "em_convergence", _probability("em_convergence", self.em_convergence))
        set_(
            self,
            "given_name_mismatch_m",
            _probability("given_name_mismatch_m", self.given_name_mismatch_m, open_low=False),
        )
        set_(
            self,
            "given_name_close_m",
            _probability("given_name_close_m", self.given_name_close_m, open_low=False),
        )
        set_(
            self,
            "same_list_m",
            _probability("same_list_m", self.same_list_m, open_low=False),
        )
        set_(self, "min_m_probability", _probability("min_m_probability", self.min_m_probability))
        set_(self, "label_min_pairs", _integer("label_min_pairs", self.label_min_pairs, 1))
        set_(self, "max_cluster_size", _integer("max_cluster_size", self.max_cluster_size, 2))
        set_(
            self,
            "min_density",
            _probability("min_density", self.min_density, open_low=False, closed_high=True),
        )
        set_(
            self,
            "recluster_threshold",
            _probability("recluster_threshold", self.recluster_threshold),
        )
        if not isinstance(self.hard_constraints, bool):
            raise _fail("hard_constraints", "true or false", self.hard_constraints)
        set_(self, "seed", _integer("seed", self.seed, 0))
        if self.backend not in BACKENDS:
            raise _fail("backend", " or ".join(BACKENDS), self.backend)
        if not isinstance(self.duckdb_memory_limit, str) or not re.fullmatch(
            r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", self.duckdb_memory_limit.strip()
        ):
            raise _fail("duckdb_memory_limit", 'a size such as "1.5GB"', self.duckdb_memory_limit)
        if not isinstance(self.spark_master, str) or not self.spark_master:
            raise _fail("spark_master", "a Spark master URL such as local[2]", self.spark_master)

    # --- serialisation ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON/TOML-able values (tuples as lists)."""
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinkSettings:
        """Build from a mapping; unknown keys are an error (a typo must not pass silently)."""
        if not isinstance(data, Mapping):
            raise ConfigError(f"link settings must be a table/object, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"unknown link setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        kwargs: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**kwargs)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinkSettings:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ConfigError(f"link settings are not valid JSON: {err}") from None
        return cls.from_dict(data)

    def to_toml(self) -> str:
        lines = ["# tawthiq link settings"]
        for key, value in self.to_dict().items():
            lines.append(f"{key} = {_toml_value(value)}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_toml(cls, text: str) -> LinkSettings:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"link settings are not valid TOML: {err}") from None
        return cls.from_dict(data)

    def save(self, path: str | Path) -> Path:
        """Write to ``path`` as TOML (``.toml``) or JSON (anything else)."""
        p = Path(path)
        p.write_text(self.to_toml() if p.suffix == ".toml" else self.to_json(), encoding="utf-8")
        return p

    @classmethod
    def load(cls, path: str | Path) -> LinkSettings:
        """Read a ``.toml`` or ``.json`` settings file."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"link settings file {p} not found") from None
        return cls.from_toml(text) if p.suffix == ".toml" else cls.from_json(text)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # JSON string escapes (\" \\ \n \uXXXX) are valid TOML basic-string escapes.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = ",\n".join(f"  {_toml_value(v)}" for v in value)
        return (
            f"[\n{inner},\n]"
            if any(isinstance(v, str) for v in value)
            else ("[" + ", ".join(_toml_value(v) for v in value) + "]")
        )
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
