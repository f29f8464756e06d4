"""Made-up insatser for the demo city, so that the Insatser and Uppföljning pages show kinds, partners
and young people's participation (issue 21). Plain dicts in the shape of the store's
``Insats.to_dict()`` (without the package key, which the caller adds); nothing here is real.

The first is the package's declared example insats (`Manifest.example_insatser`), the others work in
overlapping areas so that the map of kinds shows areas where kraftsamlande insatser meet förstärkning
av grunduppdraget and lokal utveckling. One participation record has fewer than 5 young people, so the
small-group rule is visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from datapackage.manifest import Manifest


def demo_insatser(manifest: Manifest, small_area_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The demo's example insatser (none when the package declares no example insats).

    Parameters
    ----------
    manifest : the demo package's manifest (its first ``example_insatser`` is used).
    small_area_ids : the ids of the example's level, in id order (neighbouring areas are taken from
        around the example's areas).
    """
    if not manifest.example_insatser:
        return []
    example = manifest.example_insatser[0]
    ids = [str(a) for a in small_area_ids]
    own = list(example.area_ids)
    positions = sorted(ids.index(a) for a in own if a in ids)
    if not positions:
        return []
    around = ids[max(positions[0] - 3, 0):min(positions[-1] + 4, len(ids))]
    half = own[: max(len(own) // 2, 1)]
    later = [a for a in around if a not in own][:4]
    level = example.level
    return [
        {"name": example.name, "board": example.board, "area_level": level, "area_ids": own,
         "start_year": example.start_year, "budget_sek": 2_400_000.0,
         "description": "Påhittad exempelinsats i demodata: stöd till unga 16–24 år att börja arbeta "
                        "eller studera.",
         "kind": "kraftsamlande", "partners": ["civil_society", "business", "school"],
         "participation": {"phases": ["needs", "design", "delivery"], "methods": ["co_design",
                                                                                  "youth_council"],
                           "level": 4, "young_people": 14, "age_from": 16, "age_to": 22,
                           "disabilities_reached": True,
                           "what_changed": "Ungdomsrådet valde att träffarna hålls på kvällstid och i "
                                           "områdets bibliotek i stället för på kontoret."}},
        {"name": "Kvällsöppen fritidsgård (exempel)", "board": "fritidsnämnden", "area_level": level,
         "area_ids": [*half, *later[:2]], "start_year": example.start_year + 1, "budget_sek": 900_000.0,
         "description": "Påhittad exempelinsats i demodata.", "kind": "kraftsamlande",
         "partners": ["civil_society", "residents"],
         "participation": {"phases": ["needs"], "methods": ["survey"], "level": 2, "young_people": 3,
                           "age_from": 13, "age_to": 16, "disabilities_reached": None,
                           "what_changed": "Öppettiderna förlängdes på fredagar."}},
        {"name": "Trygga stråk (exempel)", "board": "tekniska nämnden", "area_level": level,
         "area_ids": [*own[-3:], *later], "start_year": example.start_year + 2, "budget_sek": 1_500_000.0,
         "description": "Påhittad exempelinsats i demodata: belysning och mötesplatser.",
         "kind": "local_development", "partners": ["property_owners", "region_police", "residents"],
         "participation": None},
        {"name": "Läxhjälp i skolan (exempel)", "board": "grundskolenämnden", "area_level": level,
         "area_ids": [*own[1:4], *later[2:]], "start_year": example.start_year, "budget_sek": 600_000.0,
         "description": "Påhittad exempelinsats i demodata.", "kind": "core_mission",
         "partners": ["school", "civil_society"],
         "participation": {"phases": ["design", "follow_up"], "methods": ["dialogue"], "level": 3,
                           "young_people": 40, "age_from": 12, "age_to": 15,
                           "disabilities_reached": False, "what_changed": ""}},
    ]
