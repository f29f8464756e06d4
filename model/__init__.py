"""The data model every layer shares: column names, the indicator registry, problems (codes with
parameters). Imports nothing of the project."""
