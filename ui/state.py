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
from datapackage.store import DataPackage
from i18n.catalogue import LANGUAGES, translate
from indicators.scenario import LinkNote, quoted
from model.problems import ImportRefused
from ui.loaders import load_package

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
    """What the sidebar selected.

    ``package_key`` is the package's key in the picker (stored scenarios and targets are kept under
    it); ``cache_key`` identifies the package for cached derived data.
    """

    package: DataPackage
    cache_key: str
    level: str
    year: int
    lang: str
    package_key: str = ""


def _init_from_url() -> list[LinkNote]:
    """Take package, level, year and language from the link, once per session; notes on the parts
    that cannot be used (they are dropped, never raised)."""
    if st.session_state.get("_url_read"):
        return []
    st.session_state["_url_read"] = True
    params, notes = st.query_params, []
    for key in ("package", "level", "lang"):
        if key in params:
            st.session_state.setdefault(key, params[key])
    year = str(params.get("year", ""))
    if len(year) == 4 and year.isdigit():  # never int() of thousands of digits from a link
        st.session_state.setdefault("year", int(year))
    elif year:
        notes.append(LinkNote("year_not_a_year", {"value": quoted(year)}))
    st.session_state.setdefault("lang", "sv")
    if st.session_state["lang"] not in LANGUAGES:
        notes.append(LinkNote("part_unknown", {"part": "lang",
                                               "value": quoted(st.session_state["lang"])}))
        st.session_state["lang"] = "sv"
    return notes


def _unknown_in_link(key: str, valid: Iterable[str], notes: list[LinkNote]) -> None:
    """A package or level from the link that is not there: noted, and the default is used."""
    value = st.session_state.get(key)
    if value is not None and value not in valid and st.query_params.get(key) == value:
        notes.append(LinkNote("part_unknown", {"part": key, "value": quoted(value)}))


def _package_options() -> dict[str, PackageRef | None]:
    options: dict[str, PackageRef | None] = {ref.key: ref for ref in discover_packages()}
    if "uploaded_package" in st.session_state:
        options[UPLOAD_KEY] = None
    return options


def _open(key: str, ref: PackageRef | None) -> tuple[DataPackage, str]:
    if ref is None:
        return st.session_state["uploaded_package"], f"upload:{st.session_state['upload_key']}"
    return load_package(str(ref.path)), str(ref.path)


def default_level(package: DataPackage) -> str:
    """The map level whose best year has the most index indicators (ties: the finest level).

    On the real Malmö package this opens RegSO, where UVAS and most index indicators are published,
    rather than DeSO, where only one is.
    """
    best = {lv.id: max((len(ids) for ids in package.index_coverage(lv.id).values()), default=-1)
            for lv in package.manifest.map_levels}
    return max(best, key=lambda lv: (best[lv], -list(best).index(lv)))


def default_year(coverage: dict[int, tuple[str, ...]], fallback: Iterable[int]) -> int:
    """The latest year with the most index indicators at a level (``coverage`` from
    `DataPackage.index_coverage`); without any, the latest of ``fallback``."""
    if coverage:
        return max(coverage, key=lambda year: (len(coverage[year]), year))
    return int(max(fallback))


def show_year(year: int) -> None:
    """Widget callback: switch the shared year (runs before the sidebar is drawn again)."""
    st.session_state["year"] = year


def offer_nearest_year(message: str, years: Iterable[int], year: int, key: str) -> None:
    """Say why a page has nothing to show this year and offer the nearest year that has data."""
    st.info(message)
    nearest = nearest_year([y for y in years if y != year], year)
    if nearest is not None:
        st.button(t("show_year", year=nearest), key=key, on_click=show_year, args=(nearest,),
                  type="primary")


def nearest_year(years: Iterable[int], year: int) -> int | None:
    """The year in ``years`` closest to ``year`` (ties: the later one), or None when there is none."""
    years = list(years)
    return min(years, key=lambda y: (abs(y - year), -y)) if years else None


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
    from ui.access import sign_in_gate  # ui.access uses this module's `t`

    if sign_in_gate():  # run without app.py: the same sign-in page, never the page itself
        st.stop()
    return sidebar()


def sidebar() -> Selection | None:
    """Draw the shared sidebar and return the selection (None when no package can be opened)."""
    selection = _draw_sidebar()
    _this_run.drawn, _this_run.selection = True, selection
    return selection


def _draw_sidebar() -> Selection | None:
    notes = _init_from_url()
    st.sidebar.radio(
        translate("sidebar_language", "sv") + " / Language", LANGUAGES, key="lang",
        format_func=_LANGUAGE_NAMES.__getitem__, horizontal=True,
    )
    options = _package_options()
    if not options:
        st.error(t("no_packages"))
        return None
    if st.session_state.get("package") not in options:
        _unknown_in_link("package", options, notes)
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
        _unknown_in_link("level", levels, notes)
        st.session_state["level"] = default_level(package)
    st.sidebar.selectbox(t("sidebar_level"), levels, key="level",
                         format_func=labels_for(levels, lambda lv: manifest.level(lv).name(lang())))
    level = st.session_state["level"]
    # Only years with something to show at this level, each with how many index indicators it has.
    coverage = package.index_coverage(level)
    years = sorted(coverage or manifest.years, reverse=True)
    n_index = len(package.programme_index_ids)
    if st.session_state.get("year") not in years:
        previous = st.session_state.get("year")
        st.session_state["year"] = default_year(coverage, manifest.years)
        if previous is not None:
            st.sidebar.caption(t("year_moved", old=previous, new=st.session_state["year"],
                                 level=manifest.level(level).name(lang())))
    st.sidebar.selectbox(
        t("sidebar_year"), years, key="year",
        format_func=labels_for(years, lambda y: t("year_option", year=y, n=len(coverage[y]),
                                                  total=n_index) if y in coverage else str(y)))
    for note in notes:
        st.sidebar.warning(t(f"link_{note.code}", **note.params))
    if manifest.demo:
        st.sidebar.warning(t("demo_banner"), icon="🧪")
    st.sidebar.caption(manifest.attribution)
    # Scenarios and targets made on an upload are stored under a key of that upload's own content,
    # never under one shared by every visitor's uploads.
    package_key = f"upload-{st.session_state['upload_key']}" if key == UPLOAD_KEY else key
    selection = Selection(package, cache_key, level, int(st.session_state["year"]), lang(),
                          package_key)
    st.query_params.update(
        {"package": key, "level": level, "year": str(selection.year), "lang": selection.lang})
    return selection
