"""Words and numbers for people: the text catalogue per language and the one number formatter.

Core code returns codes with parameters; this package turns them into Swedish or English at the edge
(UI, command line, exports, reports). Imports nothing of the project's own.
"""
