"""Command line for batch use and checks: ``python -m cli --help``."""
