"""SCB's correspondence between DeSO 2018 and DeSO 2025 ("nyckel"), and a fallback from the codes.

Years up to 2023 are published on DeSO 2018 codes, later years on DeSO 2025. SCB publishes the
relation as a file on its DeSO page. The connector reads that page (`DESO_PAGE_URL`), follows the
link to the key (a CSV or XLSX whose name or link text mentions DeSO, 2018 and 2025), and caches
both like every other answer; ``--deso-key`` names another file or URL. The file is read
tolerantly: the header row is the first with a DeSO 2018 and a DeSO 2025 column (and, when present,
RegSO 2020 and RegSO 2025 columns), so a differently ordered or worded SCB file still works.

When no key can be had (no link on the page, a 404, an unreadable file), `key_from_code_rule`
approximates it from SCB's code rule: a DeSO 2025 code equal to a DeSO 2018 code is that area; a
code whose last digit differs from a 2018 code ending in 0 is one of its parts (``1280C1170`` →
``1280C1171``, ``1280C1172``). The manifest says which one was used.

UNVERIFIED: the key file's exact address and layout (no public copy was found); the page address is
SCB's DeSO page.

Never imports streamlit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pandas as pd

from datapackage.scb.carry import NEW, OLD, CorrespondenceError
from datapackage.scb.client import QueryRefused, ScbClient, TableMissing
from model.problems import Problem, Severity

DESO_PAGE_URL = ("https://www.scb.se/hitta-statistik/regional-statistik-och-kartor/"
                 "regionala-indelningar/deso---demografiska-statistikomraden/")
REGSO_OLD, REGSO_NEW = "regso_old", "regso_new"
#: Where a key came from (recorded in the manifest's sources).
FROM_SCB, FROM_CODE_RULE = "scb", "code_rule"
WHERE = "SCB nyckel DeSO 2018–2025"
_DESO = re.compile(r"^\d{4}[A-C]\d{4}$")
_REGSO = re.compile(r"^\d{4}R\d{3}$")


@dataclass(frozen=True)
class DesoKey:
    """Pairs of DeSO 2018 (``old``) and DeSO 2025 (``new``) codes, with the RegSO 2020 and 2025 codes
    of each side where the source gives them (``regso_old``, ``regso_new``)."""

    pairs: pd.DataFrame
    origin: str
    url: str | None = None

    def for_kommun(self, kommun: str) -> DesoKey:
        rows = self.pairs[self.pairs[OLD].str.startswith(kommun) | self.pairs[NEW].str.startswith(kommun)]
        return DesoKey(rows.reset_index(drop=True), self.origin, self.url)


def find_key_link(html: str, page_url: str = DESO_PAGE_URL) -> str | None:
    """The address of the DeSO 2018–2025 key linked from SCB's DeSO page, if any.

    A link qualifies when it points to a CSV or Excel file and its address or text mentions DeSO,
    2018 and 2025; one that also says "nyckel", "koppling" or "förändring" is preferred.
    """
    best: tuple[int, str] | None = None
    for href, text in re.findall(r"<a\s[^>]*?href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", html,
                                 flags=re.IGNORECASE | re.DOTALL):
        label = re.sub(r"<[^>]+>", " ", text)
        blob = f"{href} {label}".lower()
        if not re.search(r"\.(xlsx|xls|csv)(\?|#|$)", href.lower()):
            continue
        if "deso" not in blob or "2018" not in blob or "2025" not in blob:
            continue
        score = 1 + any(word in blob for word in ("nyckel", "koppling", "förändring", "forandring"))
        if best is None or score > best[0]:
            best = (score, urljoin(page_url, href.strip()))
    return best[1] if best else None


def _rows(content: bytes) -> list[list[str]]:
    if content[:2] == b"PK":  # an Excel workbook (a zip file)
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [["" if v is None else str(v).strip() for v in row]
                for row in sheet.iter_rows(values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    head = text[:8192]
    delimiter = max(";,\t", key=head.count)  # Swedish files mostly use ";"
    return [[cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _column(header: list[str], pattern: str) -> int | None:
    for i, cell in enumerate(header):
        if re.search(pattern, re.sub(r"[\s_\-–]", "", cell.lower())):
            return i
    return None


def _is_header(row: list[str]) -> bool:
    """A row with separate DeSO 2018 and DeSO 2025 columns (a title line naming both is not)."""
    old, new = _column(row, r"deso.*2018"), _column(row, r"deso.*2025")
    return old is not None and new is not None and old != new


def parse_key(content: bytes) -> pd.DataFrame:
    """The pairs of a key file (CSV or XLSX): columns ``old``, ``new`` and, when the file has them,
    ``regso_old``, ``regso_new``. Codes with SCB's vintage suffix (``_DeSO2025``) are cut to the
    code.

    Raises
    ------
    CorrespondenceError
        When no row within the first 30 has a DeSO 2018 and a DeSO 2025 column, or no row holds two
        DeSO codes.
    """
    rows = _rows(content)
    start = next((i for i, row in enumerate(rows[:30]) if _is_header(row)), None)
    if start is None:
        raise CorrespondenceError("no header row with a DeSO 2018 and a DeSO 2025 column")
    header = rows[start]
    old, new = _column(header, r"deso.*2018"), _column(header, r"deso.*2025")
    regso_old = _column(header, r"regso.*20(18|19|20|21)")
    regso_new = _column(header, r"regso.*2025")
    records = []
    for row in rows[start + 1:]:
        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i].split("_")[0].strip() if i is not None and i < len(row) else ""
        if _DESO.match(cell(old)) and _DESO.match(cell(new)):
            records.append({OLD: cell(old), NEW: cell(new),
                            REGSO_OLD: cell(regso_old) if _REGSO.match(cell(regso_old)) else None,
                            REGSO_NEW: cell(regso_new) if _REGSO.match(cell(regso_new)) else None})
    if not records:
        raise CorrespondenceError("the key has no rows with a DeSO 2018 and a DeSO 2025 code")
    frame = pd.DataFrame(records).drop_duplicates([OLD, NEW]).reset_index(drop=True)
    return frame.dropna(axis=1, how="all")


def key_from_code_rule(old_codes: Iterable[str], new_codes: Iterable[str]) -> pd.DataFrame:
    """Pairs from SCB's code rule (see the module docstring); new codes without a 2018 code of
    either form get no pair."""
    old = {str(code) for code in old_codes}
    pairs = []
    for code in sorted({str(code) for code in new_codes}):
        if code in old:
            pairs.append((code, code))
        elif code[:-1] + "0" in old:
            pairs.append((code[:-1] + "0", code))
    return pd.DataFrame(pairs, columns=[OLD, NEW])


def fetch_deso_key(client: ScbClient, source: str | None = None, page_url: str = DESO_PAGE_URL
                   ) -> tuple[DesoKey | None, dict[str, Any], list[Problem]]:
    """SCB's DeSO key: from ``source`` (a file path or URL) or found on SCB's DeSO page
    (``page_url``).

    Returns the key (None when it could not be had), the manifest's source entry and problems
    (warnings: the build goes on with the code rule). `ScbUnavailable` (offline) is not caught.
    """
    entry: dict[str, Any] = {"id": "DeSO 2018–2025", "title": "SCB:s nyckel DeSO 2018–DeSO 2025",
                             "attribution": "Källa: SCB"}

    def missing(sv: str, en: str, status: str) -> tuple[None, dict[str, Any], list[Problem]]:
        entry["status"] = status
        return None, entry, [Problem(WHERE, sv, en, severity=Severity.WARNING)]

    fetched = None
    try:
        if source is not None and not re.match(r"^https?://", source):
            content = Path(source).expanduser().read_bytes()
            entry["url"] = str(source)
        else:
            url = source
            if url is None:
                page = client.get(page_url, rate_limited=False,
                                  max_age_days=client.metadata_max_age_days)
                url = find_key_link(page.content.decode("utf-8", "replace"), page_url)
                entry["page"] = page_url
                if url is None:
                    return missing(
                        "Ingen länk till nyckeln DeSO 2018–2025 hittades på SCB:s DeSO-sida; äldre "
                        "år fördes över med SCB:s kodregel i stället. Ange filen med --deso-key.",
                        "No link to the DeSO 2018–2025 key was found on SCB's DeSO page; older "
                        "years were carried over with SCB's code rule instead. Give the file with "
                        "--deso-key.", "missing")
            entry["url"] = url
            answer = client.get(url, rate_limited=False)
            content, fetched = answer.content, answer.fetched
    except (TableMissing, QueryRefused, OSError) as exc:
        return missing(f"Nyckeln kunde inte hämtas ({exc}); äldre år fördes över med SCB:s "
                       "kodregel i stället.", f"The key could not be fetched ({exc}); older years "
                       "were carried over with SCB's code rule instead.", "missing")
    try:
        pairs = parse_key(content)
    except (CorrespondenceError, ValueError, KeyError, csv.Error) as exc:
        return missing(f"Nyckeln kunde inte läsas ({exc}); äldre år fördes över med SCB:s kodregel "
                       "i stället.", f"The key could not be read ({exc}); older years were carried "
                       "over with SCB's code rule instead.", "unreadable")
    entry["status"] = "ok"
    if fetched is not None:
        entry["fetched"] = fetched.isoformat()
    return DesoKey(pairs, FROM_SCB, entry.get("url")), entry, []
