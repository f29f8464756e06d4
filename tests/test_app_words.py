"""Every page, as a person reads it, in Swedish and in English, on the demo and on the real Malmö package.

Walks everything a page shows (headings, text, captions, notices, metrics, widget labels and options,
table headings and cells) and looks for what a person should never see: an English decimal point in
Swedish mode, "None", "nan", "true/false", or a raw identifier (indicator or level ids, column names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datapackage.store import read_package

APP = "../app.py"
ROOT = Path(__file__).resolve().parents[1]
PAGES = ["pages/oversikt.py", "pages/omradesval.py", "pages/robusthet.py", "pages/uppfoljning.py",
         "pages/insatser.py", "pages/mote.py", "pages/data.py"]

# An English decimal: digits, a point, digits — not part of a longer token such as a version, a file
# name, a code or a date.
ENGLISH_DECIMAL = re.compile(r"(?<![\w.\-/])(?<!ODbL )\d+\.\d+(?![\w.])")
NOT_WORDS = re.compile(r"\b(None|nan|NaN|NaT|<NA>)\b|^(True|False|true|false|null)$")
RAW_COLUMNS = ("area_id", "indicator_id", "_pct", "_sek")


def visible_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(kind, text) for everything the page draws, in the main area and the sidebar."""
    def walk(node) -> Iterator:
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    for root in (at.main, at.sidebar):
        for node in walk(root):
            kind = getattr(node, "type", "")
            if kind == "arrow_data_frame" or kind == "dataframe":
                frame = node.value
                if isinstance(frame, pd.DataFrame):
                    for column in frame.columns:
                        yield "table heading", str(column)
                    for column in frame.columns:
                        for value in frame[column]:
                            shown = "None" if value is None or (isinstance(value, float)
                                                                and value != value) else str(value)
                            yield f"table cell [{column}]", shown
                continue
            for attribute in ("value", "label", "body", "help", "placeholder"):
                value = getattr(node, attribute, None) if attribute != "value" or kind in {
                    "markdown", "caption", "title", "header", "subheader", "text", "alert",
                    "warning", "info", "error", "success", "metric", "exception"} else None
                if isinstance(value, str) and value:
                    yield f"{kind} {attribute}", value
            options = getattr(node, "options", None)
            if isinstance(options, list | tuple) and kind not in {"select_slider", "slider"}:
                for option in options:
                    yield f"{kind} option", str(option)


def problems(at: AppTest, lang: str, ids: set[str]) -> list[str]:
    found = []
    for kind, text in visible_texts(at):
        text = re.sub(r"`[^`]*`", "", text)  # a column name a file must have, shown as code
        if NOT_WORDS.search(text):
            found.append(f"{kind}: {text[:120]!r}")
        if lang == "sv" and ENGLISH_DECIMAL.search(text):
            found.append(f"{kind} (English decimal): {text[:120]!r}")
        words = set(re.findall(r"[a-z][a-z0-9_]*_[a-z0-9_]+|\b[a-z]+\b", text))
        raw = (words & ids) | {c for c in RAW_COLUMNS if c in text}
        if raw:
            found.append(f"{kind} (raw id {sorted(raw)}): {text[:120]!r}")
    return found


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation):
    """AppTest reruns app.py like a server (tests/conftest.py)."""


@pytest.fixture(params=["demo", "malmo"])
def package_path(request, monkeypatch):
    if request.param == "demo":
        monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
        return ROOT / "data" / "demo"
    path = request.getfixturevalue("malmo_package").path
    monkeypatch.setenv("KRAFTSAMLA_DATA", str(path))
    return path


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_reads_as_words_and_numbers(package_path, page, lang):
    package = read_package(package_path)
    # Identifiers a person should never read: underscore ids of indicators and levels (plain one-word
    # ids such as "deso" or "uvas" are also their names, so they are not checked).
    ids = {i for i in [*package.registry.ids, *(lvl.id for lvl in package.manifest.levels)]
           if "_" in i}
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.session_state["identity_person"] = "Anna Andersson"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    found = problems(at, lang, ids)
    assert not found, "\n".join(dict.fromkeys(found))
