"""Real data for any Swedish kommun from SCB's open sources.

* `datapackage.scb.pxweb` – PxWeb API v1 shapes: metadata, queries, splitting, responses (pure);
* `datapackage.scb.client` – the HTTP client: rate limit, retries, disk cache, progress, cancel;
* `datapackage.scb.catalogue` – which tables, variables and contents become which indicator;
* `datapackage.scb.layout` – a table's description against the catalogue;
* `datapackage.scb.answers` – each answer's columns against the query (no silent gaps);
* `datapackage.scb.tables` – fetching one table;
* `datapackage.scb.deso_key` – SCB's DeSO 2018–2025 key (or the code rule);
* `datapackage.scb.carry` – carrying older years onto the 2025 areas with population weights (pure);
* `datapackage.scb.values` – the package's tidy rows on the current areas;
* `datapackage.scb.describe` – the manifest: statuses, notes, carried years, series breaks;
* `datapackage.scb.geodata` – DeSO/RegSO boundaries from SCB's open geodata (WFS);
* `datapackage.scb.kommuner` – the 290 kommuner (embedded list);
* `datapackage.scb.area_types` – SCB's områdestyp as a classification;
* `datapackage.scb.build` – the data package;
* `datapackage.scb.check` – ``fetch-scb --check``: the catalogue against SCB's descriptions;
* `datapackage.scb.job` – plan, atomic write and the background job (CLI and the fetch button);
* `datapackage.scb.endpoints`, `datapackage.scb.progress` – where SCB is; what a fetch reports.

Used by ``python -m cli fetch-scb`` and the fetch button on Data och import. Never imports streamlit.
"""
