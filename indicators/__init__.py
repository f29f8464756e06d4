"""Indicator registry, index maths and follow-up maths. Pure Python: never imports streamlit."""
