"""Services: what a page, the CLI or a report asks for, put together from the pure layers below
(e.g. evaluate a scenario on a data package). No streamlit."""
