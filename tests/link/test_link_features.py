"""The features step: cross-script name keys, date intervals, place hierarchy, input contract."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tawthiq.errors import InputError
from tawthiq.link import FEATURE_COLUMNS, INPUT_COLUMNS, check_records, features
from tawthiq.link._features import STORED_NAME_COLUMNS

EPOCH = dt.date(1970, 1, 1)


def day(d: dt.date) -> int:
    return (d - EPOCH).days


def frame(**cols: list[object]) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base: dict[str, list[object]] = {"record_key": list(range(n)), "source": ["A"] * n}
    base.update(cols)
    return pd.DataFrame(base)


def test_same_name_in_two_scripts_has_one_key() -> None:
    f = features(
        frame(
            full_name=["محمد خالد العلي", None],
            given_name=[None, "Mohammed"],
            father_name=[None, "Khaled"],
            family_name=[None, "Al-Ali"],
        )
    )
    assert list(f.columns) == list(FEATURE_COLUMNS)
    assert f.loc[0, "given_key"] == f.loc[1, "given_key"]
    assert f.loc[0, "father_key"] == f.loc[1, "father_key"]
    assert f.loc[0, "family_key"] == f.loc[1, "family_key"]
    assert f.loc[0, "name_key"] == f.loc[1, "name_key"]
    assert (f.loc[0, "script"], f.loc[1, "script"]) == ("ar", "la")
    # spellings differ: the comparison can tell "same key across scripts" from "same spelling"
    assert f.loc[0, "given_norm"] != f.loc[1, "given_norm"]


def test_family_article_dropped_and_different_names_differ() -> None:
    f = features(frame(given_name=["أحمد", "محمد"], family_name=["العيسى", "عيسى"]))
    assert f.loc[0, "family_key"] == f.loc[1, "family_key"]
    assert f.loc[0, "given_key"] != f.loc[1, "given_key"]


def test_split_columns_win_over_full_name_and_blanks_are_null() -> None:
    f = features(
        frame(full_name=["خالد", "  "], given_name=["أحمد", None], family_name=[None, "  "])
    )
    assert f.loc[0, "given_key"] == features(frame(given_name=["احمد"])).loc[0, "given_key"]
    assert f.loc[1, "given_key"] is None and f.loc[1, "name_key"] is None
    assert f.loc[1, "script"] is None


def test_month_only_date_is_the_interval_of_its_days() -> None:
    f = features(
        frame(
            date_earliest=[dt.date(2016, 2, 1), dt.date(2016, 2, 10), "2016-02-12", None],
            date_latest=[None, dt.date(2016, 2, 10), None, None],
            date_precision=["month", "day", "day", None],
        )
    )
    assert (f.loc[0, "date_lo"], f.loc[0, "date_hi"]) == (
        day(dt.date(2016, 2, 1)),
        day(dt.date(2016, 2, 29)),  # leap year
    )
    assert f.loc[1, "date_lo"] == f.loc[1, "date_hi"] == day(dt.date(2016, 2, 10))
    assert f.loc[0, "date_month"] == f.loc[1, "date_month"] == 2016 * 12 + 1
    # week grids only for exact days; two days ≤ 3 apart share one of the two grids
    assert pd.isna(f.loc[0, "date_week"])
    d1, d2 = f.loc[1], f.loc[2]
    assert d1["date_week"] == d2["date_week"] or d1["date_week_shifted"] == d2["date_week_shifted"]
    assert pd.isna(f.loc[3, "date_lo"]) and pd.isna(f.loc[3, "date_month"])


@pytest.mark.parametrize("gap", range(0, 4))
def test_days_at_most_three_apart_share_a_week_grid(gap: int) -> None:
    for start in range(7):
        a = dt.date(2015, 6, 1) + dt.timedelta(days=start)
        b = a + dt.timedelta(days=gap)
        f = features(frame(date_earliest=[a, b], date_precision=["day", "day"]))
        same = f.loc[0, "date_week"] == f.loc[1, "date_week"]
        shifted = f.loc[0, "date_week_shifted"] == f.loc[1, "date_week_shifted"]
        assert same or shifted, (a, b)


def test_year_only_date_has_no_month_block() -> None:
    f = features(frame(date_earliest=[dt.date(2014, 1, 1)], date_precision=["year"]))
    assert f.loc[0, "date_hi"] - f.loc[0, "date_lo"] == 364
    assert pd.isna(f.loc[0, "date_month"])


def test_place_hierarchy_from_pcode_and_text() -> None:
    f = features(
        frame(
            pcode=["C1007", None, None],
            place_text=[None, None, None],
            governorate_text=[None, "Aleppo", None],
            admin1_pcode=[None, None, "SY05"],
        )
    )
    assert f.loc[0, "place_community"] == "C1007"
    assert f.loc[0, "place_admin1"] == "SY02"
    assert str(f.loc[0, "place_admin2"]).startswith("SY02")
    assert f.loc[1, "place_community"] is None and f.loc[1, "place_admin1"] == "SY02"
    assert f.loc[2, "place_admin1"] == "SY05"


def test_event_key_needs_exact_day_and_community() -> None:
    f = features(
        frame(
            pcode=["C1007", "C1007", None],
            date_earliest=[dt.date(2016, 5, 1), dt.date(2016, 5, 1), dt.date(2016, 5, 1)],
            date_precision=["day", "month", "day"],
        )
    )
    assert f.loc[0, "event_key"] == f"{day(dt.date(2016, 5, 1))}:C1007"
    assert f.loc[1, "event_key"] is None
    assert f.loc[2, "event_key"] is None


def test_sex_and_age() -> None:
    f = features(
        frame(
            sex=["ذكر", "F", "unknown", "??"],
            age_min=[30.0, None, 5.0, None],
            age_max=[30.0, 40.0, 7.0, None],
        )
    )
    assert f["sex"].tolist() == ["male", "female", None, None]
    assert f.loc[1, "age_lo"] == f.loc[1, "age_hi"] == 40.0
    assert (f.loc[2, "age_lo"], f.loc[2, "age_hi"]) == (5.0, 7.0)
    assert pd.isna(f.loc[3, "age_lo"])


def test_input_contract_errors() -> None:
    with pytest.raises(InputError, match="source"):
        check_records(pd.DataFrame({"record_key": [1]}))
    with pytest.raises(InputError, match="repeated"):
        check_records(pd.DataFrame({"record_key": [1, 1], "source": ["A", "B"]}))
    with pytest.raises(InputError, match="no record_key"):
        check_records(pd.DataFrame({"record_key": [1, None], "source": ["A", "B"]}))
    with pytest.raises(InputError, match="DataFrame"):
        check_records([{"record_key": 1}])
    out = check_records(pd.DataFrame({"record_key": ["x"], "source": ["A"]}))
    assert set(INPUT_COLUMNS) <= set(out.columns)


def test_pyarrow_table_is_accepted() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"record_key": [1, 2], "source": ["A", "B"], "given_name": ["علي", "Ali"]})
    f = features(table)
    assert f.loc[0, "given_key"] == f.loc[1, "given_key"]


names = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآةى", max_size=30),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(names, names, names, names), min_size=1, max_size=8))
def test_features_take_any_text(rows: list[tuple[str | None, ...]]) -> None:
    recs = pd.DataFrame(
        rows, columns=["full_name", "given_name", "father_name", "family_name"]
    ).assign(record_key=range(len(rows)), source="A")
    f = features(recs)
    assert len(f) == len(rows)
    assert f["uid"].tolist() == list(range(len(rows)))
    for part in ("given", "father", "family"):
        # a key exactly when there is a normalised spelling
        assert (f[f"{part}_key"].isna() == f[f"{part}_norm"].isna()).all()


def _stored_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """The name columns import would store for these rows (the same derive function)."""
    from tawthiq.ingest._derive import derive

    derived = [derive(r)[0] for r in rows.to_dict("records")]
    out = rows.copy()
    for col in STORED_NAME_COLUMNS:
        out[col] = [d[col] for d in derived]
    return out


NAME_FEATURES = [
    "given_norm",
    "given_key",
    "given_first_key",
    "father_norm",
    "father_key",
    "family_norm",
    "family_key",
    "grandfather_key",
    "name_key",
    "script",
]


def test_stored_name_columns_give_the_same_features_as_parsing() -> None:
    """A store's records are not parsed again, and that must not change what linkage sees."""
    rows = frame(
        full_name=["لؤي احمد حاج علي", "Fadi Ibrahim Hajj Ali", None, "محمد خير العيسى", None],
        given_name=[None, None, "عبد الله", None, "Mohammed"],
        father_name=[None, None, "علي", None, None],
        family_name=[None, None, "الخطيب", None, "Al-Sayyed"],
    )
    parsed = features(rows)
    stored = features(_stored_columns(rows))
    for col in NAME_FEATURES:
        assert stored[col].tolist() == parsed[col].tolist(), col
    # a family-name column holding a title-like word (الخطيب) is that family name
    assert parsed.loc[2, "family_norm"] == "الخطيب"
    assert parsed.loc[0, "grandfather_key"] == parsed.loc[1, "grandfather_key"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "محمد علي الحلبي", "Ahmad Hajj Hussein", "الحاج خالد", "x1"]),
            st.sampled_from([None, "", "فاطمة", "Abdul Rahman", "الشيخ"]),
            st.sampled_from([None, "حسن", "Mahmoud"]),
            st.sampled_from([None, "السيد", "al-Khatib", "العلي", "  "]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_stored_and_parsed_names_agree_on_any_mix(
    rows: list[tuple[str | None, ...]],
) -> None:
    cols = list(zip(*rows, strict=True))
    f = frame(
        full_name=list(cols[0]),
        given_name=list(cols[1]),
        father_name=list(cols[2]),
        family_name=list(cols[3]),
    )
    parsed, stored = features(f), features(_stored_columns(f))
    for col in NAME_FEATURES:
        assert stored[col].tolist() == parsed[col].tolist(), col
