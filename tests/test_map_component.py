"""The map component's early-ready frame: streamlit-folium's build with a few lines in front."""

from __future__ import annotations

from ui.map_component import READY_NOW, build_dir, early_ready_frame


def test_the_frame_posts_ready_before_loading_the_bundle(tmp_path):
    folder = early_ready_frame(build_dir(), tmp_path)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert html.index(READY_NOW) < html.index("static/js/main.")  # ready first, bundle after
    assert "streamlit:componentReady" in READY_NOW
    bundles = [p.relative_to(build_dir()) for p in (build_dir() / "static").rglob("*.js")]
    assert bundles
    for bundle in bundles:  # the bundle itself is served unchanged
        assert (folder / bundle).read_bytes() == (build_dir() / bundle).read_bytes()
    assert not list(folder.rglob("*.map"))  # source maps are not needed to draw a map


def test_the_copy_is_made_once_and_reused(tmp_path):
    first = early_ready_frame(build_dir(), tmp_path)
    marker = first / "index.html"
    stamp = marker.stat().st_mtime_ns
    assert early_ready_frame(build_dir(), tmp_path) == first
    assert marker.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no half-written copies left


def test_a_build_without_head_is_left_alone(tmp_path):
    source = tmp_path / "build"
    (source / "static" / "js").mkdir(parents=True)
    (source / "index.html").write_text("<html><body>no head</body></html>")
    assert early_ready_frame(source, tmp_path / "out") is None
