"""What a report is asked for: language, period, public edition, estimation method."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tawthiq.errors import ConfigError

__all__ = ["DEFAULT_THRESHOLD", "ReportOptions"]

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class ReportOptions:
    """What to report: language, period, public edition, estimation method.

    Checked when made (a bad ``--lang`` or an inverted period is the user's one-line error, not
    a failure half way through the report).
    """

    lang: str = "en"
    start: date | None = None
    end: date | None = None
    public: bool = False
    threshold: int = DEFAULT_THRESHOLD
    method: str = (
        "lcmcr"  # "lcmcr" (covered the truth in 19 of 20 test worlds), "loglinear", "none"
    )
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.lang not in ("en", "ar"):
            raise ConfigError(f"--lang {self.lang!r}: use ar or en")
        if self.method not in ("loglinear", "lcmcr", "none"):
            raise ConfigError(f"--method {self.method!r}: use loglinear, lcmcr or none")
        if self.start and self.end and self.start > self.end:
            raise ConfigError(f"--from {self.start} is after --to {self.end}")

    @property
    def shown_threshold(self) -> int:
        """The smallest count printed as a number (0: all are, in a full report)."""
        return self.threshold if self.public else 0

    def params(self) -> dict[str, Any]:
        """The options as stored with every figure (``query.report``)."""
        return {
            "lang": self.lang,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "public": self.public,
            "threshold": self.shown_threshold,
            "method": self.method,
            "seed": self.seed,
        }
