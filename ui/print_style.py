"""How a page prints: browser printing without the sidebar and chrome, content at full width.

Report writers print pages (or save them as PDF) from the browser; the sidebar, toolbar and widgets'
chrome are left out, maps, charts and tables take the full width, and a section is not split across
pages where it can be avoided. The formal, paginated document is the report pack (reports/).
"""

from __future__ import annotations

import streamlit as st

PRINT_CSS = """
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"],
  [data-testid="stDownloadButton"], [data-testid="stExpanderToggleIcon"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], .block-container {
    max-width: 100% !important; width: 100% !important; padding: 0 !important; margin: 0 !important;
  }
  [data-testid="stAppViewContainer"] { position: static !important; overflow: visible !important; }
  [data-testid="stElementContainer"], [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"],
  iframe, img, table { break-inside: avoid; page-break-inside: avoid; max-width: 100% !important; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  [data-testid="stHeading"] h2 { break-before: auto; }
}
"""


def print_style() -> None:
    """Add the print stylesheet to the page (call once per run, from the router)."""
    st.html(f"<style>{PRINT_CSS}</style>")
