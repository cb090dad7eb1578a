"""Arabic words of reports come from the gettext catalogue, and every one is translated."""

from __future__ import annotations

from tawthiq.report.i18n import ENGLISH, status_label, t, untranslated


def test_every_report_text_has_an_arabic_translation_in_the_catalogue() -> None:
    assert untranslated() == []
    assert t("by_gov", "ar") == "الوفيات حسب المحافظة"
    assert t("by_gov", "en") == ENGLISH["by_gov"] == "Deaths by governorate"


def test_an_unknown_stratum_status_is_shown_as_it_is() -> None:
    assert status_label("estimated", "ar") == "مقدّر"
    assert status_label("something new", "ar") == "something new"


def test_no_arabic_text_is_written_in_report_code() -> None:
    """Arabic that a report shows lives in the catalogue only. ``claims.py`` is exempt: its
    Arabic is the phrasings a claim check understands (input vocabulary, not output)."""
    import ast
    import re
    from pathlib import Path

    import tawthiq.report

    arabic = re.compile(r"[\u0600-\u06ff]")
    folder = Path(tawthiq.report.__file__).parent
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name == "claims.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and arabic.search(text):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
    template = (folder / "templates" / "report.html").read_text(encoding="utf-8")
    assert not arabic.search(template)
