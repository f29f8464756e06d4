"""A deployment without Docker: two app replicas behind the distribution's nginx, sharing PostgreSQL.

The same nginx site configuration as ``deploy/compose.yaml`` (``deploy/nginx/kraftsamla.conf``) runs
here as an unprivileged foreground process with its own prefix (configuration, logs, temp folders)
on a free loopback port; only the two files a deployment fills in (``kraftsamla-upstreams.conf`` and
``kraftsamla-listen.conf``) are generated. Each replica runs from its own copy of the code, as each
container has its own disk, so nothing a replica writes locally (``static/cache``) is seen by the
other. The database is a fresh one on the test PostgreSQL server (``KRAFTSAMLA_TEST_DATABASE_URL``,
see ``scripts/start_test_postgres.sh``), upgraded once with ``python -m persistence upgrade`` before
the replicas start, like the deployment's one-shot ``migrate`` service. Every process is stopped by
its process id.

Fixtures for later tests (e.g. "a stale save is refused across replicas"): ``deployment`` (the
replicas, the proxy and the database URL) and ``pinned_pages`` (two browser pages whose route cookie
pins them to different replicas).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, Server, free_port, start_server, stop_server

NGINX = Path("/usr/sbin/nginx")
SITE = ROOT / "deploy" / "nginx" / "kraftsamla.conf"
PG_ENV = "KRAFTSAMLA_TEST_DATABASE_URL"
ROUTE_COOKIE = "kraftsamla_route"
REPLICA_HEADER = "x-kraftsamla-replica"
#: What a replica's copy of the code leaves out (the image has none of it either; see .dockerignore).
_NOT_COPIED = {".git", ".venv", "test-artifacts", "tests", "benchmarks", "__pycache__", ".pytest_cache",
               ".ruff_cache", ".hypothesis", "static/cache"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    relative = Path(folder).relative_to(ROOT)
    out = {n for n in names if n in _NOT_COPIED or str(relative / n) in _NOT_COPIED}
    if relative == Path("data"):  # only the embedded demo package
        out |= {n for n in names if n not in ("demo", "README.md")}
    return out


def pytest_collection_modifyitems(config, items):
    if NGINX.exists() or os.environ.get("CI"):
        return  # in CI a missing nginx must fail loudly (.ci/run installs it)
    skip = pytest.mark.skip(reason="nginx is not installed (apt-get install nginx)")
    for item in items:
        if "tests/browser/deploy" in str(item.fspath):
            item.add_marker(skip)


@dataclass
class Proxy:
    url: str
    process: subprocess.Popen
    prefix: Path


def nginx_config(prefix: Path, port: int, upstreams: list[str]) -> Path:
    """A main nginx configuration under ``prefix`` that includes the deployment's site file."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "kraftsamla-upstreams.conf").write_text(
        "".join(f"server {u} max_fails=1 fail_timeout=10s;\n" for u in upstreams))
    (prefix / "kraftsamla-listen.conf").write_text(f"listen 127.0.0.1:{port};\n")
    conf = prefix / "nginx.conf"
    temp = "\n".join(f"    {sub}_temp_path {prefix / 'tmp' / sub};"
                     for sub in ("fastcgi", "uwsgi", "scgi"))
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix / 'access.log'};
    client_body_temp_path {prefix / 'tmp' / 'body'};
    proxy_temp_path {prefix / 'tmp' / 'proxy'};
{temp}
    include {SITE};
}}
""")
    return conf


def _unprivileged() -> dict:
    """Popen arguments that drop root to ``nobody`` (nginx then needs no root at all)."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def start_nginx(upstreams: list[str]) -> Proxy:
    """nginx in the foreground on a free loopback port, in front of ``upstreams`` (host:port)."""
    prefix = Path(tempfile.mkdtemp(prefix="kraftsamla-nginx-"))
    port = free_port()
    conf = nginx_config(prefix, port, upstreams)
    drop = _unprivileged()
    if drop:
        for path in [prefix, *prefix.rglob("*")]:
            os.chown(path, drop["user"], drop["group"])
    check = subprocess.run([NGINX, "-t", "-q", "-p", f"{prefix}/", "-c", conf, "-e",
                            prefix / "error.log"], capture_output=True, text=True, **drop)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", f"{prefix}/", "-c", conf, "-e", prefix / "error.log"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **drop)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return Proxy(url, process, prefix)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    stop_nginx(process)
    pytest.fail(f"nginx did not start: {(prefix / 'error.log').read_text(errors='replace')}")


def stop_nginx(process: subprocess.Popen) -> None:
    """Stop nginx by its process id (SIGQUIT would wait for websockets; SIGTERM is a fast stop)."""
    stop_server(process)


def replica_of(url: str, route: str) -> str:
    """The upstream address nginx sends the route cookie ``route`` to."""
    request = urllib.request.Request(f"{url}/_stcore/health",
                                     headers={"Cookie": f"{ROUTE_COOKIE}={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers[REPLICA_HEADER]


def routes_to(url: str, replicas: list[str]) -> dict[str, str]:
    """A route cookie value for each replica (found by asking nginx where each value goes)."""
    found: dict[str, str] = {}
    for i in range(200):
        route = f"route-{i}"
        found.setdefault(replica_of(url, route), route)
        if all(r in found for r in replicas):
            return {r: found[r] for r in replicas}
    raise AssertionError(f"no route cookie found for every replica: {found}")


@pytest.fixture(scope="module")
def deploy_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from persistence.engine import normalise_url

    base = os.environ.get(PG_ENV, "").strip()
    if not base:
        reason = f"the deployment test needs {PG_ENV} (eval \"$(scripts/start_test_postgres.sh)\")"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"kraftsamla_deploy_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield normalise_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Deployment:
    proxy: Proxy
    replicas: dict[str, Server]  # upstream address (127.0.0.1:port) -> server
    database_url: str
    routes: dict[str, str]  # upstream address -> a route cookie value that reaches it
    cookie_secret: str  # the same on every replica (XSRF tokens and sign-in cookies stay valid)

    def stop_replica(self, address: str) -> None:
        stop_server(self.replicas[address].process)


async def _warm_up(url: str) -> None:
    """Open Områdesval once over the websocket (no browser): the replica imports and caches what the
    page needs, as a replica that has served someone has; the browsers then time only themselves."""
    from benchmarks.load import Session

    session = Session(url)
    await session.connect()
    await session.open_page("omradesval", "", timeout=120)
    await session.close()


@pytest.fixture(scope="module")
def deployment(deploy_database: str, tmp_path_factory) -> Iterator[Deployment]:
    """Schema upgrade once, then two replicas (each from its own copy of the code) and nginx."""
    import sys

    env = {**os.environ, "KRAFTSAMLA_DATABASE_URL": deploy_database}
    upgrade = subprocess.run([sys.executable, "-m", "persistence", "upgrade"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    servers: dict[str, Server] = {}
    proxy = None
    secret = uuid.uuid4().hex
    try:
        def replica(name: str) -> Server:
            copy = tmp_path_factory.mktemp(f"replica_{name}") / "app"
            shutil.copytree(ROOT, copy, ignore=_ignore)
            server = start_server(copy.parent / "streamlit.log", app=copy / "app.py",
                                  env={"KRAFTSAMLA_DATABASE_URL": deploy_database,
                                       "STREAMLIT_SERVER_COOKIE_SECRET": secret},
                                  args=["--server.fileWatcherType", "none"])
            asyncio.run(_warm_up(server.url))
            return server

        with ThreadPoolExecutor(2) as pool:  # both start at once, as compose starts them
            for server in pool.map(replica, ("a", "b")):
                servers[server.url.removeprefix("http://")] = server
        proxy = start_nginx(list(servers))
        yield Deployment(proxy, servers, deploy_database, routes_to(proxy.url, list(servers)), secret)
    finally:
        if proxy is not None:
            stop_nginx(proxy.process)
        for server in servers.values():
            if server.process.poll() is None:
                stop_server(server.process)


@pytest.fixture
def pinned_pages(deployment: Deployment, browser) -> Iterator[dict[str, object]]:
    """One browser page per replica (upstream address -> page), each in its own context (own
    cookies, own Streamlit session), pinned there by its route cookie."""
    pages, contexts = {}, []
    for address, route in deployment.routes.items():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_cookies([{"name": ROUTE_COOKIE, "value": route, "domain": "127.0.0.1",
                              "path": "/"}])
        contexts.append(context)
        pages[address] = context.new_page()
    yield pages
    for context in contexts:
        context.close()
