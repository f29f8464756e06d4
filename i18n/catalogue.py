"""Every UI string, in Swedish (default) and English. Pages call `ui.state.t(key)`.

Pure data and one pure function; no streamlit import, so tests can check that every key has both
languages and that every key the pages use exists.
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"sv": "Kraftsamla", "en": "Kraftsamla"},
    "app_tagline": {
        "sv": "Var ska de kraftsamlande insatserna göras – och gör de skillnad?",
        "en": "Where should the concerted efforts go – and do they make a difference?",
    },
    "page_overview": {"sv": "Översikt", "en": "Overview"},
    "page_data": {"sv": "Data och import", "en": "Data and import"},
    "sidebar_package": {"sv": "Datapaket", "en": "Data package"},
    "sidebar_level": {"sv": "Områdesnivå", "en": "Area level"},
    "sidebar_year": {"sv": "År", "en": "Year"},
    "sidebar_language": {"sv": "Språk", "en": "Language"},
    "year_moved": {"sv": "{old} finns inte på nivån {level}; visar {new}.",
                   "en": "{old} is not available at level {level}; showing {new}."},
    "absent_at_level": {"sv": "saknas på nivån", "en": "not available at this level"},
    "index_none_present": {"sv": "inga av de viktade indikatorerna finns här",
                           "en": "none of the weighted indicators is available here"},
    "index_made_of": {"sv": "Index av: {parts}", "en": "Index made of: {parts}"},
    "proposal_current": {"sv": "Aktuellt förslag (Områdesval)",
                         "en": "Current proposal (Områdesval)"},
    "proposal_saved_label": {"sv": "Sparat: {name} ({level} {year})",
                             "en": "Saved: {name} ({level} {year})"},
    "proposal_switched": {
        "sv": "Scenariot {name} gjordes på nivån {level} år {year}; vyn har bytts dit.",
        "en": "The scenario {name} was made at level {level} in {year}; the view has switched to it.",
    },
    "proposal_back_to_current": {
        "sv": "Scenariot {name} gäller en annan nivå eller ett annat år än det som visas; sidorna "
              "följer nu det aktuella förslaget.",
        "en": "The scenario {name} is for another level or year than the one shown; the pages now "
              "follow the current proposal.",
    },
    "funding_other_level": {
        "sv": "{n} insatser har sina områden på nivån {levels}, inte {level} som visas. Byt "
              "områdesnivå i sidofältet för att fördela pengarna efter dem.",
        "en": "{n} insatser have their areas at level {levels}, not {level} as shown. Change the area "
              "level in the sidebar to split the money by them.",
    },
    "reference_show": {"sv": "Visa {name} (typ {types})", "en": "Show {name} (types {types})"},
    "reference_layer_title": {"sv": "{name} {year}", "en": "{name} {year}"},
    "reference_heading": {"sv": "Förslaget och {name}", "en": "The proposal and {name}"},
    "reference_caption": {
        "sv": "Jämförelse med {name} (typ {types}) år {year}, en officiell referens som inte ingår "
              "i behovsindexet.",
        "en": "Compared with {name} (types {types}) in {year}, an official reference that is not part "
              "of the need index.",
    },
    "reference_inherited": {"sv": "Typen finns per {level}; varje område har fått sitt "
                                  "{level}-områdes typ.",
                            "en": "The type is published per {level}; each area has its {level}'s "
                                  "type."},
    "reference_not_at_level": {"sv": "{name} finns inte för nivån {level}.",
                               "en": "{name} is not available for level {level}."},
    "reference_in_both": {"sv": "Typ {types} i förslaget", "en": "Types {types} in the proposal"},
    "reference_of_focus": {"sv": "Av {n} områden av typ {types}.",
                           "en": "Of {n} areas of types {types}."},
    "reference_left_out": {"sv": "Typ {types} utanför förslaget",
                           "en": "Types {types} left out"},
    "reference_outside": {"sv": "Föreslagna, inte typ {types}",
                          "en": "Proposed, not types {types}"},
    "reference_left_out_list": {"sv": "Områden av typ {types} som inte föreslås (med indexrang)",
                                "en": "Areas of types {types} not proposed (with index rank)"},
    "reference_outside_list": {"sv": "Föreslagna områden som inte är typ {types}",
                               "en": "Proposed areas that are not types {types}"},
    "reference_in_both_list": {"sv": "Föreslagna områden av typ {types}",
                               "en": "Proposed areas of types {types}"},
    "reference_type": {"sv": "Områdestyp", "en": "Area type"},
    "reference_no_type": {"sv": "Ingen typ", "en": "No type"},
    "indicator_switched": {"sv": "{old} finns inte på nivån {level}; visar {new}.",
                           "en": "{old} is not available at level {level}; showing {new}."},
    "absent_list": {"sv": "Saknas på nivån: {names}", "en": "Not available at this level: {names}"},
    "show_year": {"sv": "Visa {year}", "en": "Show {year}"},
    "year_option": {"sv": "{year} · {n} av {total} indikatorer",
                    "en": "{year} · {n} of {total} indicators"},
    "uploaded_package": {"sv": "Uppladdade data (denna session)", "en": "Uploaded data (this session)"},
    "demo_banner": {
        "sv": "Demodata – fiktiv stad. Siffrorna är påhittade och beskriver ingen verklig plats.",
        "en": "Demo data – fictitious city. The figures are made up and describe no real place.",
    },
    "demo_label": {"sv": "Demodata – fiktiv stad", "en": "Demo data – fictitious city"},
    "package_error": {
        "sv": "Datapaketet {name} kunde inte öppnas:",
        "en": "The data package {name} could not be opened:",
    },
    "no_packages": {
        "sv": "Inga datapaket hittades. Skapa demodata med `python -m cli make-demo data/demo`.",
        "en": "No data packages found. Create the demo with `python -m cli make-demo data/demo`.",
    },
    # Översikt
    "overview_intro": {
        "sv": "Kartan visar en indikator per område. Mörkare färg betyder större behov.",
        "en": "The map shows one indicator per area. Darker colour means greater need.",
    },
    "indicator": {"sv": "Indikator", "en": "Indicator"},
    "classification": {"sv": "Klassindelning", "en": "Classification"},
    "classes": {"sv": "Antal klasser", "en": "Number of classes"},
    "scheme_quantiles": {"sv": "Kvantiler (lika många områden per klass)",
                         "en": "Quantiles (equal number of areas per class)"},
    "scheme_fisher_jenks": {"sv": "Naturliga brytpunkter (Fisher–Jenks)",
                            "en": "Natural breaks (Fisher–Jenks)"},
    "scheme_equal_interval": {"sv": "Lika intervall", "en": "Equal intervals"},
    "background_tiles": {"sv": "Bakgrundskarta (OpenStreetMap, kräver internet)",
                         "en": "Background map (OpenStreetMap, needs internet)"},
    "overlay_show": {"sv": "Visa referenslager: {name}", "en": "Show reference layer: {name}"},
    "legend": {"sv": "Teckenförklaring", "en": "Legend"},
    "legend_darker": {"sv": "Mörkare = större behov", "en": "Darker = greater need"},
    "higher_better": {"sv": "högre värde är bättre", "en": "higher is better"},
    "higher_worse": {"sv": "högre värde är sämre", "en": "higher is worse"},
    "no_data": {"sv": "Uppgift saknas eller sekretess", "en": "No data or suppressed"},
    "legend_counts": {"sv": "Antal områden inom parentes.", "en": "Number of areas in brackets."},
    "no_values": {
        "sv": "{indicator} finns inte på nivån {level} år {year} i detta datapaket.",
        "en": "{indicator} is not available at level {level} in {year} in this data package.",
    },
    "available_years": {"sv": "Tillgängliga år på denna nivå: {years}.",
                        "en": "Years available at this level: {years}."},
    "available_levels": {"sv": "Finns på nivåerna: {levels}.", "en": "Available at levels: {levels}."},
    "status_real": {"sv": "Verkliga data", "en": "Real data"},
    "status_derived": {"sv": "Härledda data", "en": "Derived data"},
    "status_missing": {"sv": "Saknas", "en": "Missing"},
    "status_uploaded": {"sv": "Egen uppladdning", "en": "Own upload"},
    "key_figures": {"sv": "Nyckeltal för hela staden", "en": "Key figures for the whole city"},
    "city_value": {"sv": "Hela staden", "en": "Whole city"},
    "city_value_help": {
        "sv": "Beräknat från {source}.",
        "en": "Computed from {source}.",
    },
    "source_city_level": {"sv": "stadens egen serie", "en": "the city's own series"},
    "source_sums": {"sv": "summerade täljare och nämnare", "en": "summed numerators and denominators"},
    "source_weighted": {"sv": "befolkningsvägt medelvärde av områdena",
                        "en": "population-weighted mean of the areas"},
    "source_mean": {"sv": "oviktat medelvärde av områdena", "en": "unweighted mean of the areas"},
    "lowest_area": {"sv": "Lägst", "en": "Lowest"},
    "highest_area": {"sv": "Högst", "en": "Highest"},
    "areas_with_data": {"sv": "Områden med värde", "en": "Areas with a value"},
    "suppressed_count": {"sv": "{n} sekretessmarkerade", "en": "{n} suppressed"},
    "population": {"sv": "Folkmängd", "en": "Population"},
    "youth": {"sv": "Unga {band} år", "en": "Young people aged {band}"},
    "values_table": {"sv": "Värden per område", "en": "Values by area"},
    "col_area": {"sv": "Område", "en": "Area"},
    "col_code": {"sv": "Kod", "en": "Code"},
    "col_value": {"sv": "Värde", "en": "Value"},
    "col_numerator": {"sv": "Täljare", "en": "Numerator"},
    "col_denominator": {"sv": "Nämnare", "en": "Denominator"},
    "col_suppressed": {"sv": "Sekretess", "en": "Suppressed"},
    "col_class": {"sv": "Klass", "en": "Class"},
    "download_csv": {"sv": "Ladda ner tabellen (CSV)", "en": "Download the table (CSV)"},
    "attribution": {"sv": "Källa", "en": "Source"},
    "definition": {"sv": "Definition", "en": "Definition"},
    # Områdesval
    "page_choose": {"sv": "Områdesval", "en": "Choosing areas"},
    "choose_intro": {
        "sv": "Vikta de fyra indikatorerna, se rangordningen och vilka sammanhängande områden som "
              "föreslås. Länken i adressfältet återskapar exakt det som visas.",
        "en": "Weight the four indicators, see the ranking and which contiguous areas are proposed. "
              "The link in the address bar reproduces exactly what is shown.",
    },
    "link_weights_unreadable": {
        "sv": "Vikterna i länken (\"{value}\") kunde inte läsas; lika vikter används.",
        "en": "The weights in the link (\"{value}\") could not be read; equal weights are used.",
    },
    "link_year_not_a_year": {"sv": "\"{value}\" i länken är inget årtal; året i sidofältet används.",
                             "en": "\"{value}\" in the link is not a year; the sidebar's year is "
                                   "used."},
    "link_part_unknown": {"sv": "Länkens {part}=\"{value}\" är okänd; standardvärdet används.",
                          "en": "The link's {part}=\"{value}\" is unknown; the default is used."},
    "link_weight_clamped": {"sv": "Vikten för {name} i länken ({value}) ligger utanför 0–1 och "
                                  "sattes till {to}.",
                            "en": "The weight of {name} in the link ({value}) is outside 0–1 and was "
                                  "set to {to}."},
    "link_rule_param_clamped": {"sv": "Urvalsregelns värde i länken ({value}) ligger utanför det "
                                      "tillåtna och sattes till {to}.",
                                "en": "The selection rule's value in the link ({value}) is out of "
                                      "range and was set to {to}."},
    "preset": {"sv": "Förval av vikter", "en": "Weight preset"},
    "preset_equal": {"sv": "Lika vikter", "en": "Equal weights"},
    "weights": {"sv": "Vikter", "en": "Weights"},
    "methods": {"sv": "Metod och urval", "en": "Method and selection"},
    "normalisation": {"sv": "Normering", "en": "Normalisation"},
    "norm_min_max": {"sv": "Min–max (0 = bäst, 1 = sämst område)",
                     "en": "Min–max (0 = best, 1 = worst area)"},
    "norm_z_score": {"sv": "z-värde (avstånd från medel i standardavvikelser)",
                     "en": "z-score (distance from the mean in standard deviations)"},
    "norm_percentile_rank": {"sv": "Percentilrang", "en": "Percentile rank"},
    "norm_distance_to_city": {"sv": "Avstånd till stadens värde", "en": "Distance to the city value"},
    "aggregation": {"sv": "Sammanvägning", "en": "Aggregation"},
    "agg_arithmetic": {"sv": "Aritmetiskt medelvärde", "en": "Arithmetic mean"},
    "agg_geometric": {"sv": "Geometriskt medelvärde", "en": "Geometric mean"},
    "rule": {"sv": "Urvalsregel", "en": "Selection rule"},
    "rule_top_n": {"sv": "De N områden med störst behov", "en": "The N areas with the greatest need"},
    "rule_top_decile": {"sv": "Tiondelen med störst behov", "en": "The tenth with the greatest need"},
    "rule_threshold": {"sv": "Indexvärde över en gräns", "en": "Index score above a threshold"},
    "rule_cover_youth": {"sv": "Täcker X % av de unga", "en": "Covers X % of young people"},
    "rule_cover_neet": {"sv": "Täcker X % av unga som varken arbetar eller studerar",
                        "en": "Covers X % of young people neither working nor studying"},
    "rule_param_top_n": {"sv": "Antal områden", "en": "Number of areas"},
    "rule_param_threshold": {"sv": "Gräns (0–100)", "en": "Threshold (0–100)"},
    "rule_param_cover_youth": {"sv": "Andel unga (%)", "en": "Share of young people (%)"},
    "rule_param_cover_neet": {"sv": "Andel (%)", "en": "Share (%)"},
    "weights_all_zero": {
        "sv": "Alla vikter är noll. Ge minst en indikator en vikt över noll.",
        "en": "All weights are zero. Give at least one indicator a weight above zero.",
    },
    "rule_cannot_apply": {"sv": "Urvalsregeln kan inte användas här: {reason}",
                          "en": "The selection rule cannot be used here: {reason}"},
    "index_missing_indicators": {
        "sv": "{names} finns inte på nivån {level}; indexet bygger på de övriga indikatorerna.",
        "en": "{names} is not available at level {level}; the index uses the other indicators.",
    },
    "index_no_scores": {
        "sv": "Inget område har något av de viktade indikatorerna här. "
              "Välj en annan nivå eller ett annat år.",
        "en": "No area has any of the weighted indicators here. Choose another level or year.",
    },
    "index_incomplete": {
        "sv": "{n} områden saknar någon indikator; deras index bygger på dem de har (vikterna räknas om).",
        "en": "{n} areas lack an indicator; their index uses the ones they have (weights rescaled).",
    },
    "index_title": {"sv": "Behovsindex (0–100)", "en": "Need index (0–100)"},
    "index_legend_sub": {"sv": "Högre = större behov. Svart kontur = föreslaget område.",
                         "en": "Higher = greater need. Black outline = proposed area."},
    "proposal_summary": {"sv": "Förslaget", "en": "The proposal"},
    "selected_areas": {"sv": "Valda områden", "en": "Selected areas"},
    "proposals": {"sv": "Föreslagna områden", "en": "Proposed areas"},
    "youth_covered": {"sv": "Andel av stadens unga", "en": "Share of the city's young people"},
    "youth_covered_help": {"sv": "{n} unga ({band} år) bor i de valda områdena.",
                           "en": "{n} young people (aged {band}) live in the selected areas."},
    "neet_covered": {"sv": "Andel av unga utanför arbete och studier",
                     "en": "Share of young people outside work and study"},
    "neet_covered_help": {
        "sv": "Uppskattat som antal unga × UVAS per område.",
        "en": "Estimated as young people × UVAS per area.",
    },
    "col_score": {"sv": "Index", "en": "Index"},
    "col_rank": {"sv": "Rang", "en": "Rank"},
    "col_decile": {"sv": "Tiondel", "en": "Decile"},
    "col_proposal": {"sv": "Förslag", "en": "Proposal"},
    "col_members": {"sv": "Antal områden", "en": "Number of areas"},
    "col_mean_index": {"sv": "Medelindex", "en": "Mean index"},
    "col_n_indicators": {"sv": "Antal indikatorer", "en": "Indicators used"},
    "col_worst10": {"sv": "Sämsta 10 % på någon indikator", "en": "Worst 10 % on any indicator"},
    "col_selected": {"sv": "Valt", "en": "Selected"},
    "points": {"sv": "poäng", "en": "points"},
    "download_geojson": {"sv": "Ladda ner förslagen (GeoJSON)", "en": "Download the proposals (GeoJSON)"},
    "download_proposals_csv": {"sv": "Ladda ner förslagen (CSV)", "en": "Download the proposals (CSV)"},
    "no_proposals": {"sv": "Regeln väljer inga områden.", "en": "The rule selects no areas."},
    "ranking": {"sv": "Rangordning", "en": "Ranking"},
    "index_and_uvas": {"sv": "Index och UVAS", "en": "Index and UVAS"},
    "index_uvas_corr": {
        "sv": "Rangkorrelation mellan index och UVAS: {r} ({n} områden). Staden följs upp på UVAS.",
        "en": "Rank correlation between index and UVAS: {r} ({n} areas). The city is followed up on UVAS.",
    },
    "uvas_missing_here": {
        "sv": "UVAS finns inte på nivån {level} det här året; välj en nivå där UVAS finns (t.ex. RegSO).",
        "en": "UVAS is not available at level {level} this year; choose a level that has it (e.g. RegSO).",
    },
    "double_counting": {"sv": "Dubbelräkning", "en": "Double counting"},
    "corr_explained": {
        "sv": "Rangkorrelationer, riktade så att högre alltid betyder större behov.",
        "en": "Rank correlations, oriented so that higher always means greater need.",
    },
    "corr_too_few": {"sv": "För få indikatorer på denna nivå för att jämföra.",
                     "en": "Too few indicators at this level to compare."},
    "scenarios": {"sv": "Scenarier", "en": "Scenarios"},
    "scenario_name": {"sv": "Spara nuvarande val som", "en": "Save the current choices as"},
    "scenario_name_hint": {"sv": "t.ex. Förslag styrgruppen mars", "en": "e.g. Steering group March"},
    "scenario_save": {"sv": "Spara scenario", "en": "Save scenario"},
    "scenario_saved": {"sv": "Scenariot '{name}' är sparat för denna session.",
                       "en": "The scenario '{name}' is saved for this session."},
    "scenario_saved_shared": {
        "sv": "Scenariot '{name}' är sparat och syns för alla som använder Kraftsamla.",
        "en": "The scenario '{name}' is saved and visible to everyone using Kraftsamla.",
    },
    "scenario_current": {"sv": "Nuvarande val", "en": "Current choices"},
    "compare_other_level": {
        "sv": "Scenarierna gäller olika nivåer och kan inte jämföras område för område.",
        "en": "The scenarios are at different levels and cannot be compared area by area.",
    },
    "status_enters": {"sv": "Tillkommer i B", "en": "Enters in B"},
    "status_leaves": {"sv": "Faller bort i B", "en": "Leaves in B"},
    "status_stays": {"sv": "Med i båda", "en": "In both"},
    "status_outside": {"sv": "Utanför båda", "en": "Outside both"},
    "rank_shift": {"sv": "Rangförändring (+ = större behov i B)", "en": "Rank shift (+ = greater need in B)"},
    "difference_map": {"sv": "Skillnad mellan scenarierna", "en": "Difference between the scenarios"},
    "scenario_link_hint": {
        "sv": "Tips: kopiera adressfältet för att dela exakt de här valen.",
        "en": "Tip: copy the address bar to share exactly these choices.",
    },
    # Uppföljning
    "page_followup": {"sv": "Uppföljning", "en": "Follow-up"},
    "followup_intro": {
        "sv": "Rör sig UVAS och indexindikatorerna i de föreslagna områdena mot målen för 2030 och 2035?",
        "en": "Are UVAS and the index indicators moving towards the 2030 and 2035 targets in the "
              "proposed areas?",
    },
    "followup_proposal": {"sv": "Förslag som följs upp", "en": "Proposal followed up"},
    "followup_default_proposal": {"sv": "Tiondelen med störst behov (lika vikter)",
                                  "en": "The tenth with the greatest need (equal weights)"},
    "followup_proposal_is": {
        "sv": "{n} områden på nivån {level} ({year}): {rule}.",
        "en": "{n} areas at level {level} ({year}): {rule}.",
    },
    "followup_missing": {
        "sv": "{names} finns inte som tidsserie på nivån {level} och kan inte följas upp här.",
        "en": "{names} has no time series at level {level} and cannot be followed up here.",
    },
    "targets": {"sv": "Mål", "en": "Targets"},
    "start_year": {"sv": "Insatserna startar år", "en": "The efforts start in"},
    "baseline_year": {"sv": "Basår", "en": "Baseline year"},
    "baseline_value": {"sv": "Basvärde", "en": "Baseline value"},
    "responsible_board": {"sv": "Ansvarig nämnd", "en": "Responsible board"},
    "target_kind_year": {"sv": "Måltyp {year}", "en": "Target kind {year}"},
    "target_amount_year": {"sv": "Mål {year}", "en": "Target {year}"},
    "target_kind_absolute": {"sv": "Nivå", "en": "Level"},
    "target_kind_relative": {"sv": "Förändring i procent", "en": "Change in percent"},
    "target_kind_close_gap": {"sv": "Minska gapet till övriga staden med …",
                              "en": "Close the gap to the rest of the city by …"},
    "target_kinds_explained": {
        "sv": "Måltyp: absolute = nivå (t.ex. 8 %), relative = förändring i procent av basvärdet "
              "(t.ex. −20), close_gap = andel av gapet till övriga staden som ska stängas (t.ex. 50).",
        "en": "Target kind: absolute = a level (e.g. 8 %), relative = change in percent of the baseline "
              "(e.g. −20), close_gap = share of the gap to the rest of the city to close (e.g. 50).",
    },
    "targets_save": {"sv": "Spara målen", "en": "Save the targets"},
    "targets_saved": {"sv": "Målen för {n} indikatorer är sparade.",
                      "en": "The targets for {n} indicators are saved."},
    "status_heading": {"sv": "Läget vid kontrollpunkten", "en": "Status at the checkpoint"},
    "checkpoint": {"sv": "Kontrollpunkt", "en": "Checkpoint"},
    "latest_value": {"sv": "Senaste värde", "en": "Latest value"},
    "target_value": {"sv": "Målvärde", "en": "Target value"},
    "required_pace": {"sv": "Takt som krävs (per år)", "en": "Required pace (per year)"},
    "observed_pace": {"sv": "Faktisk takt (per år)", "en": "Observed pace (per year)"},
    "status_explained": {
        "sv": "I rätt takt: minst 95 % av takten som krävs. Behöver öka takten: 60–95 %. Begränsad "
              "förbättring: 0–60 %. För osäkert att säga: förändringen ryms inom slumpen för små tal "
              "(Wilson-intervall).",
        "en": "On track: at least 95 % of the required pace. Needs acceleration: 60–95 %. Limited "
              "progress: 0–60 %. Too uncertain to say: the change is within chance for small numbers "
              "(Wilson intervals).",
    },
    "followup_city_heading": {"sv": "Hela staden", "en": "The whole city"},
    "followup_city_intro": {
        "sv": "Stadens egna tidsserier på nivån {level} – längre än områdesstatistiken, så trenden "
              "syns. Definition och källa står under varje diagram; de kan skilja sig från måtten "
              "per område.",
        "en": "The city's own time series at level {level} – longer than the area statistics, so the "
              "trend shows. Definition and source are under each chart; they can differ from the "
              "measures per area.",
    },
    "trend_per_year": {"sv": "{change} {unit} per år {first}–{last}",
                       "en": "{change} {unit} per year {first}–{last}"},
    "percentage_points": {"sv": "procentenheter", "en": "percentage points"},
    "responsible_board_is": {"sv": "Ansvarig nämnd: {board}", "en": "Responsible board: {board}"},
    "no_target_yet": {"sv": "Inget mål sparat ännu.", "en": "No target saved yet."},
    "followup_one_year_values": {
        "sv": "Ett år – ingen trend ännu ({year}): föreslagna områden {proposed}, övriga staden "
              "{rest}.",
        "en": "One year – no trend yet ({year}): proposed areas {proposed}, rest of the city {rest}.",
    },
    "followup_proposal_heading": {"sv": "De föreslagna områdena", "en": "The proposed areas"},
    "target_scope": {"sv": "Mål för", "en": "Targets for"},
    "target_scope_proposal": {"sv": "De föreslagna områdena", "en": "The proposed areas"},
    "target_scope_city": {"sv": "Hela staden", "en": "The whole city"},
    "target_applies_to": {"sv": "Gäller", "en": "Applies to"},
    "start_year_help": {"sv": "Basåret föreslås som det senaste året med data före starten.",
                        "en": "The baseline year proposed is the latest year with data before the "
                              "start."},
    "target_kind": {"sv": "Måltyp", "en": "Kind of target"},
    "baseline_year_help": {"sv": "Basvärdet hämtas ur data för det året.",
                           "en": "The baseline value is taken from the data for that year."},
    "target_amount_absolute": {"sv": "Nivå {year} ({unit})", "en": "Level {year} ({unit})"},
    "target_amount_relative": {"sv": "Förändring till {year} (%)",
                               "en": "Change by {year} (%)"},
    "target_amount_close_gap": {"sv": "Minska gapet med … till {year} (%)",
                                "en": "Close the gap by … by {year} (%)"},
    "target_placeholder_absolute": {"sv": "t.ex. 8,5", "en": "e.g. 8.5"},
    "target_placeholder_relative": {"sv": "t.ex. −20", "en": "e.g. -20"},
    "target_placeholder_close_gap": {"sv": "t.ex. 50", "en": "e.g. 50"},
    "number_empty": {"sv": "Skriv ett tal.", "en": "Type a number."},
    "number_not_a_number": {"sv": "\"{text}\" kan inte läsas som ett tal (skriv t.ex. 55,5).",
                            "en": "\"{text}\" cannot be read as a number (write e.g. 55.5)."},
    "amount_sek": {"sv": "{amount} kr", "en": "SEK {amount}"},
    "number_placeholder": {"sv": "t.ex. 55,5", "en": "e.g. 55.5"},
    "number_stored_as": {"sv": "Sparas som {value}", "en": "Will be saved as {value}"},
    "number_below_minimum": {"sv": "Talet får inte vara mindre än {minimum}.",
                             "en": "The number cannot be less than {minimum}."},
    "number_not_whole": {"sv": "\"{text}\" är inget heltal.", "en": "\"{text}\" is not a whole number."},
    "target_preview": {
        "sv": "Sparas som: basvärde {base} {unit} ({base_year}); mål {targets}. Kräver {pace} per år.",
        "en": "Will be saved as: baseline {base} {unit} ({base_year}); targets {targets}. Needs "
              "{pace} a year.",
    },
    "target_not_set": {"sv": "Inget mål sparat. Skriv ett värde för 2030 eller 2035.",
                       "en": "No target saved. Type a value for 2030 or 2035."},
    "target_no_baseline": {"sv": "Inga värden att utgå från på denna nivå.",
                           "en": "No values to start from at this level."},
    "target_save": {"sv": "Spara målet", "en": "Save the target"},
    "target_saved": {"sv": "Målet för {name} är sparat.", "en": "The target for {name} is saved."},
    "target_delete": {"sv": "Ta bort målet", "en": "Remove the target"},
    "status_no_targets": {"sv": "Inga mål är sparade ännu; status visas bara för sparade mål.",
                          "en": "No targets are saved yet; status is shown for saved targets only."},
    "followup_series": {"sv": "Utveckling per indikator", "en": "Development per indicator"},
    "group_proposed": {"sv": "Föreslagna områden", "en": "Proposed areas"},
    "group_rest": {"sv": "Övriga staden", "en": "Rest of the city"},
    "group_city": {"sv": "Hela staden", "en": "Whole city"},
    "required_path": {"sv": "Väg till målet", "en": "Path to the target"},
    "followup_per_area": {"sv": "Per område", "en": "Per area"},
    "followup_one_year": {"sv": "Bara ett år finns på denna nivå; ingen utveckling att visa.",
                          "en": "Only one year exists at this level; no development to show."},
    "followup_first_n": {"sv": "De {n} områdena med störst behov visas.",
                         "en": "The {n} areas with the greatest need are shown."},
    # Persistence
    "store_unavailable": {
        "sv": "Databasen kan inte nås, så inget kan sparas just nu: {reason}",
        "en": "The database cannot be reached, so nothing can be saved right now: {reason}",
    },
    "store_unavailable_hint": {
        "sv": "Utan databas visas bara det som finns i denna session.",
        "en": "Without the database only this session's choices are shown.",
    },
    "store_write_failed": {
        "sv": "Det gick inte att spara: {reason} Det du skrev finns kvar; försök igen.",
        "en": "Saving failed: {reason} What you typed is still here; try again.",
    },
    "store_conflict": {
        "sv": "Någon annan har ändrat samma sak under tiden: {reason} Dina ändringar finns kvar.",
        "en": "Someone else changed the same thing meanwhile: {reason} Your changes are kept.",
    },
    "store_conflict_current": {"sv": "Det som nu är sparat", "en": "What is saved now"},
    # Insatser
    "page_insatser": {"sv": "Insatser", "en": "Efforts"},
    "insatser_intro": {
        "sv": "Registret över kraftsamlande insatser: vem som ansvarar, var, från när och för hur mycket, "
              "med insatsernas egna indikatorer och rapporterade värden.",
        "en": "The register of concerted efforts: who is responsible, where, from when and for how much, "
              "with each effort's own indicators and reported values.",
    },
    "board": {"sv": "Nämnd", "en": "Board"},
    "all_boards": {"sv": "Alla nämnder", "en": "All boards"},
    "col_insats": {"sv": "Insats", "en": "Effort"},
    "budget": {"sv": "Budget (kr/år)", "en": "Budget (SEK/year)"},
    "col_start_year": {"sv": "Startår", "en": "Start year"},
    "col_indicators": {"sv": "Egna indikatorer", "en": "Own indicators"},
    "budget_per_board": {"sv": "Budget per nämnd: {text}", "en": "Budget per board: {text}"},
    "no_insatser": {"sv": "Inga insatser är registrerade ännu för detta datapaket.",
                    "en": "No efforts are registered for this data package yet."},
    "one_insats": {"sv": "En insats", "en": "One effort"},
    "insats_areas": {"sv": "Områden ({level}): {names}", "en": "Areas ({level}): {names}"},
    "status_no_target": {"sv": "Mål saknas", "en": "No target"},
    "indicator_kind": {"sv": "Typ", "en": "Kind"},
    "kind_output": {"sv": "Prestation (output)", "en": "Output"},
    "kind_outcome": {"sv": "Effekt (outcome)", "en": "Outcome"},
    "no_insats_indicators": {"sv": "Insatsen har inga egna indikatorer ännu.",
                             "en": "The effort has no indicators of its own yet."},
    "report_value": {"sv": "Rapportera ett värde", "en": "Report a value"},
    "note": {"sv": "Kommentar", "en": "Note"},
    "report_save": {"sv": "Spara värdet", "en": "Save the value"},
    "report_saved": {"sv": "Värdet är sparat.", "en": "The value is saved."},
    "add_indicator": {"sv": "Lägg till indikator", "en": "Add an indicator"},
    "direction": {"sv": "Riktning", "en": "Direction"},
    "unit": {"sv": "Enhet", "en": "Unit"},
    "indicator_saved": {"sv": "Indikatorn '{name}' är sparad.", "en": "The indicator '{name}' is saved."},
    "new_insats": {"sv": "Registrera en ny insats", "en": "Register a new effort"},
    "description": {"sv": "Beskrivning", "en": "Description"},
    "insats_save": {"sv": "Spara insatsen", "en": "Save the effort"},
    "insats_name_missing": {"sv": "Ge insatsen ett namn.", "en": "Give the effort a name."},
    "insats_saved": {"sv": "Insatsen '{name}' är sparad.", "en": "The effort '{name}' is saved."},
    "new_board": {"sv": "Lägg till en nämnd", "en": "Add a board"},
    "new_board_help": {"sv": "Sex nämnder finns från början; fler kan läggas till här.",
                       "en": "Six boards exist from the start; more can be added here."},
    "board_name_sv": {"sv": "Namn (svenska)", "en": "Name (Swedish)"},
    "board_name_en": {"sv": "Namn (engelska)", "en": "Name (English)"},
    "board_save": {"sv": "Spara nämnden", "en": "Save the board"},
    "board_saved": {"sv": "Nämnden '{name}' är tillagd.", "en": "The board '{name}' was added."},
    "export_csv_zip": {"sv": "Exportera insatserna (CSV i zip)", "en": "Export the efforts (CSV in zip)"},
    "insatser_exchange": {"sv": "Import och export", "en": "Import and export"},
    "export_xlsx": {"sv": "Exportera insatserna (XLSX)", "en": "Export the efforts (XLSX)"},
    "import_insatser": {"sv": "Importera insatser (XLSX, CSV eller zip)",
                        "en": "Import efforts (XLSX, CSV or zip)"},
    "import_run": {"sv": "Importera", "en": "Import"},
    "funding": {"sv": "Fördelning av medel", "en": "Funding split"},
    "funding_explained": {
        "sv": "Förslag till fördelning mellan nämnderna: varje nämnds andel följer antalet unga i de "
              "föreslagna områden där den har insatser, viktat med behovsindex upphöjt till α (delade "
              "områden delas lika). Alla steg syns i tabellen och kan ändras.",
        "en": "Proposed split between the boards: each board's share follows the young people in the "
              "proposed areas where it runs efforts, weighted by the need index to the power α (shared "
              "areas split equally). Every step is shown in the table and can be changed.",
    },
    "funding_total": {"sv": "Att fördela (kr)", "en": "To split (SEK)"},
    "funding_alpha": {"sv": "Vikt för behov (α)", "en": "Weight of need (α)"},
    "funding_alpha_help": {"sv": "0 = bara antal unga; 1 = unga × index; högre = mer till störst behov.",
                           "en": "0 = young people only; 1 = young people × index; higher = more to "
                                 "the greatest need."},
    "funding_floor": {"sv": "Lägsta belopp per nämnd (kr)", "en": "Minimum per board (SEK)"},
    "funding_error": {"sv": "Fördelningen går inte att räkna ut: {reason}",
                      "en": "The split cannot be computed: {reason}"},
    "funding_claim": {"sv": "Behovsunderlag", "en": "Need basis"},
    "funding_share": {"sv": "Andel (%)", "en": "Share (%)"},
    "funding_amount": {"sv": "Belopp (kr)", "en": "Amount (SEK)"},
    "funding_no_insatser": {"sv": "Registrera insatser med områden för att få en fördelning.",
                            "en": "Register efforts with areas to get a split."},
    # Meeting mode
    "page_meeting": {"sv": "Möte", "en": "Meeting"},
    "meeting_previous": {"sv": "◀ Föregående", "en": "◀ Previous"},
    "meeting_next": {"sv": "Nästa ▶", "en": "Next ▶"},
    "meeting_step_city": {"sv": "Läget i staden", "en": "The city today"},
    "meeting_step_proposal": {"sv": "Förslaget", "en": "The proposal"},
    "meeting_step_followup": {"sv": "Rör det sig?", "en": "Is it moving?"},
    "meeting_step_insatser": {"sv": "Insatserna", "en": "The efforts"},
    "meeting_no_targets": {"sv": "Inga mål är satta ännu. Sätt dem på sidan Uppföljning.",
                           "en": "No targets are set yet. Set them on the Follow-up page."},
    "meeting_n_insatser": {"sv": "{n} insatser", "en": "{n} efforts"},
    "report_pack": {"sv": "Rapportpaket", "en": "Report pack"},
    "scenario_saved_pick": {"sv": "Sparat scenario", "en": "Saved scenario"},
    "report_pack_download": {"sv": "Ladda ner rapportpaketet (PDF)",
                             "en": "Download the report pack (PDF)"},
    # Robustness
    "page_robustness": {"sv": "Robusthet", "en": "Robustness"},
    "robustness_intro": {
        "sv": "Håller förslaget om vikterna och metoderna hade valts lite annorlunda? Tusentals rimliga "
              "varianter räknas igenom; ett område som nästan alltid kommer med är ett säkert val.",
        "en": "Does the proposal hold if the weights and methods had been chosen a little differently? "
              "Thousands of reasonable variants are computed; an area that almost always gets in is a "
              "safe choice.",
    },
    "robust_draws": {"sv": "Antal varianter", "en": "Number of variants"},
    "robust_concentration": {"sv": "Hur nära de valda vikterna", "en": "How close to the chosen weights"},
    "robust_concentration_help": {
        "sv": "Högre = varianterna ligger närmare de valda vikterna (Dirichlet-koncentration).",
        "en": "Higher = the variants stay closer to the chosen weights (Dirichlet concentration).",
    },
    "robust_vary_methods": {"sv": "Variera även normering och sammanvägning",
                            "en": "Also vary normalisation and aggregation"},
    "robust_running": {"sv": "Räknar {n} varianter …", "en": "Computing {n} variants …"},
    "robust_sure": {"sv": "Säkra områden", "en": "Safe areas"},
    "robust_sure_help": {"sv": "Med i förslaget i minst 95 % av varianterna.",
                         "en": "In the proposal in at least 95 % of the variants."},
    "robust_unsure": {"sv": "Osäkra områden", "en": "Uncertain areas"},
    "robust_unsure_help": {"sv": "Med i mellan 5 och 95 % av varianterna.",
                           "en": "In between 5 and 95 % of the variants."},
    "robust_in_point": {"sv": "I förslaget med de valda vikterna", "en": "In the proposal as chosen"},
    "robust_bands": {"sv": "Rangband", "en": "Rank bands"},
    "robust_bands_explained": {
        "sv": "Punkten är områdets typiska rang, strecket visar mellan vilka rangplatser det hamnar i 90 % "
              "av varianterna. Korta streck = stabil plats.",
        "en": "The dot is the area's typical rank, the line where it lands in 90 % of the variants. Short "
              "lines = a stable place.",
    },
    "robust_rank_axis": {"sv": "Rang (1 = störst behov)", "en": "Rank (1 = greatest need)"},
    "robust_p_selected": {"sv": "Sannolikhet att komma med (%)", "en": "Probability of selection (%)"},
    "col_member_areas": {"sv": "Områden i förslaget", "en": "Areas in the proposal"},
    "robust_median_rank": {"sv": "Medianrang", "en": "Median rank"},
    "robust_table": {"sv": "Sannolikhet per område", "en": "Probability per area"},
    "robust_in_point_col": {"sv": "I förslaget nu", "en": "In the proposal now"},
    "yes": {"sv": "Ja", "en": "Yes"},
    "no": {"sv": "Nej", "en": "No"},
    "robust_rank_band": {"sv": "Rangband (5–95 %)", "en": "Rank band (5–95 %)"},
    "robust_map": {"sv": "Hur säkert är varje område?", "en": "How sure is each area?"},
    "robust_map_explained": {
        "sv": "Mörkt = kommer med nästan oavsett rimliga val; ljust = kommer sällan eller aldrig med.",
        "en": "Dark = selected whatever the reasonable choices; light = rarely or never selected.",
    },
    "robust_map_legend": {"sv": "Andel av varianterna", "en": "Share of the variants"},
    "robust_sensitivity": {"sv": "Vad flyttar rangordningen mest?", "en": "What moves the ranking most?"},
    "robust_choice": {"sv": "Val", "en": "Choice"},
    "robust_mean_change": {"sv": "Genomsnittlig rangförändring", "en": "Mean rank change"},
    "robust_data_weights": {"sv": "Vikter ur data", "en": "Weights from the data"},
    "robust_chosen": {"sv": "Valda", "en": "Chosen"},
    "robust_pca": {"sv": "Huvudkomponent (PCA)", "en": "Principal component (PCA)"},
    "robust_equal_corr": {"sv": "Lika efter korrelation", "en": "Equal after correlation"},
    "hot_title": {"sv": "Heta och kalla områden", "en": "Hot and cold spots"},
    "hot_fdr": {"sv": "Striktare gräns (korrigerad för många test)",
                "en": "Stricter cut-off (corrected for many tests)"},
    "hot_fdr_help": {
        "sv": "Med många områden ser omkring 5 % signifikanta ut av en slump. Den striktare gränsen "
              "(false discovery rate) håller nere andelen falska fynd.",
        "en": "With many areas about 5 % look significant by chance. The stricter cut-off (false "
              "discovery rate) keeps the share of false findings down."},
    "hot_global": {
        "sv": "Indexet är {how} på kartan: globalt Morans I = {i} (p {p}).",
        "en": "The index is {how} on the map: global Moran's I = {i} (p {p})."},
    "hot_clustered": {"sv": "rumsligt samlat", "en": "spatially clustered"},
    "hot_dispersed": {"sv": "rumsligt utspritt", "en": "spatially dispersed"},
    "hot_random": {"sv": "inte tydligt samlat", "en": "not clearly clustered"},
    "hot_legend": {"sv": "Lokalt Morans I, p ≤ {p}", "en": "Local Moran's I, p ≤ {p}"},
    "hot_hot": {"sv": "Hett: högt bland höga", "en": "Hot: high among high"},
    "hot_cold": {"sv": "Kallt: lågt bland låga", "en": "Cold: low among low"},
    "hot_high_among_low": {"sv": "Högt bland låga", "en": "High among low"},
    "hot_low_among_high": {"sv": "Lågt bland höga", "en": "Low among high"},
    "hot_not_significant": {"sv": "Inget tydligt mönster", "en": "No clear pattern"},
    "hot_isolate": {"sv": "Saknar grannar", "en": "No neighbours"},
    "hot_no_data": {"sv": "Uppgift saknas", "en": "No data"},
    "hot_p": {"sv": "p-värde", "en": "p-value"},
    "hot_cluster": {"sv": "Mönster", "en": "Pattern"},
    "hot_too_few": {
        "sv": "För få områden med värde och grannar för att leta heta och kalla områden.",
        "en": "Too few areas with a value and neighbours to look for hot and cold spots."},
    "hot_constant": {
        "sv": "Alla områden har samma indexvärde, så det finns inga heta eller kalla områden.",
        "en": "Every area has the same index, so there are no hot or cold spots."},
    "regions_title": {"sv": "Regioner i stället för enskilda områden",
                      "en": "Regions instead of single areas"},
    "regions_floor": {"sv": "Minst antal unga per region",
                      "en": "At least this many young people per region"},
    "regions_floor_help": {
        "sv": "Med fler unga per region blir regionernas UVAS-andel säkrare men regionerna större.",
        "en": "More young people per region make its UVAS share more reliable but the regions larger."},
    "regions_running": {"sv": "Bildar regioner …", "en": "Forming regions …"},
    "regions_count": {"sv": "Regioner", "en": "Regions"},
    "regions_proposed": {"sv": "Föreslagna regioner", "en": "Proposed regions"},
    "regions_overlap": {"sv": "Samma unga som regelförslaget", "en": "Same young people as the rule"},
    "regions_overlap_help": {
        "sv": "Andel av de unga i något av förslagen som finns i båda (100 % = samma förslag).",
        "en": "Share of the young people in either proposal who are in both (100 % = the same)."},
    "regions_incomplete": {
        "sv": "Tidsgränsen nåddes: {n} regioner har färre unga än golvet. Försök med ett lägre golv.",
        "en": "The time limit was reached: {n} regions have fewer young people than the floor. Try a "
              "lower floor."},
    "regions_below": {
        "sv": "{n} regioner når inte golvet eftersom de ligger isolerade från resten av kartan.",
        "en": "{n} regions do not reach the floor because they are cut off from the rest of the map."},
    "regions_both": {"sv": "I båda förslagen", "en": "In both proposals"},
    "regions_rule_only": {"sv": "Bara i regelförslaget", "en": "Only in the rule-based proposal"},
    "regions_regions_only": {"sv": "Bara i regionförslaget", "en": "Only in the region proposal"},
    "regions_outside": {"sv": "I inget förslag", "en": "In neither"},
    "regions_map_legend": {"sv": "Jämförelse av förslagen", "en": "The proposals compared"},
    "regions_outline": {"sv": "Regioner", "en": "Regions"},
    "regions_table_region": {"sv": "Region", "en": "Region"},
    "regions_table_areas": {"sv": "Områden", "en": "Areas"},
    "regions_table_youth": {"sv": "Unga", "en": "Young people"},
    "regions_table_score": {"sv": "Index (viktat med unga)", "en": "Index (youth-weighted)"},
    "regions_table_uvas": {"sv": "UVAS (viktat med unga)", "en": "UVAS (youth-weighted)"},
    "regions_table_members": {"sv": "Ingående områden", "en": "Member areas"},
    # Exports
    "export_format": {"sv": "Bildformat", "en": "Image format"},
    "export_print": {"sv": "För tryck (300 dpi, A4)", "en": "For print (300 dpi, A4)"},
    "export_map": {"sv": "Ladda ner kartan", "en": "Download the map"},
    "export_date": {"sv": "Kartan skapad {date}", "en": "Map made {date}"},
    "report_date": {"sv": "Skapad {date}", "en": "Made {date}"},
    # Data and import
    "sources_title": {"sv": "Källor", "en": "Sources"},
    "sources_table": {"sv": "Tabell", "en": "Table"},
    "sources_name": {"sv": "Innehåll", "en": "Contents"},
    "sources_fetched": {"sv": "Hämtad", "en": "Fetched"},
    "sources_status": {"sv": "Status", "en": "Status"},
    "sources_url": {"sv": "Adress", "en": "Address"},
    "data_intro": {
        "sv": "Vad datapaketet innehåller, hur verkliga uppgifterna är, och import av egna filer.",
        "en": "What the data package holds, how real each figure is, and importing your own files.",
    },
    "package_contents": {"sv": "Datapaketets innehåll", "en": "Contents of the data package"},
    "col_level": {"sv": "Nivå", "en": "Level"},
    "col_areas": {"sv": "Områden", "en": "Areas"},
    "col_indicator": {"sv": "Indikator", "en": "Indicator"},
    "col_status": {"sv": "Status", "en": "Status"},
    "col_years": {"sv": "År", "en": "Years"},
    "col_levels": {"sv": "Nivåer", "en": "Levels"},
    "col_note": {"sv": "Kommentar", "en": "Note"},
    "col_role": {"sv": "Roll", "en": "Role"},
    "role_follow_up": {"sv": "Uppföljningsmått", "en": "Follow-up statistic"},
    "role_index": {"sv": "Index", "en": "Index"},
    "role_descriptive": {"sv": "Beskrivande", "en": "Descriptive"},
    "import_heading": {"sv": "Importera egna filer", "en": "Import your own files"},
    "import_help": {
        "sv": (
            "Geometrier som GeoJSON, GeoPackage eller zippad shapefil; indikatorer som CSV eller "
            "XLSX, brett (kolumnerna `area_id` för områdets kod, `år` och en kolumn per indikator) eller "
            "långt (`area_id`, `år`, `indikator`, `värde`). Semikolon, decimalkomma och "
            "Windows-teckenkodning går bra."
        ),
        "en": (
            "Geometries as GeoJSON, GeoPackage or zipped shapefile; indicators as CSV or XLSX, wide "
            "(columns `area_id` for the area's code, `year` and one column per indicator) or long "
            "(`area_id`, `year`, `indicator`, `value`). "
            "Semicolons, decimal commas and Windows encodings are fine."
        ),
    },
    "upload_files": {"sv": "Välj filer", "en": "Choose files"},
    "upload_files_help": {"sv": "Högst 50 MB per fil.", "en": "At most 50 MB per file."},
    "upload_level": {"sv": "Nivåns namn för uppladdade geometrier",
                     "en": "Level name for uploaded geometries"},
    "upload_validate": {"sv": "Kontrollera filerna", "en": "Check the files"},
    "upload_refused": {
        "sv": "Filerna kunde inte tas emot. De data som redan är inlästa används som förut.",
        "en": "The files were refused. The data already loaded stays in use.",
    },
    "upload_accepted": {"sv": "Filerna är godkända.", "en": "The files were accepted."},
    "upload_warnings": {"sv": "Att känna till:", "en": "Worth knowing:"},
    "upload_use": {"sv": "Använd de uppladdade data", "en": "Use the uploaded data"},
    "upload_in_use": {
        "sv": "De uppladdade data används nu. Välj '{name}' i datapaketsväljaren för att se dem.",
        "en": "The uploaded data is now in use. Pick '{name}' in the package picker to see it.",
    },
    "upload_source": {"sv": "Källa att visa vid kartor och tabeller",
                      "en": "Source to show with maps and tables"},
    "upload_source_help": {
        "sv": "Vem som har tagit fram uppgifterna, t.ex. \"Skolenkäten 2024, grundskoleförvaltningen\". "
              "Uppladdade data kallas aldrig verkliga data eller SCB-data.",
        "en": "Who produced the data, e.g. \"School survey 2024, education department\". Uploaded "
              "data is never called real data or SCB data.",
    },
    "upload_default_source": {"sv": "Egen uppladdning: {files}", "en": "Own upload: {files}"},
    "upload_accepted_as": {"sv": "Filerna är godkända och märks \"{label}\".",
                           "en": "The files were accepted and are labelled \"{label}\"."},
    "city_value_partial": {"sv": "De uppladdade områdena", "en": "The uploaded areas"},
    "city_value_from_areas": {"sv": "Beräknat från {n} områden med värde.",
                              "en": "Computed from {n} areas with a value."},
    "city_value_from_areas_partial": {
        "sv": "Bara de {n} uppladdade områdena med värde – inte hela staden.",
        "en": "Only the {n} uploaded areas with a value – not the whole city.",
    },
    "upload_new_level": {"sv": "Ny nivå", "en": "New level"},
    "upload_default_level_name": {"sv": "Egna områden", "en": "Own areas"},
    "upload_level_exists": {"sv": "Nivån '{level}' finns redan i paketet. Välj ett annat namn.",
                            "en": "The level '{level}' already exists in the package. Pick another name."},
    "upload_geometry_needs_new_level": {
        "sv": "Geometrier kan bara laddas upp som en ny nivå. Välj 'Ny nivå'.",
        "en": "Geometries can only be uploaded as a new level. Choose 'New level'.",
    },
    "upload_needs_geometry": {
        "sv": "Ladda upp geometrier (och gärna en indikatortabell) för att skapa en ny nivå.",
        "en": "Upload geometries (and ideally an indicator table) to make a new level.",
    },
    "open_other_package": {"sv": "Öppna ett annat datapaket", "en": "Open another data package"},
    "open_other_help": {
        "sv": (
            "Lägg paketmappen under `data/` (t.ex. `python -m cli build-malmo ../shared/data/real "
            "data/malmo`) eller starta appen med `KRAFTSAMLA_DATA=/sökväg/till/paket`."
        ),
        "en": (
            "Put the package folder under `data/` (e.g. `python -m cli build-malmo "
            "../shared/data/real data/malmo`) or start the app with "
            "`KRAFTSAMLA_DATA=/path/to/package`."
        ),
    },
    # --- Issue 21: access to everyday places (OpenStreetMap) and young people's survey answers ------
    "osm_left_out_title": {"sv": "OpenStreetMap: vad som inte räknas",
                           "en": "OpenStreetMap: what is not counted"},
    "osm_left_out_caption": {
        "sv": ("Platser i uttaget som inte ingår i tillgänglighetsindikatorerna, och varför. Kvar i "
               "kommunen: {kept}. © OpenStreetMap-bidragsgivare (ODbL)."),
        "en": ("Places in the extract that the access indicators leave out, and why. Kept in the "
               "municipality: {kept}. © OpenStreetMap contributors (ODbL)."),
    },
    "osm_col_kind": {"sv": "Slag", "en": "Kind"},
    "osm_col_reason": {"sv": "Skäl", "en": "Reason"},
    "osm_col_count": {"sv": "Antal", "en": "Number"},
    "osm_kind_playground": {"sv": "Lekplatser", "en": "Playgrounds"},
    "osm_kind_park": {"sv": "Parker", "en": "Parks"},
    "osm_kind_library": {"sv": "Bibliotek", "en": "Libraries"},
    "osm_kind_sports_centre": {"sv": "Idrottsanläggningar", "en": "Sports facilities"},
    "osm_kind_community_centre": {"sv": "Fritids- och kulturlokaler", "en": "Community centres"},
    "osm_kind_school": {"sv": "Skolor", "en": "Schools"},
    "osm_kind_": {"sv": "Övrigt", "en": "Other"},
    "osm_left_out_outside": {"sv": "Utanför kommunen", "en": "Outside the municipality"},
    "osm_left_out_swimming_pool": {
        "sv": "Simbassäng (oftast en privat trädgårdspool; badhus räknas som idrottsanläggning)",
        "en": "Pool basin (mostly a private garden pool; public baths count as sports facilities)",
    },
    "osm_left_out_fitness_centre": {"sv": "Gym med medlemskap och åldersgräns",
                                    "en": "Membership gym with an age limit"},
    "osm_left_out_access": {"sv": "Inte öppen för alla (access={value})",
                            "en": "Not open to everyone (access={value})"},
    "osm_left_out_no_kind": {"sv": "Annat slag av plats", "en": "Another kind of place"},
    "osm_left_out_duplicate": {"sv": "Dubblett", "en": "Duplicate"},
    "osm_left_out_no_geometry": {"sv": "Saknar geometri", "en": "No geometry"},
    "osm_error_missing": {"sv": "Filen eller mappen finns inte.",
                          "en": "The file or folder does not exist."},
    "osm_error_no_files": {"sv": "Mappen innehåller ingen fil av typen {suffixes}.",
                           "en": "The folder holds no file of type {suffixes}."},
    "osm_error_unreadable": {"sv": "Filen kan inte läsas: {error}",
                             "en": "The file cannot be read: {error}"},
    "osm_error_no_crs": {"sv": "Filen anger inget koordinatsystem (CRS).",
                         "en": "The file has no coordinate reference system (CRS)."},
    "osm_error_no_tags": {
        "sv": ("Filen har inga OSM-taggar: ingen kolumn 'tags', 'other_tags', 'leisure' eller "
               "'amenity'. Kolumner i filen: {columns}."),
        "en": ("The file has no OSM tags: no column 'tags', 'other_tags', 'leisure' or 'amenity'. "
               "Columns in the file: {columns}."),
    },
    "osm_access_written": {"sv": "{name}: tillgänglighet från OpenStreetMap → {path}",
                           "en": "{name}: access from OpenStreetMap → {path}"},
    "osm_access_kept": {"sv": "Kvar i kommunen: {kept}", "en": "Kept in the municipality: {kept}"},
    "osm_access_left_out": {"sv": "Utelämnat: {count} {kind} – {reason}",
                            "en": "Left out: {count} {kind} – {reason}"},
    "osm_access_range": {"sv": "{indicator}, {level}: {low}–{high} % (median {median} %)",
                         "en": "{indicator}, {level}: {low}–{high}% (median {median}%)"},
    "survey_heading": {"sv": "Ungas egna svar: enkätresultat per område",
                       "en": "Young people's own answers: survey results per area"},
    "survey_help": {
        "sv": ("En rad per område, år och fråga, t.ex. från skolenkäten eller LUPP. Kolumner: område "
               "(områdeskod), år, fråga (kort id), gärna frågetext, andel (procent som svarat ja) eller "
               "antal_ja, och svarande (antal som svarat i området). Valfritt: riktning ('högre är "
               "bättre' eller 'högre är sämre'). CSV med semikolon och decimalkomma går bra. Områden "
               "med för få svarande visas aldrig, inte heller som antal."),
        "en": ("One row per area, year and question, e.g. from a school survey or LUPP. Columns: area "
               "(area code), year, question (short id), ideally the question's text, share (percent "
               "answering yes) or yes count, and respondents (number who answered in the area). "
               "Optional: direction ('higher is better' or 'higher is worse'). CSV with semicolons and "
               "decimal commas is fine. Areas with too few respondents are never shown, not even as "
               "counts."),
    },
    "survey_example": {
        "sv": ("område;år;fråga;frågetext;andel;svarande\n"
               "1280C1010;2024;trygg;Känner sig trygg i sitt område;72,5;40"),
        "en": ("area_id,year,question,question_label,share,respondents\n"
               "1280C1010,2024,safe,Feels safe in their area,72.5,40"),
    },
    "survey_file": {"sv": "Enkätfil (CSV eller XLSX)", "en": "Survey file (CSV or XLSX)"},
    "survey_level": {"sv": "Områdesnivå i filen", "en": "Area level of the file"},
    "survey_min": {"sv": "Minsta antal svarande för att visa ett värde",
                   "en": "Fewest respondents for a value to be shown"},
    "survey_check": {"sv": "Kontrollera enkätfilen", "en": "Check the survey file"},
    "survey_refused": {
        "sv": "Enkätfilen avvisades. Inget har ändrats; data som redan är inlästa används som förut.",
        "en": "The survey file was refused. Nothing changed; the data already loaded stays in use.",
    },
    "survey_accepted": {
        "sv": "Enkätfilen kan användas: {questions} frågor, {rows} områdesvärden, år {years}.",
        "en": "The survey file can be used: {questions} questions, {rows} area values, years {years}.",
    },
    "survey_col_question": {"sv": "Fråga", "en": "Question"},
    "survey_col_rows": {"sv": "Områdesvärden", "en": "Area values"},
    "survey_col_suppressed": {"sv": "Undertryckta (för få svarande)",
                              "en": "Suppressed (too few respondents)"},
    "survey_role": {"sv": "Hur ska frågorna användas?", "en": "How should the questions be used?"},
    "survey_role_descriptive": {"sv": "Visas som beskrivning (vägs inte in)",
                                "en": "Shown as description (not weighted)"},
    "survey_role_follow_up": {"sv": "Följs upp över tid", "en": "Followed up over time"},
    "survey_role_index": {"sv": "Kan vägas in i behovsindex",
                          "en": "Can be weighted into the need index"},
    "survey_direction": {"sv": "Riktning: {label}", "en": "Direction: {label}"},
    "survey_direction_needed": {"sv": "Välj riktning för varje fråga som filen inte anger den för.",
                                "en": "Choose a direction for every question the file gives none for."},
    "survey_source": {"sv": "Källa att visa med värdena", "en": "Source shown with the values"},
    "survey_default_source": {"sv": "Egen uppladdning: {file}", "en": "Own upload: {file}"},
    "survey_use": {"sv": "Använd enkätsvaren", "en": "Use the survey answers"},
    "survey_in_use": {
        "sv": "Enkätsvaren används nu i '{name}' och kan väljas som indikatorer på Översikt.",
        "en": "The survey answers are now in use in '{name}' and can be picked as indicators on Overview.",
    },
    "survey_definition": {
        "sv": ("Andel svarande som svarat ja på frågan ”{label}” ({question}), per område. Områden med "
               "färre än {min} svarande visas inte."),
        "en": ("Share of respondents answering yes to “{label}” ({question}), per area. Areas with "
               "fewer than {min} respondents are not shown."),
    },
    "survey_note": {
        "sv": ("Enkätsvar från filen {file} (källa: {source}). Osäkerheten beräknas från antalet "
               "svarande; områden med färre än {min} svarande är undertryckta."),
        "en": ("Survey answers from the file {file} (source: {source}). Uncertainty is computed from "
               "the number of respondents; areas with fewer than {min} respondents are suppressed."),
    },
    "survey_role_area_id": {"sv": "områdeskod", "en": "area code"},
    "survey_role_year": {"sv": "år", "en": "year"},
    "survey_role_question": {"sv": "fråga", "en": "question"},
    "survey_role_respondents": {"sv": "antal svarande", "en": "number of respondents"},
    "survey_file_type": {"sv": "Filtypen {suffix} kan inte läsas. Använd CSV (.csv) eller Excel (.xlsx).",
                         "en": "The file type {suffix} cannot be read. Use CSV (.csv) or Excel (.xlsx)."},
    "survey_too_large": {"sv": "Filen är {mb} MB; största tillåtna storlek är {limit} MB.",
                         "en": "The file is {mb} MB; the largest allowed is {limit} MB."},
    "survey_empty": {"sv": "Filen är tom.", "en": "The file is empty."},
    "survey_no_rows": {"sv": "Filen har en rubrikrad men inga datarader.",
                       "en": "The file has a header row but no data rows."},
    "survey_missing_column": {
        "sv": "Kolumnen för {role} saknas (förväntade en av: {expected}). Kolumner i filen: {found}.",
        "en": "The column for {role} is missing (expected one of: {expected}). Columns in the file: "
              "{found}.",
    },
    "survey_missing_share_column": {
        "sv": "Det finns varken en kolumn med andel eller med antal ja-svar (förväntade en av: {expected}).",
        "en": "There is neither a share column nor a yes-count column (expected one of: {expected}).",
    },
    "survey_unused_column": {"sv": "Kolumnen används inte.", "en": "The column is not used."},
    "survey_not_a_number": {"sv": "'{value}' är inget tal.", "en": "'{value}' is not a number."},
    "survey_negative": {"sv": "Antalet {value} är negativt.", "en": "The count {value} is negative."},
    "survey_not_whole": {"sv": "Antalet {value} är inget heltal.",
                         "en": "The count {value} is not a whole number."},
    "survey_share_out_of_range": {"sv": "Andelen {value} ligger utanför 0–100 procent.",
                                  "en": "The share {value} is outside 0–100 percent."},
    "survey_yes_exceeds_respondents": {
        "sv": "Fler ja-svar ({yes}) än svarande ({respondents}).",
        "en": "More yes answers ({yes}) than respondents ({respondents}).",
    },
    "survey_missing_value": {"sv": "Raden har varken andel eller antal ja-svar.",
                             "en": "The row has neither a share nor a yes count."},
    "survey_missing_respondents": {"sv": "Antalet svarande saknas.",
                                   "en": "The number of respondents is missing."},
    "survey_missing_area_id": {"sv": "Områdeskoden saknas.", "en": "The area code is missing."},
    "survey_bad_year": {"sv": "'{value}' är inget rimligt årtal.",
                        "en": "'{value}' is not a plausible year."},
    "survey_missing_question": {"sv": "Frågan saknas.", "en": "The question is missing."},
    "survey_bad_question_id": {"sv": "'{value}' kan inte bli ett frågeid; använd bokstäver eller siffror.",
                               "en": "'{value}' cannot become a question id; use letters or digits."},
    "survey_question_clash": {
        "sv": "Frågorna '{first}' och '{second}' får samma id ({ident}); byt namn på en av dem.",
        "en": "The questions '{first}' and '{second}' get the same id ({ident}); rename one of them.",
    },
    "survey_label_differs": {
        "sv": "Frågan '{question}' har en annan text än tidigare ('{label}'); den första används.",
        "en": "The question '{question}' has another text than before ('{label}'); the first is used.",
    },
    "survey_bad_direction": {
        "sv": "'{value}' är ingen riktning; skriv 'högre är bättre' eller 'högre är sämre'.",
        "en": "'{value}' is not a direction; write 'higher is better' or 'higher is worse'.",
    },
    "survey_direction_conflict": {
        "sv": "Frågan '{question}' har olika riktning på olika rader.",
        "en": "The question '{question}' has different directions on different rows.",
    },
    "survey_unknown_area": {
        "sv": "Områdeskoden '{area_id}' finns inte på nivån '{level}'.",
        "en": "The area code '{area_id}' is not an area at level '{level}'.",
    },
    "survey_duplicate": {
        "sv": ("Dubblett: område '{area_id}', år {year}, fråga '{question}' finns redan på rad "
               "{first_row}."),
        "en": ("Duplicate: area '{area_id}', year {year}, question '{question}' is already on row "
               "{first_row}."),
    },
    "survey_suppressed": {
        "sv": "{count} områdesvärden för frågan '{question}' visas inte: färre än {min} svarande.",
        "en": "{count} area values of the question '{question}' are not shown: fewer than {min} respondents.",
    },
    "survey_share_differs": {
        "sv": "Andelen {share} stämmer inte med antalen ({computed}); antalen används.",
        "en": "The share {share} does not match the counts ({computed}); the counts are used.",
    },
    "survey_more": {"sv": "… och {count} till av samma slag (visas inte).",
                    "en": "… and {count} more of the same kind (not shown)."},
    "survey_unexpected": {
        "sv": "Filen kunde inte läsas på grund av ett oväntat fel ({error}).",
        "en": "The file could not be read because of an unexpected error ({error}).",
    },
    # --- SCB: fetch-scb and the fetch button on "Data och import" (issue 19) ---------------------
    "scb_progress_boundaries": {
        "sv": "Hämtar gränser {i}/{n}: {layer} för {kommun} ({code})",
        "en": "Fetching boundaries {i}/{n}: {layer} for {kommun} ({code})",
    },
    "scb_progress_deso_key": {
        "sv": "Hämtar SCB:s nyckel DeSO 2018–2025",
        "en": "Fetching SCB's DeSO 2018–2025 key",
    },
    "scb_progress_table": {
        "sv": "Hämtar tabell {i}/{n}: {what} ({table_id}): tabellbeskrivning",
        "en": "Fetching table {i}/{n}: {what} ({table_id}): table description",
    },
    "scb_progress_part": {
        "sv": "Hämtar tabell {i}/{n}: {what} ({table_id}) (del {part}/{parts})",
        "en": "Fetching table {i}/{n}: {what} ({table_id}) (part {part}/{parts})",
    },
    "scb_progress_retry": {
        "sv": "  {detail} – försöker igen om {delay} s ({attempt}/{retries})",
        "en": "  {detail} – trying again in {delay} s ({attempt}/{retries})",
    },
    "scb_progress_building": {"sv": "Bygger paketet", "en": "Building the package"},
    "scb_unavailable": {
        "sv": "Kunde inte nå SCB ({host}): {detail}. Kontrollera nätverket och försök igen; redan "
              "hämtade svar ligger kvar i cachen ({cache}) och hämtas inte igen. Inget skrevs.",
        "en": "Could not reach SCB ({host}): {detail}. Check the network and try again; answers "
              "already fetched stay in the cache ({cache}) and are not fetched again. Nothing was "
              "written.",
    },
    "scb_write_failed": {
        "sv": "{path}: Kan inte skriva paketet: {detail}",
        "en": "{path}: Cannot write the package: {detail}",
    },
    "scb_fetch_crashed": {
        "sv": "Hämtningen avbröts av ett fel: {detail}. Inget skrevs.",
        "en": "The fetch stopped with an error: {detail}. Nothing was written.",
    },
    "scb_not_a_package_folder": {
        "sv": "{path}: finns redan och är inget datapaket; välj en ny eller tom mapp.",
        "en": "{path}: already exists and is not a data package; choose a new or empty folder.",
    },
    "scb_cli_needs_kommun_and_out": {
        "sv": "Ange --kommun KOD och en paketmapp (eller --check).",
        "en": "Give --kommun CODE and a package folder (or --check).",
    },
    "scb_cli_start": {
        "sv": "Hämtar SCB:s öppna data för {kommun} ({code}); cache: {cache}",
        "en": "Fetching SCB's open data for {kommun} ({code}); cache: {cache}",
    },
    "scb_cli_done": {
        "sv": "{name} → {path} ({seconds} s, {calls} anrop till SCB)",
        "en": "{name} → {path} ({seconds} s, {calls} calls to SCB)",
    },
    "scb_cli_level": {"sv": "  {level}: {n} områden", "en": "  {level}: {n} areas"},
    "scb_cli_break": {"sv": " – brott i serien {year}", "en": " – series break {year}"},
    "scb_cli_classification": {
        "sv": "  {name}: {areas} områden, {years}",
        "en": "  {name}: {areas} areas, {years}",
    },
    "scb_check_match": {
        "sv": "OK        {table_id} ({what}) stämmer med katalogen",
        "en": "OK        {table_id} ({what}) matches the catalogue",
    },
    "scb_check_changed": {
        "sv": "ÄNDRAD    {table_id} ({what}) stämmer inte med katalogen",
        "en": "CHANGED   {table_id} ({what}) no longer matches the catalogue",
    },
    "scb_check_missing": {
        "sv": "SAKNAS    {table_id} ({what}) finns inte hos SCB (404): {url}",
        "en": "MISSING   {table_id} ({what}) does not exist at SCB (404): {url}",
    },
    "scb_check_unreadable": {
        "sv": "OLÄSLIG   {table_id} ({what}): beskrivningen kunde inte läsas",
        "en": "UNREADABLE {table_id} ({what}): the description could not be read",
    },
    "scb_check_years": {"sv": "    år {first}–{last}", "en": "    years {first}–{last}"},
    "scb_check_new_years": {
        "sv": "    nya år sedan katalogen skrevs: {years}",
        "en": "    years published since the catalogue was written: {years}",
    },
    "scb_check_summary_ok": {
        "sv": "Alla {n} tabeller stämmer med katalogen.",
        "en": "All {n} tables match the catalogue.",
    },
    "scb_check_summary_bad": {
        "sv": "Stämmer inte: {tables}. Uppdatera datapackage/scb/catalogue.py innan nästa hämtning.",
        "en": "Do not match: {tables}. Update datapackage/scb/catalogue.py before the next fetch.",
    },
    "scb_fetch_heading": {"sv": "Hämta riktiga data från SCB", "en": "Fetch real data from SCB"},
    "scb_fetch_help": {
        "sv": "Bygger ett datapaket för valfri kommun ur SCB:s öppna data: DeSO- och RegSO-gränser, "
              "UVAS, ekonomiskt bistånd, behörighet, låg ekonomisk standard, folkmängd och SCB:s "
              "områdestyp – alla publicerade år, äldre år överförda till 2025 års områden. Kräver "
              "internet; samma hämtning som `python -m cli fetch-scb`.",
        "en": "Builds a data package for any kommun from SCB's open data: DeSO and RegSO "
              "boundaries, NEET, social assistance, eligibility, low economic standard, population "
              "and SCB's area type – every published year, older years carried onto the 2025 "
              "areas. Needs the internet; the same fetch as `python -m cli fetch-scb`.",
    },
    "scb_fetch_search": {"sv": "Sök kommun", "en": "Search for a kommun"},
    "scb_fetch_search_help": {
        "sv": "Skriv en del av namnet, t.ex. 'malm'.",
        "en": "Type part of the name, e.g. 'malm'.",
    },
    "scb_fetch_kommun": {"sv": "Kommun", "en": "Kommun"},
    "scb_fetch_no_match": {
        "sv": "Ingen kommun matchar '{query}'. Hela listan har Sveriges 290 kommuner.",
        "en": "No kommun matches '{query}'. The list holds Sweden's 290 kommuner.",
    },
    "scb_fetch_plan": {
        "sv": "Hämtas: DeSO- och RegSO-gränser, SCB:s nyckel DeSO 2018–2025 och {tables} tabeller "
              "– omkring {requests} frågor till SCB, ungefär {duration} (snabbare när svaren redan "
              "finns i cachen).",
        "en": "Fetched: DeSO and RegSO boundaries, SCB's DeSO 2018–2025 key and {tables} tables "
              "– about {requests} requests to SCB, roughly {duration} (faster when the answers are "
              "already in the cache).",
    },
    "scb_col_table": {"sv": "Tabell", "en": "Table"},
    "scb_col_what": {"sv": "Innehåll", "en": "Contents"},
    "scb_col_years": {"sv": "År", "en": "Years"},
    "scb_col_requests": {"sv": "Frågor", "en": "Requests"},
    "scb_fetch_target": {"sv": "Paketet skrivs till {path}.", "en": "The package is written to {path}."},
    "scb_fetch_start": {"sv": "Hämta data för {kommun}", "en": "Fetch data for {kommun}"},
    "scb_fetch_cancel": {"sv": "Avbryt hämtningen", "en": "Cancel the fetch"},
    "scb_fetch_starting": {"sv": "Startar hämtningen …", "en": "Starting the fetch …"},
    "scb_fetch_cancelling": {"sv": "Avbryter …", "en": "Cancelling …"},
    "scb_fetch_time_left": {"sv": " – ungefär {duration} kvar", "en": " – about {duration} left"},
    "scb_fetch_running": {
        "sv": "Hämtar {kommun} från SCB. Sidan går att använda under tiden.",
        "en": "Fetching {kommun} from SCB. The page stays usable meanwhile.",
    },
    "scb_fetch_cancelled": {
        "sv": "Hämtningen avbröts. Inget skrevs; redan hämtade svar ligger kvar i cachen.",
        "en": "The fetch was cancelled. Nothing was written; answers already fetched stay in the "
              "cache.",
    },
    "scb_fetch_done": {
        "sv": "Klart: {name} ({calls} anrop till SCB, {duration}).",
        "en": "Done: {name} ({calls} calls to SCB, {duration}).",
    },
    "scb_fetch_open": {"sv": "Öppna paketet", "en": "Open the package"},
    "scb_fetch_notes": {"sv": "Att känna till", "en": "Worth knowing"},
    "scb_fetch_failed": {"sv": "Hämtningen misslyckades:", "en": "The fetch failed:"},
    "scb_fetch_dismiss": {"sv": "Stäng", "en": "Close"},
    "scb_duration_seconds": {"sv": "{n} s", "en": "{n} s"},
    "scb_duration_minutes": {"sv": "{n} min", "en": "{n} min"},
    # --- Shared store: who, history, undo, conflicts, read failures (helper "store"; ui/identity.py,
    # ui/persist.py, ui/history.py, the Scenarier section of Områdesval, Insatser) ---
    "identity_name": {"sv": "Ditt namn", "en": "Your name"},
    "identity_help": {
        "sv": "Sparas med det du ändrar, så att andra ser vem som har ändrat vad.",
        "en": "Saved with what you change, so others can see who changed what.",
    },
    "identity_needed": {
        "sv": "Skriv ditt namn innan du sparar, så att andra ser vem som har ändrat. Det du har skrivit "
              "finns kvar; spara igen när namnet är ifyllt.",
        "en": "Write your name before saving, so others can see who changed it. What you typed is still "
              "here; save again once your name is filled in.",
    },
    "identity_needed_sidebar": {
        "sv": "Skriv ditt namn i fältet 'Ditt namn' i sidofältet innan du sparar, så att andra ser vem "
              "som har ändrat. Det du har skrivit finns kvar; spara igen när namnet är ifyllt.",
        "en": "Write your name in the 'Your name' field in the sidebar before saving, so others can see "
              "who changed it. What you typed is still here; save again once your name is filled in.",
    },
    "identity_signed_in": {"sv": "Inloggad som {name}", "en": "Signed in as {name}"},
    "store_read_failed": {
        "sv": "Det gick inte att läsa det som är sparat: {reason}",
        "en": "What is saved could not be read: {reason}",
    },
    "store_unavailable_read": {
        "sv": "Databasen kan inte nås, så det som är sparat kan inte läsas just nu: {reason}",
        "en": "The database cannot be reached, so what is saved cannot be read right now: {reason}",
    },
    "store_name_taken": {"sv": "Namnet är upptaget: {reason}", "en": "The name is taken: {reason}"},
    "conflict_heading": {
        "sv": "Någon annan har sparat samma sak medan du ändrade. Ditt har inte sparats men finns kvar; "
              "jämför och välj.",
        "en": "Someone else saved the same thing while you were editing. Yours has not been saved but "
              "is still here; compare and choose.",
    },
    "conflict_field": {"sv": "Uppgift", "en": "Field"},
    "conflict_theirs": {"sv": "Sparat nu (av {who}, {when})", "en": "Saved now (by {who}, {when})"},
    "conflict_removed": {"sv": "Borttaget av någon annan", "en": "Removed by someone else"},
    "conflict_yours": {"sv": "Det du skrev", "en": "What you typed"},
    "conflict_differs": {"sv": "Skiljer sig", "en": "Differs"},
    "conflict_keep_mine": {
        "sv": "Behåll mina ändringar ovanpå det sparade (spara sedan igen)",
        "en": "Keep my changes on top of what is saved (then save again)",
    },
    "conflict_take_theirs": {"sv": "Använd det sparade", "en": "Use what is saved"},
    "conflict_save_anew": {"sv": "Behåll mitt och spara det som nytt", "en": "Keep mine and save it anew"},
    "conflict_discard": {"sv": "Släpp mina ändringar", "en": "Drop my changes"},
    "history_heading": {"sv": "Historik (antal versioner: {n})", "en": "History (number of versions: {n})"},
    "history_empty": {
        "sv": "Inga ändringar är sparade sedan historiken började föras.",
        "en": "No changes have been saved since the history began.",
    },
    "history_col_version": {"sv": "Version", "en": "Version"},
    "history_col_action": {"sv": "Ändring", "en": "Change"},
    "history_col_who": {"sv": "Vem", "en": "Who"},
    "history_col_when": {"sv": "När", "en": "When"},
    "history_col_changes": {"sv": "Vad", "en": "What"},
    "history_action_create": {"sv": "Skapad", "en": "Created"},
    "history_action_update": {"sv": "Ändrad", "en": "Changed"},
    "history_action_delete": {"sv": "Borttagen", "en": "Removed"},
    "history_action_restore": {"sv": "Återställd", "en": "Restored"},
    "history_created": {"sv": "Skapad", "en": "Created"},
    "history_removed": {"sv": "Borttagen", "en": "Removed"},
    "history_no_change": {"sv": "Inga synliga ändringar", "en": "No visible changes"},
    "history_unknown_person": {"sv": "okänd", "en": "unknown"},
    "history_unreadable": {"sv": "(kan inte läsas)", "en": "(cannot be read)"},
    "history_yes": {"sv": "ja", "en": "yes"},
    "history_no": {"sv": "nej", "en": "no"},
    "history_version": {"sv": "Version {version}", "en": "Version {version}"},
    "history_restore_pick": {"sv": "Tidigare version", "en": "Earlier version"},
    "history_restore_button": {"sv": "Återställ den versionen", "en": "Restore that version"},
    "history_restored": {
        "sv": "Version {version} är återställd (som en ny version).",
        "en": "Version {version} is restored (as a new version).",
    },
    "history_scope_proposal": {"sv": "de föreslagna områdena", "en": "the proposed areas"},
    "history_scope_city": {"sv": "hela staden", "en": "the whole city"},
    "history_field_name": {"sv": "Namn", "en": "Name"},
    "history_field_board": {"sv": "Ansvarig nämnd", "en": "Responsible board"},
    "history_field_area_level": {"sv": "Områdesnivå", "en": "Area level"},
    "history_field_area_ids": {"sv": "Områden", "en": "Areas"},
    "history_field_start_year": {"sv": "Startår", "en": "Start year"},
    "history_field_budget_sek": {"sv": "Budget (kr/år)", "en": "Budget (SEK/year)"},
    "history_field_description": {"sv": "Beskrivning", "en": "Description"},
    "history_field_kind": {"sv": "Typ", "en": "Kind"},
    "history_field_unit": {"sv": "Enhet", "en": "Unit"},
    "history_field_direction": {"sv": "Riktning", "en": "Direction"},
    "history_field_baseline_year": {"sv": "Basår", "en": "Baseline year"},
    "history_field_baseline_value": {"sv": "Basvärde", "en": "Baseline value"},
    "history_field_target_2030": {"sv": "Mål 2030", "en": "Target 2030"},
    "history_field_target_2035": {"sv": "Mål 2035", "en": "Target 2035"},
    "history_field_scenario": {"sv": "Val (nivå, år, regel, vikter)", "en": "Choices (level, year, rule, "
                                                                              "weights)"},
    "history_field_scenario_json": {"sv": "Sparade val", "en": "Saved choices"},
    "history_field_checkpoints": {"sv": "Mål", "en": "Targets"},
    "history_field_scenario_name": {"sv": "Scenario", "en": "Scenario"},
    "history_field_responsible_board": {"sv": "Ansvarig nämnd", "en": "Responsible board"},
    "history_field_scope": {"sv": "Gäller", "en": "Applies to"},
    "history_field_year": {"sv": "År", "en": "Year"},
    "history_field_value": {"sv": "Värde", "en": "Value"},
    "history_field_numerator": {"sv": "Täljare", "en": "Numerator"},
    "history_field_denominator": {"sv": "Nämnare", "en": "Denominator"},
    "history_field_note": {"sv": "Kommentar", "en": "Note"},
    "history_field_reported_by": {"sv": "Rapporterat av", "en": "Reported by"},
    "deleted_heading": {"sv": "Borttaget ({n}) – kan återställas", "en": "Removed ({n}) – can be restored"},
    "deleted_line": {"sv": "{name} – borttagen av {who}, {when}", "en": "{name} – removed by {who}, {when}"},
    "deleted_restore": {"sv": "Återställ", "en": "Restore"},
    "deleted_done": {"sv": "'{name}' är borttagen.", "en": "'{name}' is removed."},
    "deleted_undo": {"sv": "Ångra", "en": "Undo"},
    "deleted_undone": {"sv": "'{name}' är återställd.", "en": "'{name}' is restored."},
    # Områdesval: scenarios shared by everyone
    "scenario_exists_hint": {
        "sv": "Det finns redan ett scenario med det namnet ({level}, {year}, sparat av {author}). Att "
              "spara ersätter det – du får frågan först.",
        "en": "A scenario with that name exists ({level}, {year}, saved by {author}). Saving replaces "
              "it – you will be asked first.",
    },
    "scenario_replace_ask": {
        "sv": "Ersätta scenariot '{name}' ({level}, {year}, sparat av {author} {when}) med dina nuvarande "
              "val?",
        "en": "Replace the scenario '{name}' ({level}, {year}, saved by {author} {when}) with your "
              "current choices?",
    },
    "scenario_replace_yes": {"sv": "Ersätt", "en": "Replace"},
    "scenario_replace_no": {"sv": "Avbryt", "en": "Cancel"},
    "scenario_replaced": {"sv": "Scenariot '{name}' är ersatt.", "en": "The scenario '{name}' is replaced."},
    "scenario_replace_stale": {
        "sv": "Någon annan har ändrat '{name}' efter att du fick frågan. Jämför och välj igen; dina val "
              "finns kvar.",
        "en": "Someone else changed '{name}' after you were asked. Compare and choose again; your "
              "choices are still here.",
    },
    "scenario_replace_anyway": {"sv": "Ersätt ändå", "en": "Replace anyway"},
    "scenario_yours": {"sv": "Dina val", "en": "Your choices"},
    "scenario_field_level": {"sv": "Nivå", "en": "Level"},
    "scenario_field_year": {"sv": "År", "en": "Year"},
    "scenario_field_rule": {"sv": "Urval", "en": "Selection"},
    "scenario_field_weights": {"sv": "Vikter", "en": "Weights"},
    "scenario_field_methods": {"sv": "Metoder", "en": "Methods"},
    "scenarios_not_usable": {
        "sv": "Sparade scenarier som inte kan användas med det här datapaketet ({n})",
        "en": "Saved scenarios that cannot be used with this data package ({n})",
    },
    "scenario_other_level": {
        "sv": "{name} – gjort för nivån '{level}', som datapaketet inte har (sparat av {author})",
        "en": "{name} – made for the level '{level}', which the data package does not have (saved by "
              "{author})",
    },
    "scenario_unreadable": {
        "sv": "{name} – kan inte läsas av den här versionen av appen (sparat av {author})",
        "en": "{name} – cannot be read by this version of the app (saved by {author})",
    },
    "scenario_remove": {"sv": "Ta bort", "en": "Remove"},
    "scenario_history_pick": {"sv": "Historik för scenariot", "en": "History of the scenario"},
    # Insatser: edit, remove, restore
    "insats_edit": {"sv": "Ändra insatsen", "en": "Edit the effort"},
    "insats_save_changes": {"sv": "Spara ändringarna", "en": "Save the changes"},
    "insats_changes_saved": {"sv": "Ändringarna i '{name}' är sparade.",
                             "en": "The changes to '{name}' are saved."},
    "insats_delete": {"sv": "Ta bort insatsen", "en": "Remove the effort"},
    "indicator_delete_pick": {"sv": "Ta bort en indikator", "en": "Remove an indicator"},
    "indicator_delete": {"sv": "Ta bort indikatorn", "en": "Remove the indicator"},
    "report_delete_pick": {"sv": "Ta bort ett rapporterat värde", "en": "Remove a reported value"},
    "report_delete": {"sv": "Ta bort värdet", "en": "Remove the value"},
    "report_label": {"sv": "{indicator} {year}: {value} (av {who})", "en": "{indicator} {year}: {value} "
                                                                           "(by {who})"},
    "insatser_not_read": {
        "sv": "Registret visas inte eftersom insatserna inte kunde läsas. Inget är borttaget; försök "
              "igen om en stund.",
        "en": "The register is not shown because the efforts could not be read. Nothing has been "
              "removed; try again in a while.",
    },
    # --- Blev det skillnad? Effect estimates and the evaluation plan (ui/effects.py, cli/evaluate.py) ---
    "effect_heading": {"sv": "Blev det skillnad?", "en": "Did it make a difference?"},
    "effect_intro": {
        "sv": (
            "Områdesstatistik kan inte följa människor som flyttar: om de som får jobb eller börjar "
            "studera flyttar ut och andra flyttar in kan en verklig förbättring för individerna döljas "
            "i områdets siffror. Skattningen gäller därför områdena, inte de enskilda personerna."
        ),
        "en": (
            "Area statistics cannot follow people who move: if those who find work or start studying "
            "move out and others move in, a real improvement for individuals can be hidden in the "
            "area's figures. The estimate is therefore about the areas, not the individual people."
        ),
    },
    "effect_how": {
        "sv": (
            "Utvecklingen i insatsområdena jämförs med områden utan insats som liknade dem före start. "
            "Effekten är insatsområdena minus jämförelsen, i procentenheter."
        ),
        "en": (
            "The trend in the effort's areas is compared with areas without the effort that were "
            "similar before the start. The effect is the effort's areas minus the comparison, in "
            "percentage points."
        ),
    },
    "effect_group": {"sv": "Vilka områden", "en": "Which areas"},
    "effect_group_proposal": {"sv": "Förslaget som följs upp ({n} områden, start {year})",
                              "en": "The proposal followed up ({n} areas, start {year})"},
    "effect_group_insats": {"sv": "Insatsens områden ({n} områden, start {year})",
                            "en": "The effort's areas ({n} areas, start {year})"},
    "effect_group_example": {"sv": "Exempel: {name} – {label} ({effect})",
                             "en": "Example: {name} – {label} ({effect})"},
    "effect_indicator": {"sv": "Indikator att utvärdera", "en": "Indicator to evaluate"},
    "effect_no_indicators": {
        "sv": "Det finns ingen indikator med värden per område på nivån {level}.",
        "en": "There is no indicator with values per area at the level {level}.",
    },
    "effect_method": {"sv": "Metod", "en": "Method"},
    "effect_method_synthetic": {"sv": "Syntetisk kontroll", "en": "Synthetic control"},
    "effect_method_did": {"sv": "Skillnad-i-skillnader", "en": "Difference-in-differences"},
    "effect_method_help": {
        "sv": (
            "Syntetisk kontroll väger ihop jämförelseområden så att de följer insatsområdena före "
            "start; osäkerheten bedöms med placeboområden. Skillnad-i-skillnader jämför förändringen "
            "mot alla jämförelseområden, med områdes- och årseffekter."
        ),
        "en": (
            "Synthetic control weights comparison areas so that they track the effort's areas before "
            "the start; uncertainty comes from placebo areas. Difference-in-differences compares the "
            "change with all comparison areas, with area and year effects."
        ),
    },
    "effect_computing": {"sv": "Skattar effekten …", "en": "Estimating the effect …"},
    "effect_status_clear_decrease": {"sv": "Tydlig minskning", "en": "Clear decrease"},
    "effect_status_no_clear_difference": {"sv": "Ingen säker skillnad", "en": "No certain difference"},
    "effect_status_clear_increase": {"sv": "Tydlig ökning", "en": "Clear increase"},
    "effect_average": {
        "sv": "Genomsnittlig effekt från start: {effect} {unit} (95 % intervall {low} till {high}).",
        "en": "Average effect from the start: {effect} {unit} (95 % interval {low} to {high}).",
    },
    "effect_unit_pp": {"sv": "procentenheter", "en": "percentage points"},
    "effect_planted": {
        "sv": "Exemplet har en känd, planterad effekt på {effect} {unit} i demodata.",
        "en": "The example has a known, planted effect of {effect} {unit} in the demo data.",
    },
    "effect_chart_treated": {"sv": "Insatsområdena", "en": "The effort's areas"},
    "effect_chart_synthetic": {"sv": "Syntetisk kontroll", "en": "Synthetic control"},
    "effect_chart_comparison": {"sv": "Jämförelseområden (samma nivå före start)",
                                "en": "Comparison areas (same level before the start)"},
    "effect_chart_start": {"sv": "Start", "en": "Start"},
    "effect_col_year": {"sv": "År", "en": "Year"},
    "effect_col_years_since": {"sv": "År sedan start", "en": "Years since start"},
    "effect_col_effect": {"sv": "Effekt", "en": "Effect"},
    "effect_col_low": {"sv": "95 % intervall, från", "en": "95 % interval, from"},
    "effect_col_high": {"sv": "95 % intervall, till", "en": "95 % interval, to"},
    "effect_col_area": {"sv": "Område", "en": "Area"},
    "effect_col_weight": {"sv": "Vikt", "en": "Weight"},
    "effect_staggered": {
        "sv": "Områdena startade olika år; serierna är därför lagda efter år sedan start.",
        "en": "The areas started in different years, so the series are aligned on years since start.",
    },
    "effect_diagnostics": {"sv": "Hur säker är skattningen?", "en": "How certain is the estimate?"},
    "effect_diag_fit": {
        "sv": (
            "Anpassning före start: den syntetiska kontrollen missar i snitt {pre} {unit} när varje "
            "år före start förutsägs från de övriga (efter start {post})."
        ),
        "en": (
            "Fit before the start: the synthetic control misses by {pre} {unit} on average when each "
            "year before the start is predicted from the others (after the start {post})."
        ),
    },
    "effect_diag_poor_fit": {
        "sv": (
            "Jämförelseområdena kan inte efterlikna insatsområdena väl före start (sämre än 90 % av "
            "placebogrupperna). Tolka effekten med försiktighet."
        ),
        "en": (
            "The comparison areas cannot reproduce the effort's areas well before the start (worse "
            "than 90 % of the placebo groups). Read the effect with caution."
        ),
    },
    "effect_diag_placebo": {
        "sv": (
            "Placebotest: insatsområdenas avvikelse efter start (i förhållande till före) är nummer "
            "{rank} av {n} när lika stora grupper av jämförelseområden prövas som om de fått insatsen "
            "(p = {p})."
        ),
        "en": (
            "Placebo test: the effort's areas' gap after the start (relative to before) ranks "
            "{rank} of {n} when equally large groups of comparison areas are tried as if treated "
            "(p = {p})."
        ),
    },
    "effect_diag_pool": {
        "sv": "Jämförelseområden att välja bland: {n}{capped}.",
        "en": "Comparison areas to draw on: {n}{capped}.",
    },
    "effect_diag_pool_capped": {"sv": " (de som liknade insatsområdena mest före start)",
                                "en": " (those most like the effort's areas before the start)"},
    "effect_diag_weights": {"sv": "Jämförelseområdenas vikter", "en": "Weights of the comparison areas"},
    "effect_diag_pretrend_ok": {
        "sv": "Parallella trender före start: inga tecken på annan utveckling (p = {p}, {leads} år "
              "prövade).",
        "en": "Parallel trends before the start: no sign of a different trend (p = {p}, {leads} years "
              "tested).",
    },
    "effect_diag_pretrend_rejected": {
        "sv": (
            "Insatsområdena utvecklades redan annorlunda än jämförelseområdena före start (p = {p}, "
            "{leads} år prövade). Skattningen är inte att lita på."
        ),
        "en": (
            "The effort's areas were already developing differently from the comparison areas before "
            "the start (p = {p}, {leads} years tested). The estimate is not to be trusted."
        ),
    },
    "effect_diag_did": {
        "sv": "{n_treated} insatsområden jämförs med {n_comparison} områden; p-värde för effekten {p}.",
        "en": "{n_treated} effort areas are compared with {n_comparison} areas; p-value of the effect {p}.",
    },
    "effect_excluded": {
        "sv": "{n} områden saknar värde något år och är inte med: {names}.",
        "en": "{n} areas lack a value in some year and are left out: {names}.",
    },
    "effect_not_started": {
        "sv": "{n} områden har inte startat inom de år som finns och är inte med.",
        "en": "{n} areas have not started within the years available and are left out.",
    },
    "effect_refusal_unknown_level": {
        "sv": "Nivån {level} finns inte i datapaketet. Nivåer: {valid}.",
        "en": "The level {level} is not in the data package. Levels: {valid}.",
    },
    "effect_refusal_unknown_indicator": {
        "sv": "Indikatorn {indicator} har inga värden på nivån {level}. Indikatorer där: {valid}.",
        "en": "The indicator {indicator} has no values at the level {level}. Indicators there: {valid}.",
    },
    "effect_refusal_unknown_areas": {
        "sv": "Dessa områden finns inte på nivån: {ids}.",
        "en": "These areas are not at the level: {ids}.",
    },
    "effect_refusal_no_post_years": {
        "sv": "Insatsen startar {start}, men data finns bara till och med {last_year}. Det finns inget "
              "efter start att utvärdera ännu.",
        "en": "The effort starts in {start}, but data only run to {last_year}. There is nothing after "
              "the start to evaluate yet.",
    },
    "effect_refusal_too_few_pre_years": {
        "sv": "För få år med data före start {start}: {pre_years} år, minst {minimum} behövs för att "
              "kunna jämföra utvecklingen före start.",
        "en": "Too few years of data before the start in {start}: {pre_years}, at least {minimum} are "
              "needed to compare the trend before the start.",
    },
    "effect_refusal_no_complete_series": {
        "sv": "Inget av insatsområdena har värden alla år (t.ex. på grund av sekretess): {ids}.",
        "en": "None of the effort's areas has values in every year (e.g. suppressed cells): {ids}.",
    },
    "effect_refusal_too_few_comparison_areas": {
        "sv": "För få jämförelseområden med värden alla år: {n}, minst {minimum} behövs.",
        "en": "Too few comparison areas with values in every year: {n}, at least {minimum} are needed.",
    },
    "effect_refusal_no_noise_estimate": {
        "sv": "Det går inte att bedöma indikatorns slumpvariation: {years} år och {areas} områden med "
              "fullständiga serier (minst 2 år och 3 områden behövs).",
        "en": "The indicator's noise cannot be estimated: {years} years and {areas} areas with complete "
              "series (at least 2 years and 3 areas are needed).",
    },
    "effect_plan_heading": {"sv": "Utvärderingsplan före start", "en": "Evaluation plan before the start"},
    "effect_plan_intro": {
        "sv": (
            "Insatsen har inte startat. Så här stor effekt måste den minst ha för att uppföljningen "
            "ska kunna se den (80 % chans att upptäcka den, 5 % signifikansnivå):"
        ),
        "en": (
            "The effort has not started. This is the smallest effect the follow-up will be able to "
            "see (80 % chance of detecting it, 5 % significance level):"
        ),
    },
    "effect_plan_row": {
        "sv": "{year}: {mde} {unit} ({post} år efter start, {pre} år före)",
        "en": "{year}: {mde} {unit} ({post} years after the start, {pre} before)",
    },
    "effect_plan_before_start": {"sv": "{year}: insatsen har inte startat då.",
                                 "en": "{year}: the effort has not started by then."},
    "effect_plan_no_pre_years": {"sv": "{year}: inga år med data före start.",
                                 "en": "{year}: no years of data before the start."},
    "effect_plan_note": {
        "sv": (
            "Beräknat från områdenas storlek och indikatorns slumpvariation i datapaketet ({n_treated} "
            "insatsområden, {n_comparison} jämförelseområden). Antar att åren varierar oberoende av "
            "varandra; verkliga serier hänger ihop från år till år, så se talen som en nedre gräns."
        ),
        "en": (
            "Computed from the areas' sizes and the indicator's noise in the data package ({n_treated} "
            "effort areas, {n_comparison} comparison areas). Assumes the years vary independently; "
            "real series are correlated from year to year, so read the figures as a lower bound."
        ),
    },
    "effect_cli_done": {
        "sv": "{method}: effekt {effect} ({low} till {high}), p = {p}, {status}; {n_treated} "
              "insatsområden mot {n_comparison} jämförelseområden -> {out}",
        "en": "{method}: effect {effect} ({low} to {high}), p = {p}, {status}; {n_treated} effort "
              "areas against {n_comparison} comparison areas -> {out}",
    },
    "effect_cli_no_areas": {"sv": "Ange minst ett område med --areas.",
                            "en": "Give at least one area with --areas."},
    "effect_cli_unknown_indicator": {
        "sv": "Okänd indikator {indicator}. Indikatorer: {valid}.",
        "en": "Unknown indicator {indicator}. Indicators: {valid}.",
    },
    "effect_cli_package": {"sv": "Datapaketet kunde inte öppnas: {reason}",
                           "en": "The data package could not be opened: {reason}"},
    # --- Sign-in and roles (helper 'auth') ---
    "access_local_mode": {"sv": "Lokalt läge – ingen inloggning",
                          "en": "Local mode – no sign-in"},
    "access_local_mode_help": {
        "sv": "Här kan alla ändra allt, och historiken visar namnet som var och en skriver själv. En "
              "installation för staden konfigurerar inloggning ([auth] i .streamlit/secrets.toml).",
        "en": "Anyone can change anything here, and the history shows the name each person types. A "
              "deployment for the city configures sign-in ([auth] in .streamlit/secrets.toml).",
    },
    "access_local_required": {
        "sv": "Den här installationen sparar bara ändringar från inloggade personer, men inloggning är "
              "inte konfigurerad: ingenting kan sparas.",
        "en": "This deployment saves changes only from signed-in people, but sign-in is not "
              "configured: nothing can be saved.",
    },
    "access_role_required": {"sv": "Det här kräver rollen {roles}. Ingenting har sparats.",
                             "en": "This needs the role {roles}. Nothing has been saved."},
    "access_sign_in_required": {"sv": "Logga in för att spara ändringar. Ingenting har sparats.",
                                "en": "Sign in to save changes. Nothing has been saved."},
    "access_sign_in_not_configured": {
        "sv": "Den här installationen sparar bara ändringar från inloggade personer, och inloggning är "
              "inte konfigurerad. Ingenting har sparats.",
        "en": "This deployment saves changes only from signed-in people, and sign-in is not "
              "configured. Nothing has been saved.",
    },
    "access_or": {"sv": " eller ", "en": " or "},
    "access_role_reader": {"sv": "läsare", "en": "reader"},
    "access_role_analyst": {"sv": "analytiker", "en": "analyst"},
    "access_role_reporter": {"sv": "rapportör", "en": "reporter"},
    "access_role_reporter_for": {"sv": "rapportör för {board}", "en": "reporter for {board}"},
    "access_role_coordinator": {"sv": "samordnare", "en": "coordinator"},
    "access_role_admin": {"sv": "administratör", "en": "administrator"},
    "access_roles_line": {"sv": "Roller: {roles}", "en": "Roles: {roles}"},
    "access_no_role": {"sv": "läsare (ingen roll given)", "en": "reader (no role given)"},
    "access_log_in": {"sv": "Logga in", "en": "Sign in"},
    "access_log_out": {"sv": "Logga ut", "en": "Sign out"},
    "access_gate_text": {
        "sv": "Logga in med ditt konto i staden för att se Kraftsamla.",
        "en": "Sign in with your city account to see Kraftsamla.",
    },
    "access_bad_mapping": {
        "sv": "Rollkonfigurationen är fel: gruppen {group} är kopplad till '{value}', som inte är en "
              "roll (läsare, analytiker, rapportör:NÄMND, samordnare, administratör). Grupperna ger "
              "inga roller förrän det är rättat.",
        "en": "The role configuration is wrong: the group {group} is mapped to '{value}', which is not "
              "a role (reader, analyst, reporter:BOARD, coordinator, admin). The groups give no roles "
              "until it is corrected.",
    },
    "page_roles": {"sv": "Roller", "en": "Roles"},
    "roles_intro": {
        "sv": "Vem får ändra vad. Roller kommer från inloggningens grupper (konfigurationen) och från "
              "listan här, som en administratör ändrar. Alla inloggade kan läsa allt.",
        "en": "Who may change what. Roles come from the sign-in's groups (the configuration) and from "
              "the list here, which an administrator edits. Everyone signed in can read everything.",
    },
    "roles_what": {
        "sv": "**läsare** ser allt och ändrar ingenting · **analytiker** sparar och tar bort scenarier · "
              "**rapportör för en nämnd** rapporterar värden och ändrar indikatorer för nämndens "
              "insatser · **samordnare** (stadskontoret) mål, nämnder, insatser för alla nämnder, "
              "import · **administratör** roller",
        "en": "**reader** sees everything and changes nothing · **analyst** saves and removes "
              "scenarios · **reporter for a board** reports values and edits indicators of the board's "
              "insatser · **coordinator** (the city office) targets, boards, insatser of every board, "
              "imports · **administrator** roles",
    },
    "roles_from_groups": {"sv": "Roller från grupper (konfiguration)",
                          "en": "Roles from groups (configuration)"},
    "roles_no_groups": {"sv": "Inga grupper är kopplade till roller i konfigurationen ([roles.groups]).",
                        "en": "No groups are mapped to roles in the configuration ([roles.groups])."},
    "roles_col_group": {"sv": "Grupp", "en": "Group"},
    "roles_col_role": {"sv": "Roll", "en": "Role"},
    "roles_in_app": {"sv": "Roller givna i appen", "en": "Roles given in the app"},
    "roles_none_in_app": {"sv": "Inga roller är givna i appen ännu.",
                          "en": "No roles have been given in the app yet."},
    "roles_col_person": {"sv": "Person (e-post)", "en": "Person (e-mail)"},
    "roles_col_by": {"sv": "Given av", "en": "Given by"},
    "roles_col_when": {"sv": "När", "en": "When"},
    "roles_give_heading": {"sv": "Ge en roll", "en": "Give a role"},
    "roles_person": {"sv": "E-postadress", "en": "E-mail address"},
    "roles_person_help": {
        "sv": "Som inloggningen visar den (jämförs utan hänsyn till stora och små bokstäver).",
        "en": "As the sign-in shows it (compared regardless of case).",
    },
    "roles_role": {"sv": "Roll", "en": "Role"},
    "roles_board": {"sv": "Nämnd (för rapportör)", "en": "Board (for a reporter)"},
    "roles_give": {"sv": "Ge rollen", "en": "Give the role"},
    "roles_person_missing": {"sv": "Skriv personens e-postadress.",
                             "en": "Type the person's e-mail address."},
    "roles_given": {"sv": "{person} har fått rollen {role}.",
                    "en": "{person} has been given the role {role}."},
    "roles_remove_pick": {"sv": "Ta bort en roll", "en": "Take a role away"},
    "roles_remove": {"sv": "Ta bort rollen", "en": "Take the role away"},
    "roles_line": {"sv": "{person}: {role}", "en": "{person}: {role}"},
    # --- Insats kinds and participation (helper 'part') ---
    "insats_kind": {"sv": "Typ av insats", "en": "Kind of insats"},
    "insats_kind_kraftsamlande": {"sv": "Kraftsamlande insats", "en": "Kraftsamlande insats"},
    "insats_kind_core_mission": {"sv": "Förstärkning av grunduppdraget",
                                 "en": "Reinforced core mission"},
    "insats_kind_local_development": {"sv": "Lokal utveckling", "en": "Local development"},
    "insats_kinds_filter": {"sv": "Visa typ av insats", "en": "Show kinds of insats"},
    "insats_kinds_none": {"sv": "Ingen insats", "en": "No insats"},
    "insats_kinds_filtered": {"sv": "{shown} av {total} insatser visas (valda typer).",
                              "en": "{shown} of {total} insatser shown (chosen kinds)."},
    "insats_kinds_edit": {"sv": "Ändra typ och partner", "en": "Change kind and partners"},
    "insats_kinds_help": {
        "sv": "Kraftsamlande insats: långsiktig förebyggande insats i de utvalda områdena. Förstärkning "
              "av grunduppdraget: nämndens ordinarie arbete, förstärkt. Lokal utveckling: områdets "
              "bredare utvecklingsarbete. Bara kraftsamlande insatser räknas i fördelningen av medel.",
        "en": "Kraftsamlande insats: a long-term preventive effort in the chosen areas. Reinforced core "
              "mission: the board's ordinary work, reinforced. Local development: the area's wider "
              "development work. Only kraftsamlande insatser count in the funding split."},
    "insats_kinds_save": {"sv": "Spara typ och partner", "en": "Save kind and partners"},
    "insats_partners": {"sv": "Partner", "en": "Partners"},
    "insats_partners_none": {"sv": "inga angivna", "en": "none given"},
    "partner_civil_society": {"sv": "Civilsamhälle", "en": "Civil society"},
    "partner_business": {"sv": "Näringsliv", "en": "Business"},
    "partner_property_owners": {"sv": "Fastighetsägare", "en": "Property owners"},
    "partner_residents": {"sv": "Boende", "en": "Residents"},
    "partner_school": {"sv": "Skola", "en": "School"},
    "partner_region_police": {"sv": "Region/polis", "en": "Region/police"},
    "insats_kinds_map": {"sv": "Var typerna av insatser möts", "en": "Where the kinds of insatser meet"},
    "insats_kinds_map_help": {
        "sv": "Områdena färgas efter vilka typer av insatser som arbetar där (insatser på nivån {level}).",
        "en": "Areas are coloured by the kinds of insatser working there (insatser at the level {level})."},
    "insats_kinds_map_legend": {"sv": "Typer av insatser", "en": "Kinds of insatser"},
    "insats_kinds_map_sub": {"sv": "antal områden inom parentes", "en": "number of areas in brackets"},
    "insats_kinds_map_count": {"sv": "Antal insatser", "en": "Number of insatser"},
    "insats_kinds_map_level": {"sv": "Områdesnivå för kartan", "en": "Area level of the map"},
    "history_field_partners": {"sv": "Partner", "en": "Partners"},
    "history_field_participation": {"sv": "Ungas delaktighet", "en": "Young people's participation"},
    "funding_kinds_counted": {
        "sv": "Fördelningen räknar bara kraftsamlande insatser ({n} på förslagets områdesnivå).",
        "en": "The split counts only kraftsamlande insatser ({n} at the proposal's area level)."},
    "funding_left_out": {"sv": "Räknas inte: {items}.", "en": "Not counted: {items}."},
    "funding_left_out_core_mission": {"sv": "{n} förstärkning av grunduppdraget",
                                      "en": "{n} reinforced core mission"},
    "funding_left_out_local_development": {"sv": "{n} lokal utveckling", "en": "{n} local development"},
    "funding_left_out_other_level": {"sv": "{n} kraftsamlande på en annan områdesnivå",
                                     "en": "{n} kraftsamlande at another area level"},
    "participation_title": {"sv": "Ungas delaktighet", "en": "Young people's participation"},
    "participation_none": {"sv": "Ingen delaktighet är registrerad för insatsen.",
                           "en": "No participation is recorded for the insats."},
    "participation_edit": {"sv": "Registrera ungas delaktighet", "en": "Record young people's participation"},
    "participation_help": {
        "sv": "Nivån följer Shiers trappa för delaktighet (Shier 2001): 1 blir lyssnade på, 2 får stöd att "
              "uttrycka sina åsikter, 3 åsikterna beaktas, 4 är med och fattar beslut, 5 delar makt och "
              "ansvar. Antal under 5 visas aldrig som antal.",
        "en": "The level follows Shier's pathways to participation (Shier 2001): 1 listened to, 2 supported "
              "in expressing their views, 3 views taken into account, 4 involved in decision-making, 5 share "
              "power and responsibility. Counts below 5 are never shown as counts."},
    "participation_recorded": {"sv": "Unga har varit delaktiga i insatsen",
                               "en": "Young people have taken part in the insats"},
    "participation_save": {"sv": "Spara delaktigheten", "en": "Save the participation"},
    "participation_field_phases": {"sv": "Skeden", "en": "Phases"},
    "participation_field_methods": {"sv": "Sätt", "en": "Methods"},
    "participation_field_level": {"sv": "Nivå (Shiers trappa)", "en": "Level (Shier's pathways)"},
    "participation_field_young_people": {"sv": "Antal unga", "en": "Number of young people"},
    "participation_field_ages": {"sv": "Åldrar", "en": "Ages"},
    "participation_field_age_from": {"sv": "Ålder från", "en": "Age from"},
    "participation_field_age_to": {"sv": "Ålder till", "en": "Age to"},
    "participation_field_disabilities_reached": {"sv": "Barn med funktionsnedsättning nåddes",
                                                 "en": "Children with disabilities reached"},
    "participation_field_disabilities": {"sv": "Barn med funktionsnedsättning nåddes",
                                         "en": "Children with disabilities reached"},
    "participation_field_recorded": {"sv": "Delaktighet registrerad", "en": "Participation recorded"},
    "participation_field_what_changed": {"sv": "Vad som ändrades tack vare de ungas delaktighet",
                                         "en": "What changed because young people took part"},
    "participation_age_from": {"sv": "Ålder från", "en": "Age from"},
    "participation_age_to": {"sv": "Ålder till", "en": "Age to"},
    "participation_count_help": {"sv": "Sparas exakt men visas aldrig som antal under 5.",
                                 "en": "Stored exactly but never shown as a count below 5."},
    "participation_phase_needs": {"sv": "Behov", "en": "Needs"},
    "participation_phase_design": {"sv": "Utformning", "en": "Design"},
    "participation_phase_delivery": {"sv": "Genomförande", "en": "Delivery"},
    "participation_phase_follow_up": {"sv": "Uppföljning", "en": "Follow-up"},
    "participation_method_survey": {"sv": "Enkät", "en": "Survey"},
    "participation_method_dialogue": {"sv": "Dialog", "en": "Dialogue"},
    "participation_method_youth_council": {"sv": "Ungdomsråd", "en": "Youth council"},
    "participation_method_co_design": {"sv": "Samskapande", "en": "Co-design"},
    "participation_method_other": {"sv": "Annat", "en": "Other"},
    "participation_level_listened_to": {"sv": "blir lyssnade på", "en": "listened to"},
    "participation_level_supported": {"sv": "får stöd att uttrycka sina åsikter",
                                      "en": "supported in expressing their views"},
    "participation_level_taken_into_account": {"sv": "åsikterna beaktas",
                                               "en": "views taken into account"},
    "participation_level_involved_in_decisions": {"sv": "är med och fattar beslut",
                                                  "en": "involved in decision-making"},
    "participation_level_share_power": {"sv": "delar makt och ansvar",
                                        "en": "share power and responsibility"},
    "participation_disabilities_yes": {"sv": "Ja", "en": "Yes"},
    "participation_disabilities_no": {"sv": "Nej", "en": "No"},
    "participation_disabilities_unknown": {"sv": "Vet inte", "en": "Not known"},
    "participation_fewer_than": {"sv": "färre än {limit}", "en": "fewer than {limit}"},
    "participation_col_what": {"sv": "Uppgift", "en": "Item"},
    "participation_col_value": {"sv": "Svar", "en": "Answer"},
    "participation_issue_missing": {"sv": "{field}: välj minst ett alternativ.",
                                    "en": "{field}: choose at least one option."},
    "participation_issue_unknown_choice": {"sv": "{field}: okänt val {value}. Giltiga: {valid}.",
                                           "en": "{field}: unknown choice {value}. Valid: {valid}."},
    "participation_issue_unknown_level": {"sv": "{field}: nivån måste vara 1–5, fick {value}.",
                                          "en": "{field}: the level must be 1–5, got {value}."},
    "participation_issue_not_whole_number": {"sv": "{field}: skriv ett heltal, fick {value}.",
                                             "en": "{field}: write a whole number, got {value}."},
    "participation_issue_negative": {"sv": "{field}: får inte vara negativt, fick {value}.",
                                     "en": "{field}: must not be negative, got {value}."},
    "participation_issue_age_out_of_range": {"sv": "{field}: åldern måste vara {low}–{high} år.",
                                             "en": "{field}: the age must be {low}–{high} years."},
    "participation_issue_age_order": {"sv": "Åldern till ({age_to}) är lägre än åldern från ({age_from}).",
                                      "en": "The age to ({age_to}) is below the age from ({age_from})."},
    "participation_issue_not_yes_no": {"sv": "{field}: välj ja, nej eller vet inte.",
                                       "en": "{field}: choose yes, no or not known."},
    "participation_issue_text_too_long": {"sv": "{field}: högst {limit} tecken.",
                                          "en": "{field}: at most {limit} characters."},
    "participation_summary_title": {"sv": "Ungas delaktighet i insatserna",
                                    "en": "Young people's participation in the insatser"},
    "participation_summary_help": {
        "sv": "Andel av insatserna där unga var med och utformade insatsen, och där de var med och fattade "
              "beslut (nivå 4 eller 5 på Shiers trappa). Insatser utan registrerad delaktighet räknas som "
              "utan. Antal unga under 5 visas inte som antal.",
        "en": "Share of the insatser where young people took part in designing the insats, and where they "
              "took part in decisions (level 4 or 5 on Shier's pathways). Insatser with no participation "
              "recorded count as without. Numbers of young people below 5 are not shown as counts."},
    "participation_summary_empty": {"sv": "Inga insatser är registrerade ännu.",
                                    "en": "No insatser are registered yet."},
    "participation_whole_effort": {"sv": "Hela kraftsamlingen", "en": "The whole effort"},
    "participation_col_insatser": {"sv": "Insatser", "en": "Insatser"},
    "participation_col_design": {"sv": "Unga med i utformningen", "en": "Young people in the design"},
    "participation_col_decisions": {"sv": "Unga med i beslut (nivå ≥ 4)",
                                    "en": "Young people in decisions (level ≥ 4)"},
    "participation_col_young_people": {"sv": "Antal unga", "en": "Young people"},
    "participation_pack_title": {"sv": "Ungas delaktighet", "en": "Young people's participation"},
    "demo_insatser_seed": {"sv": "Lägg in exempelinsatser (demodata)",
                           "en": "Add example insatser (demo data)"},
    "demo_insatser_seed_help": {
        "sv": "Lägger in några påhittade insatser med typ, partner och ungas delaktighet, så att sidorna "
              "visar något. Bara för demodata.",
        "en": "Adds a few made-up insatser with kind, partners and young people's participation so that the "
              "pages show something. Demo data only."},
    "demo_insatser_seeded": {"sv": "{n} exempelinsatser lades in.", "en": "{n} example insatser were added."},
    # --- Möte (helper 'meeting') ---
    "meeting_title_uvas": {
        "sv": "UVAS mot målen 2030 och 2035",
        "en": "NEET against the 2030 and 2035 targets",
    },
    "meeting_title_proposal": {
        "sv": "Var förslaget ligger och varför",
        "en": "Where the proposal is and why",
    },
    "meeting_title_targets": {
        "sv": "Mål och status per indikator",
        "en": "Targets and status per indicator",
    },
    "meeting_title_insatser": {"sv": "Insatser per nämnd", "en": "Efforts per board"},
    "meeting_title_decisions": {"sv": "Beslut", "en": "Decisions"},
    "meeting_more_rows": {"sv": "… och {n} till", "en": "… and {n} more"},
    "meeting_path_label": {"sv": "Väg mot målet", "en": "Path to the target"},
    "meeting_chart_alt": {"sv": "Diagram: UVAS per år med vägen mot målen",
                          "en": "Chart: NEET rate by year with the path to the targets"},
    "meeting_demo": {"sv": "Demodata", "en": "Demo data"},
    "meeting_no_target": {"sv": "Inget mål sparat ännu", "en": "No target saved yet"},
    "meeting_target_in": {"sv": "mål {year}: {value}", "en": "target {year}: {value}"},
    "meeting_no_uvas": {"sv": "Datapaketet saknar UVAS.", "en": "The data package has no NEET rate."},
    "meeting_uvas_city": {"sv": "Hela staden", "en": "Whole city"},
    "meeting_uvas_city_same": {
        "sv": "Hela staden, mätt som områdena ({level})",
        "en": "Whole city, measured as the areas ({level})",
    },
    "meeting_same_definition": {
        "sv": "Samma mått som de föreslagna områdena.",
        "en": "The same measure as the proposed areas.",
    },
    "meeting_uvas_proposed": {"sv": "Föreslagna områden", "en": "Proposed areas"},
    "meeting_uvas_not_at_level": {
        "sv": "UVAS finns inte på nivån {level}.",
        "en": "The NEET rate is not published at the level {level}.",
    },
    "meeting_targets_line": {"sv": "{what}: {targets}", "en": "{what}: {targets}"},
    "meeting_uvas_lead": {
        "sv": "Andel unga som varken arbetar eller studerar. Lägre är bättre.",
        "en": "Share of young people neither working nor studying. Lower is better.",
    },
    "meeting_status_meaning": {
        "sv": "Status: takten hittills jämförd med den takt som krävs för att nå målet.",
        "en": "Status: the pace so far compared with the pace needed to reach the target.",
    },
    "meeting_proposal_lead": {
        "sv": "{name}: {rule} · {level} · {year}",
        "en": "{name}: {rule} · {level} · {year}",
    },
    "meeting_proposal_areas": {"sv": "Områden", "en": "Areas"},
    "meeting_youth_covered": {"sv": "Andel unga", "en": "Young people"},
    "meeting_youth_band": {"sv": "av alla {band} år", "en": "of all aged {band}"},
    "meeting_sure": {"sv": "Säkra val", "en": "Sure choices"},
    "meeting_sure_detail": {
        "sv": "väljs i minst 95 % av dragningarna",
        "en": "chosen in at least 95 % of the draws",
    },
    "meeting_col_probability": {"sv": "Väljs i", "en": "Chosen in"},
    "meeting_in_focus": {
        "sv": "{n} av {total} är typ {types}; {left} områden av de typerna är inte med.",
        "en": "{n} of {total} are type {types}; {left} areas of those types are not included.",
    },
    "meeting_area_type_note": {"sv": "{kinds}.", "en": "{kinds}."},
    "meeting_col_area_type": {"sv": "{name} {year}", "en": "{name} {year}"},
    "meeting_type": {"sv": "Typ {code}", "en": "Type {code}"},
    "meeting_probability_note": {
        "sv": "Väljs i: andel av {n} dragningar med andra rimliga vikter (som på sidan Robusthet).",
        "en": "Chosen in: share of {n} draws with other reasonable weights (as on the Robustness page).",
    },
    "meeting_proposal_table": {"sv": "Områdena, säkrast först", "en": "The areas, surest first"},
    "meeting_map_alt": {
        "sv": "Karta: behovsindex per område med förslaget inringat",
        "en": "Map: need index per area with the proposal outlined",
    },
    "meeting_col_target": {"sv": "Mål {year}", "en": "Target {year}"},
    "meeting_col_status": {"sv": "Status {year}", "en": "Status {year}"},
    "meeting_no_targets_yet": {
        "sv": "Inga mål är sparade ännu. De sätts på sidan Uppföljning.",
        "en": "No targets are saved yet. They are set on the Follow-up page.",
    },
    "meeting_targets_lead": {"sv": "Sparade mål, UVAS först.", "en": "Saved targets, NEET first."},
    "meeting_insatser_unreadable": {
        "sv": "Insatserna kunde inte läsas just nu.",
        "en": "The efforts could not be read just now.",
    },
    "meeting_no_insatser": {
        "sv": "Inga insatser är registrerade ännu. De läggs in på sidan Insatser.",
        "en": "No efforts are registered yet. They are added on the Efforts page.",
    },
    "meeting_running_one": {"sv": "{n} pågår", "en": "{n} running"},
    "meeting_running_many": {"sv": "{n} pågår", "en": "{n} running"},
    "meeting_planned_one": {"sv": "{n} planerad", "en": "{n} planned"},
    "meeting_planned_many": {"sv": "{n} planerade", "en": "{n} planned"},
    "meeting_budget_unknown": {"sv": "({n} utan budget)", "en": "({n} without budget)"},
    "meeting_insatser_one": {"sv": "{n} insats", "en": "{n} effort"},
    "meeting_insatser_many": {"sv": "{n} insatser", "en": "{n} efforts"},
    "meeting_boards_one": {"sv": "hos {n} nämnd", "en": "at {n} board"},
    "meeting_boards_many": {"sv": "hos {n} nämnder", "en": "at {n} boards"},
    "meeting_insatser_total": {"sv": "Insatser", "en": "Efforts"},
    "meeting_budget_total": {"sv": "Budget", "en": "Budget"},
    "meeting_per_year": {"sv": "miljoner kronor per år", "en": "million kronor a year"},
    "meeting_col_insatser": {"sv": "Insatser", "en": "Efforts"},
    "meeting_col_insats_status": {"sv": "Status", "en": "Status"},
    "meeting_col_budget": {"sv": "Budget per år", "en": "Budget a year"},
    "meeting_insatser_lead": {
        "sv": "Registrerade insatser; pågår = startår {year} eller tidigare.",
        "en": "Registered efforts; running = start year {year} or earlier.",
    },
    "meeting_insatser_note": {
        "sv": "Budget enligt insatsregistret (sidan Insatser).",
        "en": "Budget as in the register of efforts (the Efforts page).",
    },
    "meeting_open_questions": {"sv": "Att besluta", "en": "To decide"},
    "meeting_earlier_decisions": {"sv": "Tidigare beslut", "en": "Earlier decisions"},
    "meeting_col_step": {"sv": "Steg", "en": "Step"},
    "meeting_col_question": {"sv": "Fråga", "en": "Question"},
    "meeting_col_written": {"sv": "Skriven", "en": "Written"},
    "meeting_col_date": {"sv": "Datum", "en": "Date"},
    "meeting_col_decision": {"sv": "Beslut", "en": "Decision"},
    "meeting_col_present": {"sv": "Närvarande", "en": "Present"},
    "meeting_no_questions": {"sv": "Inga öppna frågor.", "en": "No open questions."},
    "meeting_no_decisions": {
        "sv": "Inga beslut är antecknade ännu.",
        "en": "No decisions are recorded yet.",
    },
    "meeting_decisions_lead": {
        "sv": "Frågor som väntar på beslut och vad som beslutats tidigare.",
        "en": "Questions waiting for a decision and what was decided earlier.",
    },
    "meeting_back": {"sv": "◀ Tillbaka", "en": "◀ Back"},
    "meeting_step_of": {"sv": "{n} / {total}", "en": "{n} / {total}"},
    "meeting_keys_hint": {
        "sv": "Piltangenter eller klickare byter steg",
        "en": "Arrow keys or a clicker change step",
    },
    "meeting_record": {"sv": "Anteckna", "en": "Record"},
    "meeting_note_kind": {"sv": "Vad antecknas?", "en": "What is recorded?"},
    "meeting_kind_decision": {"sv": "Beslut", "en": "Decision"},
    "meeting_kind_question": {"sv": "Fråga att besluta senare", "en": "Question to decide later"},
    "meeting_note_text": {"sv": "Text", "en": "Text"},
    "meeting_note_date": {"sv": "Mötesdatum", "en": "Meeting date"},
    "meeting_note_present": {"sv": "Närvarande", "en": "Present"},
    "meeting_note_save": {"sv": "Spara anteckningen", "en": "Save the note"},
    "meeting_note_saved": {"sv": "Sparat: {text}", "en": "Saved: {text}"},
    "meeting_note_empty": {
        "sv": "Skriv vad som beslutades först.",
        "en": "Write what was decided first.",
    },
    "meeting_notes_here": {"sv": "Antecknat för det här steget", "en": "Recorded for this step"},
    "meeting_handout": {"sv": "Utskick (PDF)", "en": "Handout (PDF)"},
    "meeting_handout_title": {
        "sv": "Styrgruppsmöte – Kraftsamla",
        "en": "Steering group meeting – Kraftsamla",
    },
    "meeting_handout_footer": {
        "sv": "{date} · {package} · {scenario} · {source}",
        "en": "{date} · {package} · {scenario} · {source}",
    },
    "meeting_page": {"sv": "Steg {n} av {total}", "en": "Step {n} of {total}"},
    "meeting_handout_made": {"sv": "Utskick skapat {date}", "en": "Handout made {date}"},
    "meeting_cli_unknown_scenario": {
        "sv": "Inget sparat scenario '{name}' för paketet {package}. Sparade: {saved}",
        "en": "No saved scenario '{name}' for the package {package}. Saved: {saved}",
    },
}


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (Swedish when the language is unknown), formatted."""
    try:
        entry = TEXT[key]
    except KeyError:
        raise KeyError(f"No UI text {key!r}") from None
    text = entry.get(lang) or entry["sv"]
    return text.format(**values) if values else text


def with_language(params: dict[str, object], lang: str) -> dict[str, object]:
    """Parameters with each ``<name>_sv``/``<name>_en`` pair also given as ``<name>`` in ``lang``
    (e.g. a table's ``what_sv``/``what_en`` fill ``{what}``)."""
    out = dict(params)
    for key in params:
        if key.endswith("_sv"):
            base = key[:-3]
            out[base] = params.get(f"{base}_{lang}") or params[key]
    return out
