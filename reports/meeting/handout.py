"""The meeting's handout: the same steps as the Möte page, one A4 landscape page each, with the date,
the data package, the proposal (scenario) and the source on every page.

Made with matplotlib like the report pack (`reports.pack`); no browser, no streamlit. The secretary
downloads it on the Möte page or runs ``python -m cli meeting-pack``.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from i18n.catalogue import translate
from reports.meeting.model import Card, Slide, Table

A4_LANDSCAPE = (11.69, 8.27)
LEFT, RIGHT = 0.05, 0.95
GREY = "#333333"


@dataclass(frozen=True)
class HandoutInfo:
    """What every page's footer says: date, package, scenario (proposal) and source."""

    package: str
    scenario: str
    date_text: str
    source: str
    lang: str = "sv"


def _ink(colour: str) -> str:
    value = colour.lstrip("#")
    if len(value) != 6:
        return "#1a1a1a"
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.55 else "#1a1a1a"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=max(width, 4), break_long_words=False)) or text


def _chars(width: float, size: float) -> int:
    """About how many characters of ``size`` points fit in ``width`` (a fraction of the page)."""
    return max(int(width * A4_LANDSCAPE[0] * 72 / (0.62 * size)), 4)


def _height(lines: int, size: float) -> float:
    """The height (fraction of the page) of ``lines`` lines of ``size`` points."""
    return lines * size * 1.3 / (A4_LANDSCAPE[1] * 72)


def _block(fig: plt.Figure, x: float, y: float, text: str, size: float, width: float,
           **style) -> float:
    """Wrapped text from ``y`` down; returns the y below it."""
    wrapped = _wrap(text, _chars(width, size))
    fig.text(x, y, wrapped, fontsize=size, va="top", **style)
    return y - _height(wrapped.count("\n") + 1, size) - 0.006


def _cards(fig: plt.Figure, cards: Sequence[Card], x0: float, x1: float, top: float) -> float:
    """Draw the cards side by side from ``top`` down; returns the y below them."""
    gap = 0.02
    width = (x1 - x0 - gap * (len(cards) - 1)) / len(cards)
    lowest = top
    for k, card in enumerate(cards):
        x = x0 + k * (width + gap)
        y = _block(fig, x, top, card.label, 11, width, weight="bold")
        fig.text(x, y, card.value, fontsize=28, weight="bold", va="top")
        y -= _height(1, 28) + 0.004
        if card.detail:
            y = _block(fig, x, y, card.detail, 10, width, color=GREY)
        for pill in card.pills:
            y = _block(fig, x, y - 0.004, pill.text, 10, width, weight="bold",
                       color=_ink(pill.colour or ""),
                       bbox={"boxstyle": "round,pad=0.25", "facecolor": pill.colour or "white",
                             "edgecolor": "none"}) - 0.006
        if card.note:
            y = _block(fig, x, y, card.note, 9, width, color=GREY)
        lowest = min(lowest, y)
    return lowest - 0.02


def _table(fig: plt.Figure, table: Table, x0: float, x1: float, top: float,
           floor: float) -> float:
    """Draw a headed table from ``top`` down (wrapped cells, status cells coloured; smaller type
    when it would reach below ``floor``); returns the y below it."""
    y = top
    if table.heading:
        fig.text(x0, y, table.heading, fontsize=13, weight="bold", va="top")
        y -= 0.04
    if not table.rows:
        if table.empty:
            fig.text(x0, y, table.empty, fontsize=11, va="top", style="italic", color=GREY)
            y -= 0.04
        return y
    n_cols = len(table.headers)
    lengths = [max([len(h) for h in [table.headers[i]]] + [len(r[i].text) for r in table.rows])
               for i in range(n_cols)]
    words = [max(len(w) for w in h.split()) if h.split() else 4 for h in table.headers]
    weights = [min(max(n, words[i] + 4, 8), 45) for i, n in enumerate(lengths)]
    widths = [w / sum(weights) for w in weights]
    size = 10.0
    for _attempt in range(4):
        total_chars = _chars(x1 - x0, size) - 2 * n_cols
        chars = [max(int(w * total_chars), 4) for w in widths]
        header = [_wrap(h, max(chars[i] - 3, 4)) for i, h in enumerate(table.headers)]
        rows = [[_wrap(cell.text, chars[i]) for i, cell in enumerate(row)] for row in table.rows]
        lines = [max(t.count("\n") + 1 for t in header)] + [max(t.count("\n") + 1 for t in r)
                                                             for r in rows]
        line_h = _height(1, size) + 0.002
        height = sum(lines) * line_h + 0.01 * len(lines)
        if y - height >= floor + (0.04 if table.more else 0) or size <= 7:
            break
        size -= 1
    ax = fig.add_axes((x0, y - height, x1 - x0, height))
    ax.axis("off")
    drawn = ax.table(cellText=rows, colLabels=header, colWidths=widths, loc="upper left",
                     cellLoc="left")
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(size)
    for (r, col), cell in drawn.get_celld().items():
        cell.set_height((lines[r] * line_h + 0.01) / height)
        cell.set_edgecolor("#cccccc")
        cell.get_text().set_va("center")
        if r == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor("#eef3f7")
        else:
            colour = table.rows[r - 1][col].colour
            if colour:
                cell.set_facecolor(colour)
                cell.get_text().set_color(_ink(colour))
                cell.get_text().set_weight("bold")
    y -= height + 0.015
    if table.more:
        fig.text(x0, y, table.more, fontsize=10, va="top", style="italic", color=GREY)
        y -= 0.035
    return y


def _page(slide: Slide, info: HandoutInfo, total: int) -> plt.Figure:
    lang = info.lang
    fig = plt.figure(figsize=A4_LANDSCAPE)
    fig.text(LEFT, 0.955, translate("meeting_handout_title", lang), fontsize=10, color=GREY, va="top")
    fig.text(LEFT, 0.925, slide.title, fontsize=20, weight="bold", va="top")
    y = 0.86
    if slide.lead:
        fig.text(LEFT, y, _wrap(slide.lead, 150), fontsize=11, va="top", color=GREY)
        y -= 0.05
    x0 = 0.49 if slide.image and not slide.image_below else LEFT
    if slide.message:
        fig.text(x0, y, _wrap(slide.message, 110), fontsize=14, va="top")
        y -= 0.08
    notes = [n for n in slide.notes if n]
    bottom = 0.075
    for note in reversed(notes):
        text = _wrap(note, _chars(RIGHT - LEFT, 9))
        fig.text(LEFT, bottom, text, fontsize=9, color=GREY, va="bottom")
        bottom += _height(text.count("\n") + 1, 9) + 0.004
    if slide.image and not slide.image_below:
        ax = fig.add_axes((LEFT, bottom + 0.01, 0.42, y - bottom - 0.02))
        ax.imshow(mpimg.imread(io.BytesIO(slide.image), format="png"))
        ax.axis("off")
        ax.set_anchor("N")
    if slide.cards:
        y = _cards(fig, slide.cards, x0, RIGHT, y)
    for table in slide.tables:
        y = _table(fig, table, x0, RIGHT, y, bottom + 0.01)
    if slide.image and slide.image_below and y - bottom > 0.1:
        ax = fig.add_axes((LEFT, bottom + 0.01, RIGHT - LEFT, y - bottom - 0.02))
        ax.imshow(mpimg.imread(io.BytesIO(slide.image), format="png"))
        ax.axis("off")
        ax.set_anchor("W")
    footer = translate("meeting_handout_footer", lang, date=info.date_text, package=info.package,
                       scenario=info.scenario, source=info.source)
    fig.text(LEFT, 0.03, _wrap(footer, 170), fontsize=8, color=GREY)
    fig.text(RIGHT, 0.03, translate("meeting_page", lang, n=slide.step, total=total), fontsize=8,
             ha="right", color=GREY)
    return fig


def handout_pdf(slides: Sequence[Slide], info: HandoutInfo) -> bytes:
    """The handout: one A4 landscape page per slide, in order."""
    buffer = io.BytesIO()
    title = f"{translate('meeting_handout_title', info.lang)} {info.date_text}"
    with PdfPages(buffer, metadata={"Title": title, "CreationDate": None, "ModDate": None}) as pdf:
        for slide in slides:
            fig = _page(slide, info, len(slides))
            pdf.savefig(fig)
            plt.close(fig)
    return buffer.getvalue()
