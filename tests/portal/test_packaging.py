import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_direct_dependency_is_pinned_in_pyproject_and_matches_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = _lock()
    for requirement in direct:
        name, sep, version = requirement.partition("==")
        assert sep, f"{requirement} is not pinned"
        assert lock.get(re.sub(r"[-_.]+", "-", name).lower()) == version, f"{requirement} differs from requirements.lock"
