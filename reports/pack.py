"""The report pack: one PDF per saved scenario, regenerated exactly from the scenario.

Pages: the index map with the proposed areas; the weights and methods in words with the proposed areas
and their key figures; the ranking; and, when targets are set, the follow-up status table and one chart
per indicator. Swedish by default. No browser and no streamlit: the CLI and the app call `report_pack`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.ticker import MaxNLocator

from datapackage.store import DataPackage
from geo.export import MapSpec, render_map
from i18n.catalogue import translate
from i18n.numbers import number
from indicators.index import RANK, SCORE, contribution_column
from indicators.progress import CITY, PROPOSED, REST, group_series, status_table
from indicators.scenario import Scenario
from indicators.selection import describe
from indicators.targets import CHECKPOINTS, Target, resolve_target
from model import columns as c
from persistence.records import Insats
from reports.participation_words import summary_table
from reports.wording import index_composition
from services.scenario import ScenarioResult, evaluate_scenario

A4_LANDSCAPE = (11.69, 8.27)
RANKING_ROWS = 30

TEXT = {
    "sv": {
        "title": "Förslag till kraftsamlingsområden", "map": "Behovsindex och föreslagna områden",
        "choices": "Så togs förslaget fram", "weights": "Vikter", "norm": "Normering",
        "agg": "Sammanvägning", "rule": "Urvalsregel", "level": "Områdesnivå", "year": "År",
        "proposals": "Föreslagna områden", "ranking": "Rangordning (de {n} med störst behov)",
        "followup": "Uppföljning mot målen {year}",
        "no_targets": "Inga mål är satta; uppföljningssidan ingår inte.",
        "cols_prop": ["Förslag", "Namn", "Områden", "Folkmängd", "Unga", "UVAS (%)", "Medelindex"],
        "cols_rank": ["Rang", "Område", "Index"],
        "cols_status": ["Indikator", "Status", "Senaste", "Mål", "Takt som krävs", "Faktisk takt"],
        "groups": {PROPOSED: "Föreslagna områden", REST: "Övriga staden", CITY: "Hela staden"},
        "demo": "Demodata – fiktiv stad", "legend": "Index (0–100)", "unit": "poäng",
        "page": "Sida",
    },
    "en": {
        "title": "Proposed areas for concerted efforts", "map": "Need index and proposed areas",
        "choices": "How the proposal was made", "weights": "Weights", "norm": "Normalisation",
        "agg": "Aggregation", "rule": "Selection rule", "level": "Area level", "year": "Year",
        "proposals": "Proposed areas", "ranking": "Ranking (the {n} with the greatest need)",
        "followup": "Follow-up against the {year} targets",
        "no_targets": "No targets are set; the follow-up page is left out.",
        "cols_prop": ["Proposal", "Name", "Areas", "Population", "Youth", "NEET (%)", "Mean index"],
        "cols_rank": ["Rank", "Area", "Index"],
        "cols_status": ["Indicator", "Status", "Latest", "Target", "Required pace", "Observed pace"],
        "groups": {PROPOSED: "Proposed areas", REST: "Rest of the city", CITY: "Whole city"},
        "demo": "Demo data – fictitious city", "legend": "Index (0–100)", "unit": "points",
        "page": "Page",
    },
}
NORM_TEXT = {
    "sv": {"min_max": "min–max (0 = bäst, 1 = sämst område)", "z_score": "z-värde",
           "percentile_rank": "percentilrang", "distance_to_city": "avstånd till stadens värde",
           "arithmetic": "aritmetiskt medelvärde", "geometric": "geometriskt medelvärde"},
    "en": {"min_max": "min–max (0 = best, 1 = worst area)", "z_score": "z-score",
           "percentile_rank": "percentile rank", "distance_to_city": "distance to the city value",
           "arithmetic": "arithmetic mean", "geometric": "geometric mean"},
}


@dataclass(frozen=True)
class PackInputs:
    """What a pack is made from: the package, the saved scenario, and any targets set for it; with
    ``insatser`` (and the boards' names in the pack's language) a page on young people's
    participation is added."""

    package: DataPackage
    scenario: Scenario
    targets: Mapping[str, Target]
    date_text: str
    lang: str = "sv"
    insatser: Sequence[Insats] = ()
    board_names: Mapping[str, str] | None = None


def _num(value: float, lang: str, decimals: int = 1) -> str:
    return number(value, lang, decimals)


def _page(pdf: PdfPages, title: str, footer: str, lang: str) -> plt.Figure:
    """A new A4 landscape page, numbered after the pages already in ``pdf``."""
    number = pdf.get_pagecount() + 1
    fig = plt.figure(figsize=A4_LANDSCAPE)
    fig.text(0.05, 0.94, title, fontsize=18, weight="bold")
    fig.text(0.05, 0.03, footer, fontsize=8, color="#444444")
    fig.text(0.95, 0.03, f"{TEXT[lang]['page']} {number}", fontsize=8, ha="right", color="#444444")
    return fig


def _table(fig: plt.Figure, rect: tuple[float, float, float, float], header: list[str],
           rows: list[list[str]], font: int = 9, widths: Sequence[float] | None = None) -> None:
    ax = fig.add_axes(rect)
    ax.axis("off")
    if not rows:
        return
    table = ax.table(cellText=rows, colLabels=header, loc="upper left", cellLoc="left",
                     colWidths=None if widths is None else list(widths))
    table.auto_set_font_size(False)
    table.set_fontsize(font)
    table.scale(1, 1.3)
    for (row, _col), cell in table.get_celld().items():
        cell.set_edgecolor("#cccccc")
        if row == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor("#eef3f7")


def report_pack(inputs: PackInputs, result: ScenarioResult | None = None) -> bytes:
    """The PDF for ``inputs.scenario`` (evaluated here unless ``result`` is given)."""
    package, scenario, lang = inputs.package, inputs.scenario, inputs.lang
    text, registry, manifest = TEXT[lang], package.registry, package.manifest
    result = result or evaluate_scenario(package, scenario)
    footer = f"{manifest.attribution} · {inputs.date_text}" + (
        f" · {text['demo']}" if manifest.demo else "")
    level_name = manifest.level(scenario.level).name(lang)
    title = f"{text['title']}: {scenario.name}" if scenario.name else text["title"]
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": title, "CreationDate": None, "ModDate": None}) as pdf:
        # 1. The map.
        fig = _page(pdf, title, footer, lang)
        composition = index_composition(result, registry, lang)
        png = render_map(package.areas_at(scenario.level), result.index[SCORE], MapSpec(
            title=text["map"], subtitle=f"{level_name} · {scenario.year}",
            legend_title=text["legend"], unit=text["unit"], attribution=manifest.attribution,
            date_text=inputs.date_text, demo=manifest.demo, lang=lang,
            notes=(translate("index_made_of", lang, parts=composition),)),
            fmt="png", proposals=result.proposals, land=package.land, width_px=2200, dpi=200)
        ax = fig.add_axes((0.05, 0.07, 0.9, 0.84))
        ax.imshow(mpimg.imread(io.BytesIO(png), format="png"))
        ax.axis("off")
        pdf.savefig(fig)
        plt.close(fig)

        # 2. The choices in words and the proposed areas.
        fig = _page(pdf, text["choices"], footer, lang)
        lines = [
            f"{text['level']}: {level_name} · {text['year']}: {scenario.year}",
            f"{text['weights']}: {composition}",
            f"{text['norm']}: {NORM_TEXT[lang][scenario.normalisation]}",
            f"{text['agg']}: {NORM_TEXT[lang][scenario.aggregation]}",
            f"{text['rule']}: {describe(scenario.selection_rule, lang)}",
        ]
        if not any(package.years_for(i, scenario.level) for i in inputs.targets):
            lines.append(text["no_targets"])
        for n, line in enumerate(lines):
            fig.text(0.05, 0.86 - n * 0.045, line, fontsize=11, wrap=True)
        fig.text(0.05, 0.58, text["proposals"], fontsize=14, weight="bold")
        p = result.proposals
        rows = [[pid, name, str(n), _num(pop, lang, 0), _num(youth, lang, 0), _num(uvas, lang),
                 _num(mean, lang)] for pid, name, n, pop, youth, uvas, mean in zip(
            p["proposal_id"], p["name_en" if lang == "en" else c.NAME], p["n_members"],
            p["population"], p["youth"], p["uvas"], p["mean_index"], strict=True)]
        _table(fig, (0.05, 0.08, 0.9, 0.48), text["cols_prop"], rows)
        pdf.savefig(fig)
        plt.close(fig)

        # 3. The ranking.
        fig = _page(pdf, text["ranking"].format(n=RANKING_ROWS), footer, lang)
        ranked = result.index[result.index[SCORE].notna()].sort_values(RANK).head(RANKING_ROWS)
        header = [*text["cols_rank"], *(registry.get(i).short(lang) for i in result.weighted_ids)]
        rows = [[str(int(r[RANK])), str(r[c.NAME]), _num(r[SCORE], lang),
                 *(_num(r[contribution_column(i)], lang) for i in result.weighted_ids)]
                for _, r in ranked.iterrows()]
        _table(fig, (0.05, 0.06, 0.9, 0.84), header, rows, font=8)
        pdf.savefig(fig)
        plt.close(fig)

        # 4. The follow-up, when targets are set.
        _followup_pages(pdf, inputs, result, footer)

        # 5. Young people's participation, when insatser are given.
        if inputs.insatser:
            _participation_page(pdf, inputs, footer)
    return buffer.getvalue()


def _followup_pages(pdf: PdfPages, inputs: PackInputs, result: ScenarioResult, footer: str) -> None:
    package, scenario, lang = inputs.package, inputs.scenario, inputs.lang
    text, registry = TEXT[lang], package.registry
    selected = list(result.index.index[result.index["selected"]])
    series = {i: group_series(package.indicators, scenario.level, i, selected,
                              is_share=registry.get(i).is_share)
              for i in inputs.targets if package.years_for(i, scenario.level)}
    checkpoint = CHECKPOINTS[0]
    if not series:
        return  # no page of "no targets": page 2 says so in one line
    fig = _page(pdf, text["followup"].format(year=checkpoint), footer, lang)
    targets = {i: inputs.targets[i] for i in series}
    table = status_table(series, targets, {i: registry.get(i).direction for i in series},
                         checkpoint, lang=lang)
    rows = [[registry.get(r[c.INDICATOR]).short(lang), r["label"], _num(r["latest_value"], lang),
             _num(r["target_value"], lang), _num(r["required_annual_change"], lang, 2),
             _num(r["observed_annual_change"], lang, 2)] for _, r in table.iterrows()]
    _table(fig, (0.05, 0.5, 0.9, 0.38), text["cols_status"], rows)
    colours = {PROPOSED: "#0072B2", REST: "#E69F00", CITY: "#555555"}
    n = len(series)
    for k, (ident, frame) in enumerate(series.items()):
        ax = fig.add_axes((0.05 + k * 0.9 / n, 0.09, 0.9 / n - 0.03, 0.32))
        for group, colour in colours.items():
            ax.plot(frame.index, frame[group], color=colour, marker="o", markersize=2,
                    label=text["groups"][group])
        target = targets[ident]
        rest_base = frame[REST].get(target.baseline_year)
        for year in CHECKPOINTS:
            try:
                ax.plot([year], [resolve_target(target, year, rest_base)], marker="D",
                        color="#CC79A7")
            except ValueError:
                continue
        ax.set_title(registry.get(ident).short(lang), fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=7)
        if k == 0:
            ax.legend(fontsize=6, loc="best")
    pdf.savefig(fig)
    plt.close(fig)


def _participation_page(pdf: PdfPages, inputs: PackInputs, footer: str) -> None:
    """Per board and for the whole effort: the share of insatser where young people took part in
    design and in decisions (counts below 5 as "färre än 5"), with Shier's ladder explained."""
    lang = inputs.lang
    fig = _page(pdf, translate("participation_pack_title", lang), footer, lang)
    fig.text(0.05, 0.86, translate("participation_summary_help", lang), fontsize=10, wrap=True)
    table = summary_table(inputs.insatser, inputs.board_names or {}, lang)
    _table(fig, (0.05, 0.2, 0.9, 0.58), list(table.columns), table.astype(str).values.tolist(),
           widths=(0.32, 0.1, 0.2, 0.22, 0.16))
    fig.text(0.05, 0.12, translate("participation_help", lang), fontsize=8, wrap=True)
    pdf.savefig(fig)
    plt.close(fig)
