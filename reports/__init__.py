"""Report-ready documents made from saved scenarios (PDF report packs). Never imports streamlit."""
