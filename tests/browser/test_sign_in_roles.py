"""The app's sign-in and roles for real: the app (a copy of the project with a ``secrets.toml`` of its
own) signs in at a real OIDC provider on loopback (tests/browser/oidc.py) through the provider's own
login page; people of different roles see and may do what their role allows, a forged or expired
sign-in cookie gives no access, and signing out works.

The group claim of each test user is mapped to roles in the ``[roles.groups]`` section written here,
as a deployment would configure it.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from persistence import Insats, InsatsIndicator, open_store
from tests.browser.conftest import ROOT, free_port, start_server, stop_server
from tests.browser.helpers import wait_until_idle
from tests.browser.oidc import auth_secrets

pytestmark = pytest.mark.browser

USER_COOKIE = "_streamlit_user"
DAY = 24 * 60 * 60
LEISURE, SCHOOL = "fritidsnämnden", "grundskolenämnden"
ROLES = """
[roles.groups]
"kraftsamla-lasare" = "läsare"
"kraftsamla-analytiker" = "analytiker"
"kraftsamla-rapportor-fritidsnamnden" = "rapportör:fritidsnämnden"
"kraftsamla-samordnare" = "samordnare"
"kraftsamla-administrator" = "administratör"
"""
_NOT_COPIED = {".git", ".venv", "test-artifacts", "tests", "benchmarks", "__pycache__", ".pytest_cache",
               ".ruff_cache", ".hypothesis", "cache", "secrets.toml"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    out = {n for n in names if n in _NOT_COPIED}
    if Path(folder) == ROOT / "data":  # only the embedded demo package
        out |= {n for n in names if n not in ("demo", "README.md")}
    return out


@pytest.fixture(scope="module")
def app(oidc_provider, tmp_path_factory):
    """The app with sign-in configured, on a database of its own holding one insats per board."""
    folder = tmp_path_factory.mktemp("signed_in_app")
    copy = folder / "app"
    shutil.copytree(ROOT, copy, ignore=_ignore)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cookie_secret = secrets.token_hex(32)
    (copy / ".streamlit" / "secrets.toml").write_text(
        auth_secrets(url, oidc_provider, cookie_secret=cookie_secret) + ROLES, encoding="utf-8")
    database = f"sqlite:///{folder / 'kraftsamla.sqlite'}"
    store = open_store(database)
    for board in (LEISURE, SCHOOL):
        insats = store.save_insats(Insats("demo", f"Läxhjälp {board}", board, "smaomrade", ("K0001",),
                                          2025), user="Cia")
        store.save_indicator(InsatsIndicator(insats.id, "Deltagare", "output"), user="Cia")
    server = start_server(folder / "streamlit.log", app=copy / "app.py", port=port,
                          env={"KRAFTSAMLA_DATABASE_URL": database},
                          args=["--server.fileWatcherType", "none"])
    yield SimpleNamespace(url=url, cookie_secret=cookie_secret, store=store)
    stop_server(server.process)
    store.close()


def _sign_in_page_shown(page) -> bool:
    page.get_by_role("button", name="Logga in").wait_for(timeout=60_000)
    return page.locator("[data-testid='stSidebarNav']").count() == 0


def sign_in(page, app, provider, sub: str) -> None:
    """Sign in as ``sub`` through the provider's own login page."""
    page.goto(app.url)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{provider.url}/oauth2/authorize*", timeout=30_000)
    page.get_by_role("button", name=sub, exact=True).click()  # the provider's page, not the app's
    page.wait_for_url(f"{app.url}/**", timeout=30_000)
    page.get_by_text("Inloggad som").first.wait_for(timeout=60_000)
    wait_until_idle(page)


def open_insats(page, app, name: str) -> None:
    page.goto(f"{app.url}/insatser?insats={name}")
    page.get_by_role("button", name="Spara värdet").wait_for(timeout=60_000)
    wait_until_idle(page)


def report(page) -> None:
    field = page.get_by_label("Värde", exact=True).first
    field.fill("12,5")  # a Swedish decimal, read exactly
    field.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="Spara värdet").click()
    wait_until_idle(page)


def test_a_visitor_sees_only_the_sign_in_page(app, page, screenshots):
    page.goto(app.url)
    assert _sign_in_page_shown(page)
    page.goto(f"{app.url}/insatser")  # a deep link too
    assert _sign_in_page_shown(page)
    assert page.get_by_text("Läxhjälp").count() == 0
    page.screenshot(path=screenshots / "auth_sign_in_page.png")


def test_a_lasare_reads_everything_and_a_save_is_refused_with_the_role(app, oidc_provider, page,
                                                                        screenshots):
    sign_in(page, app, oidc_provider, "lars.lasare")
    sidebar = page.locator("[data-testid='stSidebar']")
    # As a person reads it (the e-mail holds an invisible word joiner that stops autolinks).
    assert "Inloggad som Lars Läsare (lars.lasare@malmo.test)" in sidebar.inner_text().replace("\u2060", "")
    assert "Roller: läsare" in sidebar.inner_text()
    assert page.get_by_role("link", name="Roller").count() == 0  # the administratör's page
    open_insats(page, app, f"Läxhjälp {LEISURE}")
    report(page)
    page.get_by_text("Det här kräver rollen rapportör för fritidsnämnden eller samordnare").wait_for(
        timeout=30_000)
    page.screenshot(path=screenshots / "auth_lasare_refused.png", full_page=True)
    assert app.store.list_reported_values("demo") == []


def test_a_rapportor_reports_for_its_board_only(app, oidc_provider, page, screenshots):
    sign_in(page, app, oidc_provider, "rut.rapportor")
    assert "Roller: rapportör för fritidsnämnden" in page.locator("[data-testid='stSidebar']").inner_text()
    open_insats(page, app, f"Läxhjälp {LEISURE}")
    report(page)
    page.get_by_text("Värdet är sparat").first.wait_for(timeout=30_000)
    reports = app.store.list_reported_values("demo")
    assert [r.reported_by for r in reports] == ["Rut Rapportör (rut.rapportor@malmo.test)"]

    open_insats(page, app, f"Läxhjälp {SCHOOL}")
    report(page)
    page.get_by_text("Det här kräver rollen rapportör för grundskolenämnden eller samordnare").wait_for(
        timeout=30_000)
    page.screenshot(path=screenshots / "auth_rapportor_other_board.png", full_page=True)
    assert len(app.store.list_reported_values("demo")) == 1


def test_an_administrator_sees_the_roles_page(app, oidc_provider, page, screenshots):
    sign_in(page, app, oidc_provider, "ada.admin")
    assert "administratör" in page.locator("[data-testid='stSidebar']").inner_text()
    page.get_by_role("link", name="Roller").click()
    page.get_by_text("Roller från grupper").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.get_by_text("kraftsamla-rapportor-fritidsnamnden").count() >= 1
    page.screenshot(path=screenshots / "auth_roles_page.png", full_page=True)


def _cookie(secret: str, payload: dict, age_s: int = 0) -> str:
    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_s

    return URLSafeTimedSerializer(secret, salt=USER_COOKIE, signer=Signer).dumps(json.dumps(payload))


@pytest.mark.parametrize("case", ["wrong secret", "older than 31 days", "genuine"])
def test_a_forged_or_expired_cookie_gives_no_access(app, browser, case):
    payload = {"sub": "intruder", "email": "intruder@example.org", "name": "Intruder",
               "groups": ["kraftsamla-administrator", "kraftsamla-samordnare"], "origin": app.url,
               "is_logged_in": True, "provider": "default"}
    secret = "not-the-secret" if case == "wrong secret" else app.cookie_secret
    value = _cookie(secret, payload, age_s=32 * DAY if case == "older than 31 days" else 0)
    context = browser.new_context()
    context.add_cookies([{"name": USER_COOKIE, "value": value, "domain": "127.0.0.1", "path": "/"}])
    page = context.new_page()
    page.goto(f"{app.url}/insatser")
    if case == "genuine":  # the control: only the cookie secret makes a cookie that counts
        page.get_by_text("Inloggad som Intruder").first.wait_for(timeout=60_000)
    else:
        assert _sign_in_page_shown(page)
        assert page.get_by_text("Läxhjälp").count() == 0
    context.close()


def test_signing_out_ends_the_session(app, oidc_provider, page, screenshots):
    sign_in(page, app, oidc_provider, "anna.analytiker")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(re.escape(oidc_provider.url) + r"/oauth2/end_session.*"),
                      timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app.url}/**", timeout=30_000)
    assert _sign_in_page_shown(page)
    assert USER_COOKIE not in {c["name"] for c in page.context.cookies()}
    page.screenshot(path=screenshots / "auth_signed_out.png")
