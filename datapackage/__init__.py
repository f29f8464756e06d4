"""Data packages: the folder format that holds one city's areas, indicators and population.

Reading, writing, validating imports, and building packages (the demo city, the real Malmö package).
Never imports streamlit.
"""
