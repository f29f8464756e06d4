"""SCB's områdestyp: the official five-way classification of RegSO by its socioeconomic index.

SCB builds the index (table TAB6586 "Socioekonomiskt index och områdestyp", for Delegationen mot
segregation and Segregationsbarometern) from three components: the share with low economic standard,
the share aged 20–64 with at most pre-upper-secondary education, and the share aged 20–64 with
long-term income support and/or long unemployment. Type 1 has the greatest challenges.

Both package builders that know it (the Malmö package and the SCB connector) store it as the
classification `AREA_TYPE` so the app can set a proposal beside it.
"""

from __future__ import annotations

from datapackage.manifest import Category, Classification

AREA_TYPE_ID = "scb_omradestyp"

AREA_TYPE = Classification(
    id=AREA_TYPE_ID,
    name_sv="SCB:s områdestyp",
    name_en="SCB area type",
    categories=(
        Category("1", "Områden med stora socioekonomiska utmaningar",
                 "Areas with major socioeconomic challenges"),
        Category("2", "Områden med socioekonomiska utmaningar",
                 "Areas with socioeconomic challenges"),
        Category("3", "Områden med blandade socioekonomiska förutsättningar",
                 "Areas with mixed socioeconomic conditions"),
        Category("4", "Områden med goda socioekonomiska förutsättningar",
                 "Areas with good socioeconomic conditions"),
        Category("5", "Områden med mycket goda socioekonomiska förutsättningar",
                 "Areas with very good socioeconomic conditions"),
    ),
    source="SCB (TAB6586, socioekonomiskt index och områdestyp)",
    attribution="Källa: SCB",
    note_sv=("SCB:s officiella områdestyp per RegSO från det socioekonomiska indexet (låg ekonomisk "
             "standard, låg utbildning och långvarigt ekonomiskt bistånd eller arbetslöshet). Typ 1 "
             "har störst utmaningar. En referens, inte en del av behovsindexet."),
    note_en=("SCB's official area type per RegSO from its socioeconomic index (low economic "
             "standard, low education and long-term income support or unemployment). Type 1 has "
             "the greatest challenges. A reference, not part of the need index."),
    # The types a steering group reads as "the vulnerable areas": stora utmaningar and utmaningar.
    focus=("1", "2"),
)
