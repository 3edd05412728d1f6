"""Components: project markers, declared names, top-level packages and overrides."""
from __future__ import annotations

from helpers import write
from msglint.analyzer.components import Components


def test_nearest_project_folder_names_the_component(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[project]\nname = 'monorepo'\n",
        "services/orders/pyproject.toml": "[project]\nname = 'orders-service'\n",
        "services/orders/orders/api.py": "",
        "services/billing/setup.cfg": "[metadata]\nname = billing-svc\n",
        "services/billing/billing/x.py": "",
        "services/mail/setup.py": "from setuptools import setup\nsetup(name='mailer', version='1')\n",
        "services/mail/m.py": "",
        "services/poetry/pyproject.toml": "[tool.poetry]\nname = 'poetic'\n",
        "services/poetry/p.py": "",
        "services/docker_only/Dockerfile": "FROM python\n",
        "services/docker_only/w.py": "",
        "tools/scripts/run.py": "",
        "top.py": "",
    })
    components = Components(tmp_path)
    assert components.component_of("services/orders/orders/api.py") == "orders-service"
    assert components.component_of("services/billing/billing/x.py") == "billing-svc"
    assert components.component_of("services/mail/m.py") == "mailer"
    assert components.component_of("services/poetry/p.py") == "poetic"
    assert components.component_of("services/docker_only/w.py") == "docker_only"
    assert components.component_of("tools/scripts/run.py") == "tools"  # the root's own pyproject does not count
    assert components.component_of("top.py") == tmp_path.name


def test_configured_components_override(tmp_path):
    write(tmp_path, {"services/orders/pyproject.toml": "[project]\nname = 'orders'\n"})
    components = Components(tmp_path, {"checkout": ["services/orders/**", "libs/cart/*.py"]})
    assert components.component_of("services/orders/a/b.py") == "checkout"
    assert components.component_of("libs/cart/c.py") == "checkout"
    assert components.component_of("libs/other/c.py") == "libs"


def test_broken_project_files_fall_back_to_the_folder_name(tmp_path):
    write(tmp_path, {"svc/pyproject.toml": "[project\n", "svc/a.py": ""})
    assert Components(tmp_path).component_of("svc/a.py") == "svc"
