"""No Docker engine runs on these machines, so the compose file is checked statically: every service
is complete and every command, module, environment variable and volume it names exists here."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SETTINGS_SOURCE = "\n".join(p.read_text() for p in (ROOT / "portal" / "settings").glob("*.py"))
APP_SERVICES = ["migrate", "web", "worker", "beat", "tasks"]


def test_every_required_service_is_defined():
    assert {"web", "worker", "beat", "postgres", "redis", "elasticsearch"} <= set(SERVICES)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_has_an_image_or_build_and_long_running_ones_a_healthcheck(name):
    service = SERVICES[name]
    assert "image" in service or "build" in service
    if name not in {"migrate", "beat", "tasks"}:
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_dependencies_and_named_volumes_exist(name):
    service = SERVICES[name]
    for dependency in service.get("depends_on", {}):
        assert dependency in SERVICES, f"{name} depends on unknown service {dependency}"
    for volume in service.get("volumes", []):
        source = volume.split(":", 1)[0]
        if not source.startswith((".", "/")):
            assert source in COMPOSE["volumes"], f"{name} mounts undeclared volume {source}"


def _command_refers_to_something_real(command):
    program = command[0]
    if program == "python":
        assert command[1] == "manage.py" and (ROOT / "manage.py").exists()
        assert command[2] in get_commands(), f"no management command {command[2]}"
    elif program == "gunicorn":
        module = command[1].split(":")[0]
        assert (ROOT / (module.replace(".", "/") + ".py")).exists()
    elif program == "celery":
        assert command[1:3] == ["-A", "portal"] and (ROOT / "portal" / "celery.py").exists()
        assert command[3] in {"worker", "beat", "inspect"}
    else:
        pytest.fail(f"unknown program {program}")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_commands_exist(name):
    _command_refers_to_something_real(SERVICES[name]["command"])


def test_healthcheck_commands_of_app_services_exist():
    _command_refers_to_something_real(SERVICES["worker"]["healthcheck"]["test"][1:])
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_environment_variable_is_read_by_the_settings(name):
    for variable, value in SERVICES[name]["environment"].items():
        if variable == "DJANGO_SETTINGS_MODULE":
            assert (ROOT / (value.replace(".", "/") + ".py")).exists()
            continue
        assert re.search(rf"env(\.\w+)?\(\s*\"{variable}\"", SETTINGS_SOURCE), f"settings never read {variable}"


def test_env_example_names_only_variables_that_are_used():
    compose_text = (ROOT / "docker-compose.yml").read_text()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            variable = line.split("=", 1)[0]
            used = re.search(rf"env(\.\w+)?\(\s*\"{variable}\"", SETTINGS_SOURCE) or f"${{{variable}" in compose_text
            assert used, f".env.example sets {variable} which nothing reads"


def test_database_and_redis_urls_point_at_the_compose_services():
    env = SERVICES["web"]["environment"]
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"


def test_dockerfile_copies_files_that_exist_and_runs_the_wsgi_module():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (?:--\S+ )*(\S+) ", dockerfile, re.M):
        if source != ".":
            assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"
    assert '"portal.wsgi"' in dockerfile
    assert "compile_translations" in dockerfile and "compile_translations" in get_commands()
