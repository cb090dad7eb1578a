"""Figure keys that are unique by construction.

A report's figure keys are built from data values: codes a list gave (``cause.unknown``), source
names (``source.VDC.records``), combinations of lists (``overlap.VDC+SNHR``). Joining raw values
with ``.`` and ``+`` made two different figures share a key whenever values met: a coded
"Unknown" cause and a blank cause both became ``cause.unknown`` and the report crashed on a list
import had accepted. Here each value is *encoded* so that no two different values, and no value
and a blank, give the same part:

* letters and digits of any script, ``_`` and ``-`` stay as they are (``SY02``, ``2016-11``,
  ``airstrike``), so ordinary keys read as before;
* every other character (``.``, ``+``, ``~``, ``/``, spaces...) becomes ``~`` and two hex digits
  per UTF-8 byte (``a.b`` → ``a~2eb``);
* a blank value (none, or only spaces) is ``~blank``, which no value can produce because a ``~``
  in a value is always followed by two hex digits and ``bl`` is not hex.

So the encoding is injective, ``.``/``+`` never occur inside a part, and the key is also a safe
file name for the figure's citation CSV (no ``/``) and a shell word (no quoting needed).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["BLANK", "Encoded", "combo_part", "figure_key", "key_part"]

#: The part that stands for a value that was not recorded (none or blank).
BLANK = "~blank"


def key_part(value: object) -> str:
    """One value as a key part (see the module docstring); ``None`` and blanks are ``~blank``."""
    if value is None:
        return BLANK
    text = str(value)
    if not text.strip():
        return BLANK
    out: list[str] = []
    for ch in text:
        if ch.isalnum() or ch in "_-":
            out.append(ch)
        else:
            out.extend(f"~{b:02x}" for b in ch.encode("utf-8"))
    return "".join(out)


def combo_part(values: Iterable[object]) -> str:
    """A set of values (e.g. the lists that recorded a person) as one part: sorted, ``+``-joined."""
    return "+".join(sorted(key_part(v) for v in values))


def figure_key(family: str, *parts: object) -> str:
    """``family.part1.part2...`` with every part encoded by :func:`key_part`.

    ``family`` is a fixed name chosen by the code (``cause``, ``source``...), never data. Parts
    that are already encoded (from :func:`combo_part`) are passed wrapped in :class:`Encoded`.
    """
    return ".".join([family, *(p.text if isinstance(p, Encoded) else key_part(p) for p in parts)])


class Encoded:
    """A key part that is already encoded (so :func:`figure_key` keeps it as it is)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text
