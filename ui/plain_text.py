"""User text shown as typed in markdown (`plain`), without importing the shared store: the first
page (Översikt) uses it, and `ui.history` (which imports SQLAlchemy and Alembic) re-exports it."""

from __future__ import annotations

import re


def plain(text: object) -> str:
    """``text`` for `st.markdown` with every markdown character escaped, so it is shown as typed: no
    images, links or autolinks (``:``, ``.`` and ``@`` are escaped too, which breaks ``http://``,
    ``www.`` and e-mail autolinks; ``$`` starts no formula)."""
    out = str(text)
    for char in "\\`*_{}[]<>()#+-.!|~:@=&$":
        out = out.replace(char, "\\" + char)
    # GitHub-style autolinks see "http://", "www." and "name@host" even through escapes: a word
    # joiner (invisible, U+2060) keeps them apart.
    return _AUTOLINK.sub(lambda m: m.group(0)[:-2] + WORD_JOINER + m.group(0)[-2:], out)


WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|mailto|file|www|xmpp)\\[:.@]|\w\\@")
