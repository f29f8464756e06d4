"""Geometry I/O, validation, maps, contiguity and static export. Never imports streamlit."""
