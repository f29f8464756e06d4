"""Spike: Streamlit's own sign-in (``st.login``, ``st.user``, ``st.logout``) against a real OIDC provider.

Not the app's sign-in (roles and the UI come later): a one-page script (``apps/auth_spike.py``) run with
a ``secrets.toml`` written here, signing in through the provider's own login page in chromium. It pins
down what the app can rely on: which claims ``st.user`` holds (the group claim included), the cookie
Streamlit sets, that a forged or expired cookie gives no access, and that log-out works.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.oidc import TEST_USERS, write_auth_secrets

pytestmark = pytest.mark.browser

SPIKE = Path(__file__).resolve().parent / "apps" / "auth_spike.py"
USER_COOKIE = "_streamlit_user"
DAY = 24 * 60 * 60


@pytest.fixture(scope="module")
def spike(oidc_provider, tmp_path_factory):
    """The spike page on a free loopback port, with ``.streamlit/secrets.toml`` pointing at the
    provider (a temporary folder of its own: the repository has no secrets file)."""
    folder = tmp_path_factory.mktemp("auth_spike")
    shutil.copy(SPIKE, folder / SPIKE.name)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cookie_secret = secrets.token_hex(32)
    write_auth_secrets(folder, url, oidc_provider, cookie_secret=cookie_secret)
    server = start_server(folder / "streamlit.log", app=folder / SPIKE.name, port=port)
    yield SimpleNamespace(url=url, cookie_secret=cookie_secret, server=server)
    stop_server(server.process)


def _sign_in(page, spike, provider, sub: str) -> dict:
    page.goto(spike.url)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{provider.url}/oauth2/authorize*", timeout=30_000)
    page.get_by_role("button", name=sub, exact=True).click()  # the provider's own login page
    page.wait_for_url(f"{spike.url}/**", timeout=30_000)
    code = page.locator("[data-testid='stCode'] code").first
    code.wait_for(timeout=30_000)
    return json.loads(code.inner_text())


def _signed_out(page) -> bool:
    page.locator("h1").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Log").first.wait_for(timeout=30_000)
    return page.get_by_role("button", name="Log in").count() == 1


def test_signing_in_gives_the_id_token_claims_and_groups(spike, oidc_provider, page):
    user = next(u for u in TEST_USERS if u["sub"] == "anna.analytiker")
    claims = _sign_in(page, spike, oidc_provider, "anna.analytiker")
    assert claims["is_logged_in"] is True
    assert claims["sub"] == "anna.analytiker"
    assert claims["email"] == user["email"]
    assert claims["name"] == user["name"]
    assert claims["groups"] == ["kraftsamla-analytiker"]  # the group claim arrives as a list
    assert claims["iss"] == oidc_provider.url
    assert claims["aud"] == ["kraftsamla"]  # the client id, as a list
    print(f"\nst.user after signing in: {claims}")
    assert claims["provider"] == "default"
    cookies = {c["name"]: c for c in page.context.cookies()}
    cookie = cookies[USER_COOKIE]
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"
    assert 29 * DAY < cookie["expires"] - time.time() <= 30 * DAY  # 30 days, whatever the token says
    assert "_streamlit_user_tokens" in cookies  # the ID and access tokens, signed, for st.user.tokens


def _cookie(secret: str, payload: dict, age_s: int = 0) -> str:
    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_s

    serializer = URLSafeTimedSerializer(secret, salt=USER_COOKIE, signer=Signer)
    return serializer.dumps(json.dumps(payload))


@pytest.mark.parametrize(("case", "signed_in"), [
    ("genuine", True),  # the control: a cookie made the way Streamlit makes it is accepted
    ("wrong secret", False),
    ("tampered", False),
    ("older than 31 days", False),
    ("other origin", False),
])
def test_a_forged_or_expired_cookie_gives_no_access(spike, browser, case, signed_in):
    payload = {"sub": "intruder", "email": "intruder@example.org", "groups": ["kraftsamla-administrator"],
               "origin": spike.url, "is_logged_in": True, "provider": "default"}
    secret = "not-the-secret" if case == "wrong secret" else spike.cookie_secret
    if case == "other origin":
        payload["origin"] = "http://127.0.0.1:1"
    value = _cookie(secret, payload, age_s=32 * DAY if case == "older than 31 days" else 0)
    if case == "tampered":  # another payload under the genuine cookie's timestamp and signature
        other = _cookie(secret, {**payload, "groups": ["kraftsamla-lasare"]}).rsplit(".", 2)[0]
        value = ".".join([other, *value.rsplit(".", 2)[1:]])
    context = browser.new_context()
    context.add_cookies([{"name": USER_COOKIE, "value": value, "domain": "127.0.0.1", "path": "/"}])
    page = context.new_page()
    page.goto(spike.url)
    if signed_in:
        page.locator("[data-testid='stCode'] code").first.wait_for(timeout=30_000)
        assert json.loads(page.locator("[data-testid='stCode'] code").first.inner_text())["sub"] == \
            "intruder"
    else:
        assert _signed_out(page)
    context.close()


def test_logging_out_clears_the_cookie_and_ends_the_provider_session(spike, oidc_provider, page):
    _sign_in(page, spike, oidc_provider, "lars.lasare")
    page.get_by_role("button", name="Log out").click()
    # Streamlit sends the browser to the provider's end_session_endpoint with id_token_hint and
    # post_logout_redirect_uri; the mock asks for a confirmation.
    page.wait_for_url(f"{oidc_provider.url}/oauth2/end_session*", timeout=30_000)
    assert "id_token_hint=" in page.url
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{spike.url}/**", timeout=30_000)
    assert _signed_out(page)
    assert USER_COOKIE not in {c["name"] for c in page.context.cookies()}
