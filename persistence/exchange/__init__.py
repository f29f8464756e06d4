"""Import and export of insatser, their indicators and reported values as XLSX and CSV.

A workbook has three sheets, a CSV export three files (also offered as one zip):

* **insatser** – id, namn, nämnd, områdesnivå, områden, startår, budget_kr, beskrivning, typ_av_insats,
  partner, delaktighet_* (see `persistence.exchange.kinds`; optional, older files without them are
  read and leave what is stored), version
* **indikatorer** – id, insats, namn, typ, enhet, riktning, basår, basvärde, mål_2030, mål_2035, version
* **rapporterat** – insats, indikator, år, värde, täljare, nämnare, kommentar, rapporterad_av,
  rapporterad

Indicators and reports refer to their insats (and indicator) by name. CSV is written as Swedish Excel
reads it (``;``, decimal comma, UTF-8 with byte-order mark); reading accepts the usual variants
(``,``/``;``/tab, decimal point or comma, cp1252) and English headers (``name``, ``board``, ``year``…).

An import is checked in full before anything is written, and written in one transaction: any error
refuses the whole file and nothing changes. Every problem names the file (and sheet), the row as a
spreadsheet shows it (header = row 1) and the column, in Swedish and English (`Problem`). Rows that
match what is stored are left alone, so importing an export again changes nothing. A row carrying a
``version`` older than the stored one is refused (someone changed the insats in the app since the file
was exported); leave ``version`` empty to overwrite on purpose. New reported values are recorded as
reported by whoever imports the file (a ``rapporterad_av`` in the file is kept in the note).

Exports are safe to open in a spreadsheet: text never becomes a formula (`indicators.spreadsheet`).

One module per step: `columns` (headers and words), `read` (files → tables), `cells` (one row's cells),
`check` (validation and the plan of writes), `importer` (the transaction), `export`, `report`.
"""

from persistence.exchange.columns import SHEETS
from persistence.exchange.export import (
    export_insatser,
    export_insatser_csv,
    export_insatser_zip,
    export_tables,
)
from persistence.exchange.importer import import_insatser
from persistence.exchange.read import read_tables
from persistence.exchange.report import ImportReport

__all__ = ["SHEETS", "ImportReport", "export_insatser", "export_insatser_csv", "export_insatser_zip",
           "export_tables", "import_insatser", "read_tables"]
