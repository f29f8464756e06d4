"""The deployment files hold together: compose order, the image's user and health check, and the
compose variant of the nginx configuration passes ``nginx -t`` (Docker itself cannot run here)."""

from __future__ import annotations

import re
import shutil
import subprocess

import yaml

from tests.browser.deploy.conftest import NGINX, ROOT

DEPLOY = ROOT / "deploy"


def test_compose_upgrades_the_schema_once_before_the_replicas_and_the_proxy_waits_for_them():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "migrate", "app1", "app2", "proxy"} <= set(services)
    assert services["migrate"]["command"] == ["python", "-m", "persistence", "upgrade"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    replicas = [name for name in services if re.fullmatch(r"app\d+", name)]
    for name in replicas:
        service = services[name]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["environment"]["KRAFTSAMLA_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "STREAMLIT_SERVER_COOKIE_SECRET" in service["environment"]
        assert service["depends_on"].keys() == {"migrate"}
    assert {services["proxy"]["depends_on"][name]["condition"] for name in replicas} == {
        "service_healthy"}
    upstreams = (DEPLOY / "nginx" / "kraftsamla-upstreams.conf").read_text()
    assert sorted(re.findall(r"^server (app\d+):8501", upstreams, re.M)) == sorted(replicas)


def test_the_image_runs_as_a_user_and_checks_its_health():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.\d+-slim", dockerfile, re.M)
    assert "pip install -r requirements.txt" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users
    assert users[-1] != "root"
    assert "HEALTHCHECK" in dockerfile
    assert "/_stcore/health" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored  # never baked into an image


def test_the_compose_nginx_configuration_is_valid(tmp_path):
    # The compose variant as it is, with the replicas' host names pointed at loopback (nginx resolves
    # them when it checks the configuration) and its paths moved into a temporary prefix.
    for name in ("kraftsamla.conf", "kraftsamla-listen.conf", "kraftsamla-upstreams.conf"):
        shutil.copy(DEPLOY / "nginx" / name, tmp_path / name)
    upstreams = tmp_path / "kraftsamla-upstreams.conf"
    upstreams.write_text(re.sub(r"\bapp\d+:", "127.0.0.1:", upstreams.read_text()))
    main = (DEPLOY / "nginx" / "nginx.conf").read_text()
    main = main.replace("/etc/nginx/kraftsamla.conf", str(tmp_path / "kraftsamla.conf"))
    main = re.sub(r"^user .*$", "", main, flags=re.M)
    main = main.replace("pid /run/nginx.pid;", f"pid {tmp_path / 'nginx.pid'};")
    (tmp_path / "nginx.conf").write_text(main)
    check = subprocess.run([NGINX, "-t", "-p", f"{tmp_path}/", "-c", tmp_path / "nginx.conf", "-e",
                            tmp_path / "error.log"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr
