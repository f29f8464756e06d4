"""Every UI text exists in Swedish and English, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from i18n.catalogue import LANGUAGES, TEXT, translate

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
            *sorted((ROOT / "ui").glob("*.py"))]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
PREFIXED_KEY = re.compile(r"""\bt\(\s*f["']([a-z0-9_]+)\{""")


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_text_has_both_languages(key):
    assert set(TEXT[key]) == set(LANGUAGES)
    assert all(TEXT[key][lang].strip() for lang in LANGUAGES)
    placeholders = {lang: set(re.findall(r"\{(\w+)\}", TEXT[key][lang])) for lang in LANGUAGES}
    assert placeholders["sv"] == placeholders["en"]


def test_every_key_used_by_the_ui_exists():
    used, prefixes = set(), set()
    for path in UI_FILES:
        source = path.read_text(encoding="utf-8")
        used |= set(LITERAL_KEY.findall(source))
        prefixes |= set(PREFIXED_KEY.findall(source))
    assert used, "no t('...') calls found: the pattern is out of date"
    assert sorted(used - set(TEXT)) == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in TEXT), prefix


def test_unknown_language_falls_back_to_swedish_and_unknown_keys_fail():
    assert translate("page_overview", "de") == "Översikt"
    with pytest.raises(KeyError, match="nope"):
        translate("nope", "sv")
