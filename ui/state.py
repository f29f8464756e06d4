"""The shared sidebar and the selections every page reads (package, level, year, language).

Selections live in `st.session_state` and round-trip through the URL query string, so a copied link
opens the same package, level, year and language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from datapackage.catalog import PackageRef, discover_packages
from datapackage.problems import ImportRefused
from datapackage.store import DataPackage
from indicators import columns as c
from ui.loaders import load_package
from ui.text import LANGUAGES, translate

UPLOAD_KEY = "upload"
_LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


def lang() -> str:
    return st.session_state.get("lang", "sv")


def t(key: str, **values: object) -> str:
    """UI text in the current language."""
    return translate(key, lang(), **values)


def labels_for(options: Iterable[object], label: Callable[[object], str]) -> Callable[[object], str]:
    """A widget's ``format_func`` with every label computed now, in this run's language.

    Streamlit may call ``format_func`` outside the script run (AppTest does), where the session's
    language cannot be read; labels computed up front are always in the language shown.
    """
    return {option: label(option) for option in options}.__getitem__


@dataclass(frozen=True)
class Selection:
    """What the sidebar selected. ``cache_key`` identifies the package for cached derived data."""

    package: DataPackage
    cache_key: str
    level: str
    year: int
    lang: str


def _init_from_url() -> None:
    params = st.query_params
    for key in ("package", "level", "lang"):
        if key in params:
            st.session_state.setdefault(key, params[key])
    if "year" in params and params["year"].isdigit():
        st.session_state.setdefault("year", int(params["year"]))
    st.session_state.setdefault("lang", "sv")
    if st.session_state["lang"] not in LANGUAGES:
        st.session_state["lang"] = "sv"


def _package_options() -> dict[str, PackageRef | None]:
    options: dict[str, PackageRef | None] = {ref.key: ref for ref in discover_packages()}
    if "uploaded_package" in st.session_state:
        options[UPLOAD_KEY] = None
    return options


def _open(key: str, ref: PackageRef | None) -> tuple[DataPackage, str]:
    if ref is None:
        return st.session_state["uploaded_package"], f"upload:{st.session_state['upload_id']}"
    return load_package(str(ref.path)), str(ref.path)


def _default_year(package: DataPackage, level: str) -> int:
    """The latest year with index or follow-up values at the level (population-only years, such as a
    newer population count, would open the pages on a year with nothing to rank)."""
    t = package.indicators
    rows = t[t[c.LEVEL] == level]
    programme = rows[rows[c.INDICATOR].isin(
        [*package.registry.index_ids, package.registry.follow_up.id]) & rows[c.VALUE].notna()]
    years = (programme if len(programme) else rows)[c.YEAR].unique()
    return int(years.max()) if len(years) else int(max(package.manifest.years))


_this_run = threading.local()


ROUTER = Path(__file__).resolve().parents[1] / "app.py"


def leave_legacy_pages_mode(page_run: bool = False) -> None:
    """Rerun at once if Streamlit started this run in its old ``pages/``-folder mode.

    A fresh server decides once, at its first session, whether the app uses the legacy multipage mode,
    by looking for a folder called ``pages`` next to the main script. Ours is there for the design's
    sake while `app.py` routes with `st.navigation`, so that first run would show a file-name page list
    and skip `st.set_page_config`. Streamlit clears the flag itself when `st.navigation` runs; clearing
    it here and rerunning makes even the very first page load look like every later one.

    ``page_run``: a page is running without `app.py` having run first. Sessions that open at the same
    moment on a fresh server all start in the old mode, but only the first one sees the flag set; the
    others know it from this and rerun too (through `app.py`, now that the flag is cleared).
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    ctx = get_script_run_ctx()
    if page_run and ctx is not None and Path(ctx.main_script_path).resolve() == ROUTER:
        st.rerun()


def page_selection() -> Selection | None:
    """The selection for the page being run; each page calls this first.

    Normally `app.py` has drawn the sidebar earlier in the same run. Streamlit still has its old
    ``pages/``-folder mode, in which a page can be run without `app.py` (the first run of a fresh server
    opened on a deep link, and AppTest reruns); then the sidebar is drawn here so it is never missing.
    """
    drawn = getattr(_this_run, "drawn", False)
    _this_run.drawn = False
    if drawn:
        return _this_run.selection
    leave_legacy_pages_mode(page_run=True)
    return sidebar()


def sidebar() -> Selection | None:
    """Draw the shared sidebar and return the selection (None when no package can be opened)."""
    selection = _draw_sidebar()
    _this_run.drawn, _this_run.selection = True, selection
    return selection


def _draw_sidebar() -> Selection | None:
    _init_from_url()
    st.sidebar.radio(
        translate("sidebar_language", "sv") + " / Language", LANGUAGES, key="lang",
        format_func=_LANGUAGE_NAMES.__getitem__, horizontal=True,
    )
    options = _package_options()
    if not options:
        st.error(t("no_packages"))
        return None
    if st.session_state.get("package") not in options:
        st.session_state["package"] = next(iter(options))
    st.sidebar.selectbox(
        t("sidebar_package"), list(options), key="package",
        format_func=labels_for(options, lambda k: t("uploaded_package") if options[k] is None
                               else options[k].name),
    )
    key = st.session_state["package"]
    try:
        package, cache_key = _open(key, options[key])
    except ImportRefused as refused:
        st.error(t("package_error", name=key))
        for problem in refused.problems:
            st.markdown(f"- {problem.describe(lang())}")
        return None
    manifest = package.manifest
    levels = [lv.id for lv in manifest.map_levels]
    if st.session_state.get("level") not in levels:
        st.session_state["level"] = levels[0]
    st.sidebar.selectbox(t("sidebar_level"), levels, key="level",
                         format_func=labels_for(levels, lambda lv: manifest.level(lv).name(lang())))
    level = st.session_state["level"]
    years = sorted(manifest.years, reverse=True)
    if st.session_state.get("year") not in years:
        st.session_state["year"] = _default_year(package, level)
    st.sidebar.selectbox(t("sidebar_year"), years, key="year")
    if manifest.demo:
        st.sidebar.warning(t("demo_banner"), icon="🧪")
    st.sidebar.caption(manifest.attribution)
    selection = Selection(package, cache_key, level, int(st.session_state["year"]), lang())
    st.query_params.update(
        {"package": key, "level": level, "year": str(selection.year), "lang": selection.lang})
    return selection
