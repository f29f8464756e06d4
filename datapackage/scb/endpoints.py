"""Where SCB's services are: the PxWeb API, the open-geodata WFS and SCB's web site (the DeSO page
that links the DeSO 2018–2025 key).

``$KRAFTSAMLA_SCB_MIRROR`` (e.g. ``http://127.0.0.1:8765``) points all three at one host that keeps
SCB's paths: a mirror, or the loopback fake SCB of the browser tests. The app never calls SCB except
from the fetch button or ``python -m cli fetch-scb``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from datapackage.scb.client import V1_BASE
from datapackage.scb.deso_key import DESO_PAGE_URL
from datapackage.scb.geodata import DESO_2025, REGSO_2025, WFS_URL, BoundaryLayer

MIRROR_ENV = "KRAFTSAMLA_SCB_MIRROR"


def _on(mirror: str, url: str) -> str:
    base, original = urlsplit(mirror), urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, original.path, original.query, ""))


@dataclass(frozen=True)
class Endpoints:
    pxweb: str = V1_BASE
    wfs: str = WFS_URL
    deso_page: str = DESO_PAGE_URL

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        """SCB's own addresses, or all on ``$KRAFTSAMLA_SCB_MIRROR`` when it is set."""
        env = os.environ if env is None else env
        mirror = env.get(MIRROR_ENV, "").strip()
        if not mirror:
            return cls()
        return cls(_on(mirror, V1_BASE), _on(mirror, WFS_URL), _on(mirror, DESO_PAGE_URL))

    def boundaries(self) -> tuple[BoundaryLayer, BoundaryLayer]:
        return (dataclasses.replace(DESO_2025, url=self.wfs),
                dataclasses.replace(REGSO_2025, url=self.wfs))
