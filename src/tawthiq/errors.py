"""One exception tree for tawthiq, so the CLI and the web app can report any failure the same way.

    TawthiqError                     base: every error tawthiq raises on purpose
    ├── ConfigError                  bad workspace, settings or database URL
    ├── StoreError                   the store cannot be opened or migrated
    ├── InputError                   a user-supplied file or value is wrong
    │   ├── EncodingError            the file is not in the declared/expected encoding
    │   └── ValidationError          one or more fields failed validation
    ├── EstimationError              an estimator cannot run on the data it was given
    └── VerificationError            evidence or log verification failed

Input errors carry ``file``, ``row``, ``field`` and ``value`` so a message can point at the cell
that is wrong. They never carry names or contacts: callers pass a field *name* and, where safe,
a short non-identifying value (a date string, a code), never a person's name.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EncodingError",
    "EstimationError",
    "InputError",
    "StoreError",
    "TawthiqError",
    "ValidationError",
    "VerificationError",
]


class TawthiqError(Exception):
    """Base of every error tawthiq raises deliberately; the CLI prints ``str(err)`` and exits 1."""


class ConfigError(TawthiqError):
    """The workspace, a settings file or the database URL is unusable."""


class StoreError(TawthiqError):
    """The store could not be reached, created or brought up to date."""


class InputError(TawthiqError):
    """A user-supplied file or value is wrong; points at where, never at who."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        self.value = value
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class EncodingError(InputError):
    """The bytes of a file cannot be decoded with the expected encoding."""


class ValidationError(InputError):
    """A value failed validation (a bad date, an unknown code, a missing required field)."""


class EstimationError(TawthiqError, ValueError):
    """An estimator was given data or settings it cannot work with (also a ``ValueError``)."""


class VerificationError(TawthiqError):
    """A hash, signature, inclusion or consistency proof did not verify."""
