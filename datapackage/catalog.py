"""Finding data packages on disk: the embedded demo, packages built beside it, and KRAFTSAMLA_DATA."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from datapackage.store import MANIFEST

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_PACKAGE = DATA_DIR / "demo"
ENV_VAR = "KRAFTSAMLA_DATA"
#: Overrides the folder whose sub-folders are packages (and where the fetch button writes).
DIR_ENV_VAR = "KRAFTSAMLA_DATA_DIR"


def packages_dir(env: dict[str, str] | None = None) -> Path:
    """``$KRAFTSAMLA_DATA_DIR`` when set, else the repository's ``data/`` folder."""
    env = os.environ if env is None else env
    root = env.get(DIR_ENV_VAR, "").strip()
    return Path(root).expanduser() if root else DATA_DIR


@dataclass(frozen=True)
class PackageRef:
    """A package found on disk: a stable key for URLs, its folder and its display name."""

    key: str
    path: Path
    name: str
    demo: bool


def _ref(path: Path, explicit: bool) -> PackageRef | None:
    """A reference to the package in ``path``.

    Folders without a manifest are skipped unless named explicitly; a package whose manifest cannot be
    read is still listed (under its folder name), so that opening it shows `read_package`'s message
    instead of the package silently vanishing from the picker.
    """
    if not explicit and not (path / MANIFEST).is_file():
        return None
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        name, demo = str(manifest.get("name", path.name)), bool(manifest.get("demo", False))
    except (OSError, ValueError, AttributeError):
        name, demo = path.name, False
    return PackageRef(key=path.name, path=path, name=name, demo=demo)


def discover_packages(data_dir: Path | None = None, env: dict[str, str] | None = None
                      ) -> list[PackageRef]:
    """Packages in ``data_dir`` (one per sub-folder; default `packages_dir`) and in
    ``$KRAFTSAMLA_DATA``.

    ``KRAFTSAMLA_DATA`` holds one or more package folders separated by the OS path separator; they come
    first, so the first of them is the default. Keys are unique (folder names, suffixed when needed).
    """
    env = os.environ if env is None else env
    data_dir = packages_dir(env) if data_dir is None else data_dir
    candidates: list[tuple[Path, bool]] = []
    for part in env.get(ENV_VAR, "").split(os.pathsep):
        if part.strip():
            candidates.append((Path(part.strip()).expanduser().resolve(), True))
    if data_dir.is_dir():
        candidates.extend(
            (p.resolve(), False) for p in sorted(data_dir.iterdir()) if p.is_dir())
    refs: list[PackageRef] = []
    seen_paths: set[Path] = set()
    seen_keys: set[str] = set()
    for path, explicit in candidates:
        if path in seen_paths:
            continue
        ref = _ref(path, explicit)
        if ref is None:
            continue
        key, n = ref.key, 2
        while key in seen_keys:
            key, n = f"{ref.key}-{n}", n + 1
        refs.append(PackageRef(key, ref.path, ref.name, ref.demo))
        seen_paths.add(path)
        seen_keys.add(key)
    return refs
