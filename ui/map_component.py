"""The map component's frame tells Streamlit it is alive before its 225 kB script bundle has run.

Streamlit's frontend replaces a custom component with "Your app is having trouble loading the
streamlit_folium.st_folium component" when the component's iframe has not posted ``componentReady``
within 60 s of being inserted (``ComponentInstance`` in Streamlit's frontend; not configurable).
streamlit-folium posts it from its bundle (``static/js/main.*.js``), so the frame is "ready" only once
the bundle has been received, parsed and run — on the browser's main thread, which a same-origin
iframe shares with the Streamlit page around it. Measured with ``benchmarks/concurrency.py`` (20
chromium sessions opening Områdesval at once on the shared 2-core machine, load average about 40):
``componentReady`` came 55–151 s after the iframe was inserted and 9 of 20 sessions hit Streamlit's
60 s timeout, while the server answered the same files within 3 s (a probe beside the browsers; the
server used 12–22 % CPU). The iframe's ``index.html`` arrives within seconds; the bundle waits for the
busy main thread. The cause is the browsers, not the server or the files.

The frame served here is streamlit-folium's own ``index.html`` with a few lines in front that post
``componentReady`` as soon as the frame's HTML is parsed. Streamlit then shows the frame and sends
its first render message, which nobody hears yet; when the bundle has run it posts
``componentReady`` itself, Streamlit answers with the render message again, and the map is drawn —
however long the bundle took. Same run, same load: ``componentReady`` 1.4–21 s after insertion, no
timeout, all 20 maps drawn. A bundle that fails to load shows a line asking to reload the page
instead of an empty frame. The copy lives in ``static/cache/components`` (written once per
streamlit-folium version; source maps left out); where it cannot be written, or with
``KRAFTSAMLA_MAP_EARLY_READY=0``, streamlit-folium's own frame is served.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

COMPONENT = "streamlit_folium.st_folium"
SWITCH = "KRAFTSAMLA_MAP_EARLY_READY"
TARGET = Path(__file__).resolve().parent.parent / "static" / "cache" / "components"

READY_NOW = """<script>
/* Kraftsamla (ui/map_component.py): this frame is alive; the bundle below says so again when it
   has run, and Streamlit then sends it the map. */
window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:componentReady", apiVersion: 1},
                          "*");
window.addEventListener("error", function (event) {
  if (event.target && event.target.tagName === "SCRIPT") {
    document.body.textContent = "Kartan kunde inte laddas – ladda om sidan. " +
                                "/ The map could not be loaded – reload the page.";
  }
}, true);
</script>"""


def build_dir() -> Path:
    """streamlit-folium's own frontend build (``index.html`` and ``static/js``)."""
    import streamlit_folium

    return Path(streamlit_folium.__file__).resolve().parent / "frontend" / "build"


def early_ready_frame(source: Path, target: Path) -> Path | None:
    """A copy of the component build in ``source`` whose ``index.html`` posts ``componentReady`` at
    once, under ``target`` (named by its content; written once, atomically). None when the build's
    ``index.html`` has no ``<head>`` to put the lines in."""
    original = (source / "index.html").read_text(encoding="utf-8")
    if "<head>" not in original:
        return None
    html = original.replace("<head>", "<head>" + READY_NOW, 1)
    digest = hashlib.sha256(html.encode())
    for path in sorted((source / "static").rglob("*.js")):
        digest.update(path.name.encode())
    folder = target / f"st_folium-{digest.hexdigest()[:16]}"
    if (folder / "index.html").is_file():
        return folder
    partial = target / f".{folder.name}.{os.getpid()}.tmp"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial, ignore=shutil.ignore_patterns("*.map", "index.html"))
    (partial / "index.html").write_text(html, encoding="utf-8")
    try:
        partial.rename(folder)  # atomic; another process may have been first
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
    return folder if (folder / "index.html").is_file() else None


def use_early_ready_frame() -> None:
    """Serve the map component's files from the early-ready copy in this server process.

    Call after ``streamlit_folium`` has been imported (it registers its own build then); cheap to call
    on every run. Does nothing outside a Streamlit server, when switched off or when the copy cannot
    be written.
    """
    if os.environ.get(SWITCH, "1").strip() == "0":
        return
    from streamlit.components.v1.custom_component import CustomComponent
    from streamlit.runtime import exists, get_instance

    if not exists():
        return
    registry = get_instance().component_registry
    current = registry.get_component_path(COMPONENT)
    if current is None or Path(current).parent == TARGET:
        return  # not registered yet (streamlit_folium not imported in a run), or done already
    try:
        folder = early_ready_frame(build_dir(), TARGET)
    except OSError:
        return
    if folder is not None:
        registry.register_component(CustomComponent(name=COMPONENT, path=str(folder),
                                                    module_name="streamlit_folium"))
