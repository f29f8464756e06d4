"""A meeting slide (`reports.meeting.model.Slide`) as HTML for the projector, and the frame around it:
the stylesheet that hides Streamlit's chrome and the keyboard script, both served from this folder.

Every text is escaped here (people's decisions included): nothing in a slide is markup.
"""

from __future__ import annotations

import base64
from functools import cache
from html import escape
from pathlib import Path

from reports.meeting.model import Card, Cell, Slide, Table

HERE = Path(__file__).resolve().parent


@cache
def stylesheet() -> str:
    return (HERE / "meeting.css").read_text(encoding="utf-8")


@cache
def key_script() -> str:
    return (HERE / "keys.js").read_text(encoding="utf-8")


def _text_colour(background: str) -> str:
    """Dark text on light pills, white on dark ones (WCAG-minded, from the colour's luminance)."""
    value = background.lstrip("#")
    if len(value) != 6:
        return "#1a1a1a"
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.55 else "#1a1a1a"


def pill(cell: Cell) -> str:
    if not cell.colour:
        return escape(cell.text)
    return (f"<span class='km-pill' style='background:{escape(cell.colour)};"
            f"color:{_text_colour(cell.colour)}'>{escape(cell.text)}</span>")


def card_html(card: Card) -> str:
    parts = [f"<div class='km-card-label'>{escape(card.label)}</div>",
             f"<div class='km-card-value'>{escape(card.value)}</div>"]
    if card.detail:
        parts.append(f"<div class='km-card-detail'>{escape(card.detail)}</div>")
    if card.pills:
        parts.append("<div>" + "".join(pill(p) for p in card.pills) + "</div>")
    if card.note:
        parts.append(f"<div class='km-card-note'>{escape(card.note)}</div>")
    return "<div class='km-card'>" + "".join(parts) + "</div>"


#: Cells this short (numbers, dates, "Typ 1") never break across lines.
SHORT = 12


def _cell(cell: Cell) -> str:
    short = " class='km-nowrap'" if len(cell.text) <= SHORT else ""
    return f"<td{short}>{pill(cell)}</td>"


def table_html(table: Table) -> str:
    out = []
    if table.heading:
        out.append(f"<div class='km-table-heading'>{escape(table.heading)}</div>")
    if not table.rows:
        if table.empty:
            out.append(f"<div class='km-empty'>{escape(table.empty)}</div>")
        return "".join(out)
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    out.append(f"<table class='km-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if table.more:
        out.append(f"<div class='km-more'>{escape(table.more)}</div>")
    return "".join(out)


def slide_html(slide: Slide, where: str = "") -> str:
    """The whole step as one block: title (with ``where``, e.g. "2 / 5 · Lika vikter"), lead, cards,
    tables, image and notes."""
    main = []
    if slide.message:
        main.append(f"<div class='km-message'>{escape(slide.message)}</div>")
    if slide.cards:
        main.append("<div class='km-cards'>" + "".join(card_html(c) for c in slide.cards) + "</div>")
    main.extend(table_html(t) for t in slide.tables)
    image = ""
    if slide.image:
        data = base64.b64encode(slide.image).decode("ascii")
        image = (f"<div class='km-{'chart' if slide.image_below else 'image'}'>"
                 f"<img alt='{escape(slide.image_alt)}' src='data:image/png;base64,{data}'></div>")
        if slide.image_below:
            main.append(image)
            image = ""
    notes = "".join(f"<div>{escape(n)}</div>" for n in slide.notes if n)
    return (f"<div class='km-slide' data-step='{slide.step}'>"
            f"<div class='km-titlebar'><h1>{escape(slide.title)}</h1>"
            f"<div class='km-where'>{escape(where)}</div></div>"
            + (f"<div class='km-lead'>{escape(slide.lead)}</div>" if slide.lead else "")
            + f"<div class='km-body'>{image}<div class='km-main'>{''.join(main)}</div></div>"
            + (f"<div class='km-notes'>{notes}</div>" if notes else "")
            + "</div>")
