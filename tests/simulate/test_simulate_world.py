"""Files on disk: canonical format, truth, world.json, byte-identical for a seed."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from tawthiq.model.vocab import Cause, Party, Sex, Status, parse
from tawthiq.simulate import COLUMNS, World, simulate, simulate_to_dir, write_world

CANONICAL = (
    "record_id,full_name,given_name,father_name,family_name,mother_name,sex,age,date_of_death,"
    "place_of_death,governorate,pcode,cause,perpetrator,status,source_url,notes"
)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def written(world: World, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    write_world(world, out)
    return out


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = simulate_to_dir(tmp_path / "a", people=3000, lists=4, seed=7)
    b = simulate_to_dir(tmp_path / "b", people=3000, lists=4, seed=7)
    assert a.files == b.files
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_other_seed_gives_other_files(tmp_path: Path) -> None:
    simulate_to_dir(tmp_path / "a", people=3000, lists=4, seed=7)
    simulate_to_dir(tmp_path / "b", people=3000, lists=4, seed=8)
    da, db = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert da.keys() == db.keys()
    assert all(da[k] != db[k] for k in da)


def test_population_does_not_depend_on_list_count(tmp_path: Path) -> None:
    simulate_to_dir(tmp_path / "two", people=3000, lists=2, seed=7)
    simulate_to_dir(tmp_path / "four", people=3000, lists=4, seed=7)
    for name in ("people.csv", "incidents.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "four" / name).read_bytes()


def test_files_written(written: Path) -> None:
    expected = {f"list_{x}.csv" for x in "ABCD"} | {
        "truth.csv",
        "world.json",
        "people.csv",
        "incidents.csv",
    }
    assert {p.name for p in written.iterdir()} == expected


@pytest.mark.parametrize("name", ["list_A.csv", "list_B.csv", "list_C.csv", "list_D.csv"])
def test_lists_are_canonical_csv(written: Path, name: str) -> None:
    raw = (written / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    with (written / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert ",".join(header) == CANONICAL == ",".join(COLUMNS)
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) and all(ids)
    for r in rows:
        assert len(r) == len(header)
        rec = dict(zip(header, r, strict=True))
        assert rec["full_name"] or rec["given_name"]
        assert rec["full_name"] == "" or rec["given_name"] == ""
        assert len(rec["date_of_death"]) in (7, 10)
        for col, vocab in (("sex", Sex), ("cause", Cause), ("perpetrator", Party)):
            assert rec[col] == "" or parse(vocab, rec[col]) is not None, (col, rec[col])
        assert parse(Status, rec["status"]) is not None
        assert rec["age"] == "" or rec["age"].isdigit()
        assert rec["place_of_death"] and rec["governorate"]


def test_truth_matches_lists(written: Path, world: World) -> None:
    with (written / "truth.csv").open(encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    assert list(truth[0]) == ["source", "record_id", "person_id"]
    total = 0
    for source, frame in world.records.items():
        ids = [t["record_id"] for t in truth if t["source"] == source]
        assert ids == list(frame["record_id"])
        total += len(frame)
    assert len(truth) == total
    people = {t["person_id"] for t in truth}
    assert len(people) == world.observed
    assert people <= {str(i) for i in range(1, len(world.people) + 1)}


def test_world_json(written: Path, world: World) -> None:
    doc = json.loads((written / "world.json").read_text(encoding="utf-8"))
    assert doc["seed"] == 1 and doc["people"] == 20000
    assert doc["observed"] == world.observed
    assert [x["file"] for x in doc["lists"]] == [f"list_{x}.csv" for x in "ABCD"]
    for entry, spec in zip(doc["lists"], world.scenario.lists, strict=True):
        frame = world.records[entry["source"]]
        assert entry["records"] == len(frame)
        assert entry["persons"] == frame["person_id"].nunique()
        assert set(entry["noise"]) == set(spec.noise.to_dict())
        assert entry["noise"]["duplicates"]["applied"] == entry["records"] - entry["persons"]
    assert doc["scenario"] == world.scenario.to_dict()
    assert doc["records"] == sum(x["records"] for x in doc["lists"])


def test_simulate_rejects_bad_seed() -> None:
    from tawthiq.errors import InputError

    with pytest.raises(InputError, match="seed"):
        simulate(people=10, lists=1, seed=-1)
