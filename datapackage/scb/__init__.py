"""Real data for any Swedish kommun from SCB's open sources.

* `datapackage.scb.pxweb` – PxWeb API v1 shapes: metadata, queries, splitting, responses (pure);
* `datapackage.scb.client` – the HTTP client: rate limit, retries, disk cache, progress;
* `datapackage.scb.catalogue` – which tables, variables and contents become which indicator;
* `datapackage.scb.geodata` – DeSO/RegSO boundaries from SCB's open geodata (WFS);
* `datapackage.scb.kommuner` – the 290 kommuner (embedded list);
* `datapackage.scb.build` – the data package.

Used by ``python -m cli fetch-scb``. Never imports streamlit.
"""
