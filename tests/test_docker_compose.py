"""docker-compose.yml, the Caddyfile and the Dockerfile describe the server
stack (no Docker engine runs here: tests/test_server_path.py runs the same
gunicorn configuration for real)."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
APP_SERVICES = ("web", "worker", "beat")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_commands() -> None:
    services = _compose()["services"]
    assert set(services) == {"caddy", "web", "worker", "beat", "db", "redis"}
    assert "gunicorn -c gunicorn.conf.py" in services["web"]["command"]
    assert "migrate" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A sendit worker")
    assert services["beat"]["command"].startswith("celery -A sendit beat")
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["caddy"]["image"].startswith("caddy:2")


def test_only_caddy_publishes_ports() -> None:
    services = _compose()["services"]
    published = {name: service.get("ports", []) for name, service in services.items()}
    assert sorted(published.pop("caddy")) == sorted(["80:80", "443:443", "443:443/udp"])
    assert all(not ports for ports in published.values()), published


def test_caddy_gets_the_caddyfile_and_keeps_its_certificates() -> None:
    caddy = _compose()["services"]["caddy"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert any(volume.endswith(":/data") for volume in caddy["volumes"])
    assert "SITE_ADDRESS" in caddy["environment"]


def test_the_forwarded_header_is_trusted_from_caddy_only() -> None:
    compose = _compose()
    subnet = ipaddress.ip_network(compose["networks"]["default"]["ipam"]["config"][0]["subnet"])
    caddy_ip = compose["services"]["caddy"]["networks"]["default"]["ipv4_address"]
    assert ipaddress.ip_address(caddy_ip) in subnet
    web_env = compose["services"]["web"]["environment"]
    assert web_env["FORWARDED_ALLOW_IPS"] == caddy_ip
    assert "TRUST_X_FORWARDED_PROTO" not in web_env  # gunicorn decides, not Django
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert 'os.environ.get("FORWARDED_ALLOW_IPS"' in config
    assert 'secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}' in config


def test_web_has_a_health_check_with_the_site_host() -> None:
    web = _compose()["services"]["web"]
    check = " ".join(web["healthcheck"]["test"])
    assert "/healthz" in check and "ALLOWED_HOSTS" in check and "Host" in check


def test_web_and_worker_wait_for_a_healthy_database() -> None:
    services = _compose()["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_app_services_run_the_real_stack() -> None:
    services = _compose()["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert "SECRET_KEY" in env
        assert env["BACKUP_DIR"] == "/data/backups"


def test_caddyfile_serves_one_site_and_proxies_to_web() -> None:
    text = (ROOT / "Caddyfile").read_text()
    lines = [line.split("#", 1)[0].rstrip() for line in text.splitlines()]
    code = "\n".join(line for line in lines if line.strip())
    assert code.count("{") == code.count("}")
    top_level = [line for line in lines if line and not line[0].isspace()]
    assert top_level == ["{$SITE_ADDRESS} {", "}"]  # one site, nothing else served
    assert re.search(r"^\s+reverse_proxy web:8000$", code, re.M)
    assert re.search(r"^\s+encode zstd gzip$", code, re.M)
    size = re.search(r"max_size (\d+)MB", code)
    assert size and 2 < int(size.group(1)) <= 5  # a little above the 2 MB import limit


def test_dockerfile_builds_static_files_with_debug_off_and_runs_the_config() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "DEBUG=false python manage.py collectstatic" in text
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"]' in text
    assert "postgresql-client" in text  # pg_dump for `manage.py backup`
