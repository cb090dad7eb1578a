"""Link settings: validation with clear messages, TOML/JSON round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tawthiq.errors import ConfigError
from tawthiq.link import DEFAULT_BLOCKING_RULES, LinkSettings


def test_defaults_round_trip(tmp_path: Path) -> None:
    s = LinkSettings(threshold=0.6, review_band=(0.3, 0.95), backend="spark", seed=7)
    assert LinkSettings.from_json(s.to_json()) == s
    assert LinkSettings.from_toml(s.to_toml()) == s
    for name in ("s.toml", "s.json"):
        assert LinkSettings.load(s.save(tmp_path / name)) == s
    assert s.blocking_rules == DEFAULT_BLOCKING_RULES


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 1.5}, "threshold"),
        ({"threshold": "high"}, "threshold"),
        ({"review_band": (0.6, 0.9)}, "review_band"),  # low must be below the threshold
        ({"review_band": (0.1,)}, "review_band"),
        ({"blocking_rules": ()}, "at least one rule"),
        ({"blocking_rules": ("l.nope = r.nope",)}, "unknown column"),
        ({"blocking_rules": ("1 = 1",)}, "l.<column>"),
        ({"backend": "postgres"}, "backend"),
        ({"max_cluster_size": 1}, "max_cluster_size"),
        ({"u_max_pairs": 10}, "u_max_pairs"),
    ],
)
def test_invalid_settings_name_the_field(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        LinkSettings(**kwargs)  # type: ignore[arg-type]


def test_unknown_keys_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="thresold"):
        LinkSettings.from_dict({"thresold": 0.5})
    with pytest.raises(ConfigError, match="not valid TOML"):
        LinkSettings.from_toml("threshold = ")
    with pytest.raises(ConfigError, match="not found"):
        LinkSettings.load(tmp_path / "missing.toml")
    assert LinkSettings.from_toml("threshold = 0.7\n").threshold == 0.7
