"""Streamlit glue shared by the pages: UI text in two languages, the shared sidebar, cached loaders."""
