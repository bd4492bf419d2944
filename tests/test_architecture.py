"""Dependencies point one way: concept imports no sibling app (DESIGN.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["concept", "inquiries", "monitoring", "roundtable"]
# app -> apps it must not import
FORBIDDEN = {
    "concept": {"inquiries", "monitoring", "roundtable"},
    "inquiries": {"monitoring", "roundtable"},
    "roundtable": {"inquiries", "monitoring"},
    "kassel_integration": set(),  # checked separately below
}


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_only_allowed_apps(app):
    """No module of an app imports an app that DESIGN.md puts above it."""
    offenders = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        forbidden = imported_top_level_modules(path) & FORBIDDEN[app]
        if forbidden:
            offenders[str(path.relative_to(ROOT))] = sorted(forbidden)
    assert offenders == {}


def test_project_package_imports_no_app():
    """kassel_integration/ (settings, admin base, freshness, search registry,
    commands) imports no app: the apps register themselves with it."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            imported_top_level_modules(path) & set(APPS)
        )
        for path in (ROOT / "kassel_integration").rglob("*.py")
        if "migrations" not in path.parts
        and imported_top_level_modules(path) & set(APPS)
    }
    assert offenders == {}
