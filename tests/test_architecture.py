"""The apps' imports point one way (docs/architecture.md): each app may import only the apps below it.

core ← sources ← partnerships ← events ← {dataset, intake, public}; the three on top import none of each
other. ``config`` wires them all together and is imported by none. Imports inside functions and in
migrations count too.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["core", "sources", "partnerships", "events"]
TOP = ["dataset", "intake", "public"]
APPS = [*LAYERS, *TOP]


def allowed_imports(app: str) -> set[str]:
    if app in TOP:
        return {app, *LAYERS}
    return set(LAYERS[: LAYERS.index(app) + 1])


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & {*APPS, "config"}


def test_the_apps_are_the_documented_ones():
    local = [app for app in settings.INSTALLED_APPS if (settings.BASE_DIR / app).is_dir()]
    assert local == APPS


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {}
    for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
        outside = imported_apps(path) - allowed_imports(app)
        if outside:
            wrong[str(path.relative_to(settings.BASE_DIR))] = sorted(outside)
    assert wrong == {}, f"{app} may import only {sorted(allowed_imports(app))}"


def test_the_check_sees_a_wrong_import(tmp_path):
    module = tmp_path / "models.py"
    module.write_text("def f():\n    from events.models import Meeting\n")
    assert imported_apps(module) - allowed_imports("partnerships") == {"events"}
