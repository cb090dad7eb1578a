"""The scenario: every parameter of a simulated world, as frozen dataclasses read from TOML.

A scenario describes the true population (how many deaths, when, where, in which kinds of
incident), the documenting lists (who they capture, how their captures depend on each other) and
how each list records what it captures (its noise). It is data, not code, so that a statistician
can describe a world in a file, a test can build one in a few lines, and ``world.json`` can record
exactly the world that produced a set of files.

Every value is checked when the scenario is built; an error names the key (``lists[B].capture``)
and says what is allowed and what was given.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tawthiq.errors import InputError
from tawthiq.model.vocab import Cause, Party

__all__ = [
    "DEFAULT_SCENARIO",
    "SCRIPTS",
    "Dependence",
    "IncidentKind",
    "ListSpec",
    "NoiseRates",
    "Scenario",
    "default_scenario",
    "load_scenario",
]

DEFAULT_SCENARIO = "default.toml"
SCRIPTS = ("arabic", "latin", "mixed")
MAX_LISTS = 26


@dataclass(frozen=True)
class NoiseRates:
    """How one list records what it captures; every field is a probability.

    Name noise is drawn per name part (given, father, grandfather, family, mother) and only where
    it can apply: ``hamza`` only touches parts written with أ/إ/آ, ``latin_variant`` only parts in
    Latin script. Field noise is drawn per record. Each process is independent of the others, so
    each can be measured on its own against the truth.
    """

    latin_variant: float = 0.15
    """A Latin-script name part is spelt differently from the list's usual spelling."""
    hamza: float = 0.3
    """أ, إ and آ written as bare ا."""
    ta_marbuta: float = 0.1
    """Word-final ة written as ه."""
    alif_maqsura: float = 0.1
    """Word-final ى written as ي, or ي as ى."""
    al_prefix: float = 0.15
    """A family name's article ال dropped (الحلبي → حلبي)."""
    compound_space: float = 0.2
    """The space of a compound name dropped (عبد الله → عبدالله, نور الدين → نورالدين)."""
    tatweel: float = 0.01
    """A tatweel (ـ) inserted in a name part (محمد → محـمد)."""
    missing_father: float = 0.1
    """The father's name is not recorded."""
    missing_family: float = 0.05
    """The family name or nisba is not recorded."""
    grandfather: float = 0.2
    """The grandfather's name is recorded (in ``full_name`` only: there is no split column)."""
    mother_name: float = 0.0
    """The mother's given name is recorded in ``mother_name``."""
    full_name_only: float = 0.3
    """The name is written in ``full_name`` only, with the split columns left empty."""
    date_shift: float = 0.05
    """The date of death is off by 1 to 3 days."""
    month_only: float = 0.03
    """The date of death is known only to the month (``YYYY-MM``)."""
    place_governorate: float = 0.1
    """The place is given at governorate level only, not the community."""
    place_other_language: float = 0.03
    """The place and governorate are written in the other language (Latin in an Arabic record)."""
    pcode: float = 0.0
    """The record carries a P-code (the community C-code, or the governorate's code)."""
    age_missing: float = 0.25
    """The age is not recorded."""
    age_off_by_one: float = 0.05
    """The age is one year off."""
    sex_missing: float = 0.02
    """The sex is not recorded."""
    cause_missing: float = 0.05
    """The cause of death is not recorded."""
    perpetrator_missing: float = 0.15
    """The perpetrator is not recorded."""
    duplicates: float = 0.03
    """A captured person is recorded twice (a second report, with its own noise)."""

    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


NOISE_KEYS: tuple[str, ...] = tuple(f.name for f in fields(NoiseRates))


@dataclass(frozen=True)
class IncidentKind:
    """One kind of incident: how often, how large, what it kills with and who is blamed."""

    name: str
    share: float
    """Share of all deaths in incidents of this kind (shares are normalised)."""
    mean_size: float = 1.0
    """Mean number of deaths per incident (at least 1)."""
    dispersion: float = 1.0
    """Negative-binomial dispersion of incident sizes: smaller means a heavier tail."""
    causes: Mapping[str, float] = field(default_factory=dict)
    """Weights of ``vocab.Cause`` codes."""
    perpetrators: Mapping[str, float] = field(default_factory=dict)
    """Weights of ``vocab.Party`` codes (a party is only drawn on dates it was active)."""
    contested: float = 0.0
    """Probability that attribution is contested between two parties."""
    hospital: float = 0.0
    """Probability that the incident hit a hospital or clinic."""
    female: float = 0.3
    """Share of women among adult victims."""
    children: float = 0.2
    """Share of children (under 18) among victims."""
    elderly: float = 0.08
    """Share of people aged 60 and over among victims."""
    combatants: float = 0.1
    """Share of combatants among adult male victims."""
    years: tuple[int, int] = (2011, 2019)
    """First and last year in which incidents of this kind happen."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "share": self.share,
            "mean_size": self.mean_size,
            "dispersion": self.dispersion,
            "causes": dict(self.causes),
            "perpetrators": dict(self.perpetrators),
            "contested": self.contested,
            "hospital": self.hospital,
            "female": self.female,
            "children": self.children,
            "elderly": self.elderly,
            "combatants": self.combatants,
            "years": list(self.years),
        }


@dataclass(frozen=True)
class ListSpec:
    """One documenting list: its script, its capture model and its recording noise.

    Capture is a logistic model: ``logit P(person on list) = logit(capture) + governorates[g] +
    years[y] + causes[c] + visibility[v] + hospital * (victim of a hospital attack)``; outside the
    ``active`` years the list captures no one.
    """

    name: str
    capture: float
    """Capture probability of a person with all effects at zero."""
    script: str = "arabic"
    """``arabic``, ``latin`` or ``mixed``."""
    arabic_share: float = 0.5
    """For a ``mixed`` list, the share of records written in Arabic."""
    active: tuple[int, int] = (2011, 2019)
    """First and last year the list documents."""
    governorates: Mapping[str, float] = field(default_factory=dict)
    """Log-odds effect by governorate (English name, as in the gazetteer)."""
    years: Mapping[int, float] = field(default_factory=dict)
    """Log-odds effect by year."""
    causes: Mapping[str, float] = field(default_factory=dict)
    """Log-odds effect by cause (``vocab.Cause`` code)."""
    visibility: tuple[float, ...] = ()
    """Log-odds effect of each latent visibility class (one per class, or empty for none)."""
    hospital: float = 0.0
    """Log-odds effect for victims of attacks on hospitals."""
    noise: NoiseRates = field(default_factory=NoiseRates)

    @property
    def source(self) -> str:
        """The source name of this list in ``truth.csv`` and the file stem (``list_A``)."""
        return f"list_{self.name}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "script": self.script,
            "arabic_share": self.arabic_share,
            "capture": self.capture,
            "active": list(self.active),
            "governorates": dict(self.governorates),
            "years": {str(k): v for k, v in self.years.items()},
            "causes": dict(self.causes),
            "visibility": list(self.visibility),
            "hospital": self.hospital,
            "noise": self.noise.to_dict(),
        }


@dataclass(frozen=True)
class Dependence:
    """Correlation of two lists' captures beyond what the shared effects explain.

    Captures are drawn through a Gaussian copula: each person gets one correlated normal per list
    and is captured when it falls below the quantile of their capture probability. ``rho > 0``
    makes the lists find the same people (they share sources); ``rho < 0`` makes them find
    different people (they divide the work).
    """

    lists: tuple[str, str]
    rho: float

    def to_dict(self) -> dict[str, Any]:
        return {"lists": list(self.lists), "rho": self.rho}


@dataclass(frozen=True)
class Scenario:
    """A whole simulated world: population, incidents, places, lists, dependence and noise."""

    people: int
    """Number of true deaths N."""
    lists: tuple[ListSpec, ...]
    incidents: tuple[IncidentKind, ...]
    start: date = date(2011, 3, 15)
    end: date = date(2019, 12, 31)
    years: Mapping[int, float] = field(default_factory=dict)
    """Relative number of deaths by year (years not given weigh 0; empty means uniform)."""
    governorates: Mapping[str, float] = field(default_factory=dict)
    """Relative number of deaths by governorate (English gazetteer name)."""
    hotspots: Mapping[str, float] = field(default_factory=dict)
    """Share of its governorate's deaths in one community (C-code)."""
    centre_weight: float = 5.0
    """Weight of an admin-3 centre town relative to a village, outside the hotspots."""
    household_rate: float = 0.45
    """Probability that a victim of an incident belongs to the household of the previous one."""
    sibling_rate: float = 0.6
    """Probability that a household member shares the household's father (is a sibling)."""
    visibility: tuple[float, ...] = (1.0,)
    """Shares of the latent visibility classes (normalised)."""
    dependence: tuple[Dependence, ...] = ()
    noise: NoiseRates = field(default_factory=NoiseRates)
    """Default noise of every list (each list may override any rate)."""
    description: str = ""

    def list_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.lists)

    def correlation(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        """The lists' copula correlation matrix (identity plus the ``dependence`` entries)."""
        names = self.list_names()
        corr = np.eye(len(names))
        for dep in self.dependence:
            i, j = names.index(dep.lists[0]), names.index(dep.lists[1])
            corr[i, j] = corr[j, i] = dep.rho
        return corr

    def resized(self, *, people: int | None = None, lists: int | None = None) -> Scenario:
        """This scenario with another N and/or K lists.

        Fewer lists keep the first ``lists``; more lists repeat the defined ones in turn under new
        letters (a repeated list keeps its parameters but no dependence with the others).
        """
        out = self
        if people is not None:
            if people < 1:
                raise InputError(f"must be at least 1 (got {people})", field="people")
            out = replace(out, people=people)
        if lists is not None:
            if not 1 <= lists <= MAX_LISTS:
                raise InputError(f"must be between 1 and {MAX_LISTS} (got {lists})", field="lists")
            specs = list(out.lists[:lists])
            taken = {s.name for s in specs}
            letters = (chr(ord("A") + i) for i in range(MAX_LISTS))
            k = 0
            while len(specs) < lists:
                template = out.lists[k % len(out.lists)]
                name = next(x for x in letters if x not in taken)
                taken.add(name)
                specs.append(replace(template, name=name))
                k += 1
            kept = {s.name for s in specs}
            deps = tuple(d for d in out.dependence if set(d.lists) <= kept)
            out = replace(out, lists=tuple(specs), dependence=deps)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON/TOML-ready description that :func:`Scenario.from_dict` reads back."""
        return {
            "description": self.description,
            "people": self.people,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "years": {str(k): v for k, v in self.years.items()},
            "governorates": dict(self.governorates),
            "hotspots": dict(self.hotspots),
            "centre_weight": self.centre_weight,
            "household_rate": self.household_rate,
            "sibling_rate": self.sibling_rate,
            "visibility": {"shares": list(self.visibility)},
            "incidents": {k.name: k.to_dict() for k in self.incidents},
            "noise": self.noise.to_dict(),
            "lists": [spec.to_dict() for spec in self.lists],
            "dependence": [dep.to_dict() for dep in self.dependence],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, file: str | None = None) -> Scenario:
        """Build and validate a scenario from a parsed TOML/JSON mapping."""
        return _Parser(file).scenario(data)

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """Read a scenario file (TOML)."""
        p = Path(path)
        try:
            with p.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise InputError("scenario file not found", file=str(p)) from None
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"not valid TOML: {err}", file=str(p)) from None
        return cls.from_dict(data, file=str(p))


def default_scenario() -> Scenario:
    """The shipped default scenario (``tawthiq/data/scenarios/default.toml``)."""
    res = resources.files("tawthiq").joinpath("data", "scenarios", DEFAULT_SCENARIO)
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    return Scenario.from_dict(data, file=DEFAULT_SCENARIO)


def load_scenario(path: str | Path | None = None) -> Scenario:
    """The scenario in ``path``, or the default scenario when ``path`` is ``None``."""
    return default_scenario() if path is None else Scenario.from_toml(path)


class _Parser:
    """Reads a raw mapping into a :class:`Scenario`, naming the key of every error."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def fail(self, key: str, message: str, value: Any = None) -> InputError:
        shown = None if value is None else repr(value)[:60]
        suffix = "" if value is None else f" (got {shown})"
        return InputError(message + suffix, file=self.file, field=key, value=shown)

    def table(self, value: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, "must be a table", value)
        return value

    def known(self, data: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> None:
        for k in data:
            if k not in allowed:
                where = f"{key}.{k}" if key else str(k)
                raise self.fail(where, f"unknown key; allowed: {', '.join(allowed)}")

    def number(
        self, value: Any, key: str, *, lo: float | None = None, hi: float | None = None
    ) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "must be a number", value)
        x = float(value)
        if not math.isfinite(x):
            raise self.fail(key, "must be finite", value)
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            lo_s = "-inf" if lo is None else f"{lo:g}"
            hi_s = "inf" if hi is None else f"{hi:g}"
            raise self.fail(key, f"must be between {lo_s} and {hi_s}", value)
        return x

    def prob(self, value: Any, key: str) -> float:
        return self.number(value, key, lo=0.0, hi=1.0)

    def integer(self, value: Any, key: str, *, lo: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "must be an integer", value)
        if lo is not None and value < lo:
            raise self.fail(key, f"must be at least {lo}", value)
        return value

    def day(self, value: Any, key: str) -> date:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, "must be a date (YYYY-MM-DD)", value)

    def year(self, value: Any, key: str) -> int:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        y = self.integer(value, key)
        if not 1900 <= y <= 2100:
            raise self.fail(key, "must be a year", value)
        return y

    def year_range(self, value: Any, key: str) -> tuple[int, int]:
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise self.fail(key, "must be [first_year, last_year]", value)
        a, b = self.year(value[0], f"{key}[0]"), self.year(value[1], f"{key}[1]")
        if a > b:
            raise self.fail(key, "first year is after last year", value)
        return (a, b)

    def weights(
        self,
        value: Any,
        key: str,
        allowed: tuple[str, ...] | None,
        *,
        lo: float | None = 0.0,
        hi: float | None = None,
    ) -> dict[str, float]:
        out: dict[str, float] = {}
        for k, v in self.table(value, key).items():
            name = str(k)
            if allowed is not None and name not in allowed:
                shown = ", ".join(allowed)
                raise self.fail(f"{key}.{name}", f"unknown name; allowed: {shown}")
            out[name] = self.number(v, f"{key}.{name}", lo=lo, hi=hi)
        return out

    def year_weights(self, value: Any, key: str, *, effects: bool) -> dict[int, float]:
        out: dict[int, float] = {}
        for k, v in self.table(value, key).items():
            y = self.year(k, f"{key}.{k}")
            out[y] = self.number(v, f"{key}.{k}", lo=None if effects else 0.0)
        return dict(sorted(out.items()))

    def noise(self, value: Any, key: str, base: NoiseRates) -> NoiseRates:
        data = self.table(value, key)
        self.known(data, key, NOISE_KEYS)
        updates = {k: self.prob(v, f"{key}.{k}") for k, v in data.items()}
        return replace(base, **updates)

    def kind(self, name: str, value: Any, key: str) -> IncidentKind:
        data = self.table(value, key)
        allowed = tuple(f.name for f in fields(IncidentKind) if f.name != "name")
        self.known(data, key, allowed)
        if "share" not in data:
            raise self.fail(f"{key}.share", "is required")
        causes = self.weights(data.get("causes", {}), f"{key}.causes", tuple(Cause))
        parties = self.weights(data.get("perpetrators", {}), f"{key}.perpetrators", tuple(Party))
        if not any(v > 0 for v in causes.values()):
            raise self.fail(f"{key}.causes", "needs at least one cause with a positive weight")
        if not any(v > 0 for v in parties.values()):
            raise self.fail(
                f"{key}.perpetrators", "needs at least one party with a positive weight"
            )
        children = self.prob(data.get("children", 0.2), f"{key}.children")
        elderly = self.prob(data.get("elderly", 0.08), f"{key}.elderly")
        if children + elderly > 1:
            raise self.fail(f"{key}", "children + elderly must not exceed 1")
        return IncidentKind(
            name=name,
            share=self.number(data["share"], f"{key}.share", lo=0.0),
            mean_size=self.number(data.get("mean_size", 1.0), f"{key}.mean_size", lo=1.0),
            dispersion=self.number(data.get("dispersion", 1.0), f"{key}.dispersion", lo=1e-3),
            causes=causes,
            perpetrators=parties,
            contested=self.prob(data.get("contested", 0.0), f"{key}.contested"),
            hospital=self.prob(data.get("hospital", 0.0), f"{key}.hospital"),
            female=self.prob(data.get("female", 0.3), f"{key}.female"),
            children=children,
            elderly=elderly,
            combatants=self.prob(data.get("combatants", 0.1), f"{key}.combatants"),
            years=self.year_range(data.get("years", [2011, 2019]), f"{key}.years"),
        )

    def list_spec(
        self, value: Any, key: str, base: NoiseRates, governorates: tuple[str, ...], n_vis: int
    ) -> ListSpec:
        data = self.table(value, key)
        allowed = tuple(f.name for f in fields(ListSpec))
        self.known(data, key, allowed)
        for required in ("name", "capture"):
            if required not in data:
                raise self.fail(f"{key}.{required}", "is required")
        name = data["name"]
        if not isinstance(name, str) or not name.isalnum() or not name.isascii():
            raise self.fail(f"{key}.name", "must be a short ASCII name of letters/digits", name)
        key = f"lists[{name}]"
        script = data.get("script", "arabic")
        if script not in SCRIPTS:
            raise self.fail(f"{key}.script", f"must be one of {', '.join(SCRIPTS)}", script)
        vis_raw = data.get("visibility", [])
        if not isinstance(vis_raw, list):
            raise self.fail(f"{key}.visibility", "must be a list of log-odds effects", vis_raw)
        vis = tuple(self.number(v, f"{key}.visibility[{i}]") for i, v in enumerate(vis_raw))
        if vis and len(vis) != n_vis:
            raise self.fail(
                f"{key}.visibility",
                f"needs one effect per visibility class ({n_vis})",
                vis_raw,
            )
        return ListSpec(
            name=name,
            capture=self.number(data["capture"], f"{key}.capture", lo=0.0, hi=1.0),
            script=script,
            arabic_share=self.prob(data.get("arabic_share", 0.5), f"{key}.arabic_share"),
            active=self.year_range(data.get("active", [2011, 2019]), f"{key}.active"),
            governorates=self.weights(
                data.get("governorates", {}), f"{key}.governorates", governorates, lo=None
            ),
            years=self.year_weights(data.get("years", {}), f"{key}.years", effects=True),
            causes=self.weights(data.get("causes", {}), f"{key}.causes", tuple(Cause), lo=None),
            visibility=vis,
            hospital=self.number(data.get("hospital", 0.0), f"{key}.hospital"),
            noise=self.noise(data.get("noise", {}), f"{key}.noise", base),
        )

    def scenario(self, data: Mapping[str, Any]) -> Scenario:
        from tawthiq.simulate._places import load_places

        data = self.table(data, "")
        allowed = tuple(f.name for f in fields(Scenario))
        self.known(data, "", allowed)
        places = load_places()
        govs = places.governorates_en
        if "people" not in data:
            raise self.fail("people", "is required")
        people = self.integer(data["people"], "people", lo=1)
        start = self.day(data.get("start", date(2011, 3, 15)), "start")
        end = self.day(data.get("end", date(2019, 12, 31)), "end")
        if start > end:
            raise self.fail("end", "is before start", str(end))
        years = self.year_weights(data.get("years", {}), "years", effects=False)
        for y in years:
            if not start.year <= y <= end.year:
                raise self.fail(f"years.{y}", f"is outside {start.year}-{end.year}")
        if years and not any(v > 0 for v in years.values()):
            raise self.fail("years", "needs at least one year with a positive weight")
        gov_w = self.weights(data.get("governorates", {}), "governorates", govs)
        if gov_w and not any(v > 0 for v in gov_w.values()):
            raise self.fail("governorates", "needs at least one positive weight")
        hotspots = self.weights(data.get("hotspots", {}), "hotspots", None, lo=0.0, hi=1.0)
        totals: dict[str, float] = {}
        for code, share in hotspots.items():
            gov = places.governorate_of(code)
            if gov is None:
                raise self.fail(f"hotspots.{code}", "is not a community C-code of the gazetteer")
            totals[gov] = totals.get(gov, 0.0) + share
        for gov, total in totals.items():
            if total > 1.0 + 1e-9:
                raise self.fail("hotspots", f"shares in {gov} add up to more than 1", total)
        vis_data = self.table(data.get("visibility", {"shares": [1.0]}), "visibility")
        self.known(vis_data, "visibility", ("shares",))
        shares_raw = vis_data.get("shares", [1.0])
        if not isinstance(shares_raw, list) or not shares_raw:
            raise self.fail("visibility.shares", "must be a non-empty list", shares_raw)
        vis = tuple(
            self.number(v, f"visibility.shares[{i}]", lo=0.0) for i, v in enumerate(shares_raw)
        )
        if sum(vis) <= 0:
            raise self.fail("visibility.shares", "must have a positive sum", shares_raw)
        kinds_raw = self.table(data.get("incidents", {}), "incidents")
        if not kinds_raw:
            raise self.fail("incidents", "needs at least one incident kind")
        kinds = tuple(self.kind(str(k), v, f"incidents.{k}") for k, v in kinds_raw.items())
        if not any(k.share > 0 for k in kinds):
            raise self.fail("incidents", "needs at least one kind with a positive share")
        noise = self.noise(data.get("noise", {}), "noise", NoiseRates())
        lists_raw = data.get("lists", [])
        if not isinstance(lists_raw, list) or not lists_raw:
            raise self.fail("lists", "needs at least one [[lists]] entry")
        if len(lists_raw) > MAX_LISTS:
            raise self.fail("lists", f"at most {MAX_LISTS} lists", len(lists_raw))
        specs = tuple(
            self.list_spec(v, f"lists[{i}]", noise, govs, len(vis)) for i, v in enumerate(lists_raw)
        )
        names = [s.name for s in specs]
        for n in names:
            if names.count(n) > 1:
                raise self.fail("lists", f"list name {n!r} is used twice")
        deps_raw = data.get("dependence", [])
        if not isinstance(deps_raw, list):
            raise self.fail("dependence", "must be an array of tables", deps_raw)
        deps: list[Dependence] = []
        seen: set[tuple[str, str]] = set()
        for i, d in enumerate(deps_raw):
            key = f"dependence[{i}]"
            d = self.table(d, key)
            self.known(d, key, ("lists", "rho"))
            pair = d.get("lists")
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or pair[0] not in names
                or pair[1] not in names
                or pair[0] == pair[1]
            ):
                raise self.fail(f"{key}.lists", "must name two different lists", pair)
            ordered = (str(pair[0]), str(pair[1]))
            if tuple(sorted(ordered)) in seen:
                raise self.fail(f"{key}.lists", "this pair is given twice", pair)
            seen.add((min(ordered), max(ordered)))
            rho = self.number(d.get("rho"), f"{key}.rho", lo=-0.99, hi=0.99)
            deps.append(Dependence(lists=ordered, rho=rho))
        desc = data.get("description", "")
        if not isinstance(desc, str):
            raise self.fail("description", "must be a string", desc)
        scenario = Scenario(
            people=people,
            lists=specs,
            incidents=kinds,
            start=start,
            end=end,
            years=years,
            governorates=gov_w,
            hotspots=hotspots,
            centre_weight=self.number(data.get("centre_weight", 5.0), "centre_weight", lo=0.0),
            household_rate=self.prob(data.get("household_rate", 0.45), "household_rate"),
            sibling_rate=self.prob(data.get("sibling_rate", 0.6), "sibling_rate"),
            visibility=vis,
            dependence=tuple(deps),
            noise=noise,
            description=desc,
        )
        try:
            np.linalg.cholesky(scenario.correlation())
        except np.linalg.LinAlgError:
            raise self.fail(
                "dependence", "the pairwise rho values do not form a valid correlation matrix"
            ) from None
        return scenario
