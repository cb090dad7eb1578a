"""Scenarios load from TOML, round-trip, resize, and reject bad values naming the key."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tawthiq.errors import InputError
from tawthiq.simulate import NoiseRates, Scenario, default_scenario, load_scenario


def default_dict() -> dict[str, Any]:
    text = (
        resources.files("tawthiq")
        .joinpath("data", "scenarios", "default.toml")
        .read_text(encoding="utf-8")
    )
    return tomllib.loads(text)


def test_default_scenario_loads() -> None:
    sc = default_scenario()
    assert sc.people == 20000
    assert sc.list_names() == tuple("ABCDEFGH")
    assert {s.script for s in sc.lists} == {"arabic", "latin", "mixed"}
    assert {k.name for k in sc.incidents} >= {
        "airstrike",
        "shelling",
        "ground_attack",
        "chemical",
        "siege",
    }
    assert any(k.hospital > 0 for k in sc.incidents)
    assert any(k.contested > 0 for k in sc.incidents)
    assert any(d.rho > 0 for d in sc.dependence) and any(d.rho < 0 for d in sc.dependence)
    assert load_scenario(None) == sc


def test_list_noise_overrides_defaults() -> None:
    sc = default_scenario()
    a, b = sc.lists[0], sc.lists[1]
    assert a.noise.hamza == 0.4 and b.noise.hamza == sc.noise.hamza
    assert b.noise.pcode == 0.5 and a.noise.pcode == 0.0


def test_round_trip_through_dict_and_toml(tmp_path: Path) -> None:
    sc = default_scenario()
    assert Scenario.from_dict(sc.to_dict()) == sc
    path = tmp_path / "s.toml"
    path.write_bytes(
        resources.files("tawthiq").joinpath("data", "scenarios", "default.toml").read_bytes()
    )
    assert Scenario.from_toml(path) == sc


def test_resized() -> None:
    sc = default_scenario()
    two = sc.resized(people=500, lists=2)
    assert two.people == 500 and two.list_names() == ("A", "B")
    assert [d.lists for d in two.dependence] == [("A", "B")]
    many = sc.resized(lists=11)
    assert many.list_names() == tuple("ABCDEFGHIJK")
    assert many.lists[8].capture == sc.lists[0].capture  # I repeats A
    assert many.correlation().shape == (11, 11)
    with pytest.raises(InputError, match="lists"):
        sc.resized(lists=27)
    with pytest.raises(InputError, match="people"):
        sc.resized(people=0)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        node = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        node = d
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


def _many_dependent(d: dict[str, Any]) -> None:
    d["dependence"] = [
        {"lists": ["A", "B"], "rho": 0.95},
        {"lists": ["B", "C"], "rho": 0.95},
        {"lists": ["A", "C"], "rho": -0.95},
    ]


BAD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("people text", _set(("people",), "many"), "people"),
    ("people missing", _delete(("people",)), "people"),
    ("unknown top key", _set(("colour",), "red"), "colour"),
    ("capture above 1", _set(("lists", 0, "capture"), 1.5), "lists[A].capture"),
    ("noise rate negative", _set(("noise", "hamza"), -0.1), "noise.hamza"),
    ("unknown noise key", _set(("lists", 1, "noise", "bogus"), 0.1), "lists[B].noise.bogus"),
    ("unknown governorate", _set(("governorates", "Atlantis"), 3), "governorates.Atlantis"),
    ("unknown hotspot", _set(("hotspots", "C999999"), 0.1), "hotspots.C999999"),
    ("hotspots over 1", _set(("hotspots", "C1002"), 0.9), "hotspots"),
    (
        "unknown party",
        _set(("incidents", "airstrike", "perpetrators", "martians"), 1.0),
        "incidents.airstrike.perpetrators.martians",
    ),
    (
        "unknown cause",
        _set(("lists", 2, "causes", "meteor"), 1.0),
        "lists[C].causes.meteor",
    ),
    ("bad script", _set(("lists", 0, "script"), "cyrillic"), "lists[A].script"),
    ("visibility length", _set(("lists", 0, "visibility"), [1.0, 0.0]), "lists[A].visibility"),
    ("active reversed", _set(("lists", 3, "active"), [2015, 2012]), "lists[D].active"),
    ("year outside", _set(("years", "2031"), 1.0), "years.2031"),
    ("rho too big", _set(("dependence", 0, "rho"), 1.0), "dependence[0].rho"),
    ("unknown list in pair", _set(("dependence", 0, "lists"), ["A", "Z"]), "dependence[0].lists"),
    ("not positive definite", _many_dependent, "dependence"),
    ("duplicate list", _set(("lists", 1, "name"), "A"), "lists"),
    ("mean size below 1", _set(("incidents", "siege", "mean_size"), 0.5), "incidents.siege"),
    ("start as text", _set(("start",), "March 2011"), "start"),
]


@pytest.mark.parametrize(("case", "edit", "key"), BAD, ids=[b[0] for b in BAD])
def test_bad_values_name_their_key(
    case: str, edit: Callable[[dict[str, Any]], None], key: str
) -> None:
    data = copy.deepcopy(default_dict())
    edit(data)
    with pytest.raises(InputError) as info:
        Scenario.from_dict(data, file="s.toml")
    err = info.value
    assert err.field is not None and err.field.startswith(key), (err.field, str(err))
    assert str(err).startswith("s.toml, field ")


def test_bad_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("people = [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        Scenario.from_toml(path)
    with pytest.raises(InputError, match="not found"):
        Scenario.from_toml(tmp_path / "missing.toml")


def test_noise_rates_documented_defaults() -> None:
    rates = NoiseRates()
    assert all(0.0 <= v <= 1.0 for v in rates.to_dict().values())
    assert len(rates.to_dict()) == 23


DOC = Path(__file__).resolve().parents[2] / "docs" / "simulation.md"


def test_documentation_covers_every_noise_key_and_its_example_loads() -> None:
    text = DOC.read_text(encoding="utf-8")
    for key in NoiseRates().to_dict():
        assert f"| `{key}` |" in text, key
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    sc = Scenario.from_dict(tomllib.loads(block))
    assert sc.people == 5000 and sc.list_names() == ("A", "B", "C")
    assert sc.lists[1].noise.latin_variant == 0.3
