"""A real OpenID Connect provider on loopback for sign-in tests, and the secrets that point the app at it.

The provider is ``oidc-provider-mock`` (pinned in requirements-dev.txt): a full authorization-code
flow with discovery (``/.well-known/openid-configuration``), a JWKS endpoint, RS256-signed ID tokens,
userinfo, refresh tokens and RP-initiated log-out (``end_session_endpoint``). Any client id and secret
are accepted (no registration). A person signs in on the provider's own page: type a subject (or click
a predefined user) and press "Authorize". Predefined users carry whatever claims they are given; claims
that are not standard OIDC claims (e.g. ``groups``) are put in the ID token whatever the scope.

Streamlit (``st.login``) needs ``Authlib`` (pinned in requirements.txt) and an ``[auth]`` section in
``secrets.toml``; `auth_secrets` writes one. Everything runs on 127.0.0.1; the processes are stopped by
their process ids.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: Test users with the group claim a deployment would map to roles (the mapping is not here).
TEST_USERS: tuple[dict[str, object], ...] = (
    {"sub": "anna.analytiker", "email": "anna.analytiker@malmo.test", "name": "Anna Analytiker",
     "groups": ["kraftsamla-analytiker"]},
    {"sub": "lars.lasare", "email": "lars.lasare@malmo.test", "name": "Lars Läsare",
     "groups": ["kraftsamla-lasare"]},
    {"sub": "rut.rapportor", "email": "rut.rapportor@malmo.test", "name": "Rut Rapportör",
     "groups": ["kraftsamla-rapportor-fritidsnamnden"]},
    {"sub": "sam.samordnare", "email": "sam.samordnare@malmo.test", "name": "Sam Samordnare",
     "groups": ["kraftsamla-samordnare"]},
    {"sub": "ada.admin", "email": "ada.admin@malmo.test", "name": "Ada Administratör",
     "groups": ["kraftsamla-administrator", "kraftsamla-samordnare"]},
)


@dataclass
class OidcProvider:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def set_user(self, sub: str, claims: dict[str, object]) -> None:
        """Create or replace a user's claims (``PUT /users/<sub>``), e.g. to change a group."""
        request = urllib.request.Request(f"{self.url}/users/{sub}", method="PUT",
                                         data=json.dumps(claims).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10):
            pass


def start_oidc_provider(log: Path, port: int, users: Sequence[dict[str, object]] = TEST_USERS,
                        token_max_age_s: int = 3600) -> OidcProvider:
    """``python -m oidc_provider_mock`` on ``127.0.0.1:port`` with ``users`` predefined."""
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port),
               "--token-max-age", str(token_max_age_s)]
    for user in users:
        command += ["--user-claims", json.dumps(user)]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    provider = OidcProvider(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(provider.metadata_url, timeout=2) as response:
                if response.status == 200:
                    return provider
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    stop_oidc_provider(provider)
    raise RuntimeError(f"the OIDC provider did not start; log:\n{log.read_text()}")


def stop_oidc_provider(provider: OidcProvider) -> None:
    """Stop the provider by its process id."""
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
        provider.process.wait(timeout=10)


def auth_secrets(app_url: str, provider: OidcProvider, *, cookie_secret: str | None = None,
                 client_id: str = "kraftsamla", client_secret: str = "test-client-secret") -> str:
    """The ``[auth]`` section of ``secrets.toml`` for an app at ``app_url`` signing in at ``provider``.

    ``redirect_uri`` must be the app's own URL + ``/oauth2callback`` (as the browser sees it: behind a
    proxy, the proxy's URL); ``cookie_secret`` signs the sign-in cookie (and must be the same on every
    replica).
    """
    cookie_secret = cookie_secret or secrets.token_hex(32)
    return (f'[auth]\nredirect_uri = "{app_url}/oauth2callback"\n'
            f'cookie_secret = "{cookie_secret}"\n'
            f'client_id = "{client_id}"\nclient_secret = "{client_secret}"\n'
            f'server_metadata_url = "{provider.metadata_url}"\n')


def write_auth_secrets(folder: Path, app_url: str, provider: OidcProvider, **kwargs: str) -> Path:
    """Write ``folder/.streamlit/secrets.toml`` with `auth_secrets`; its path."""
    target = folder / ".streamlit" / "secrets.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(auth_secrets(app_url, provider, **kwargs), encoding="utf-8")
    return target
