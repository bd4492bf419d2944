"""Dependencies point one way: concept imports no sibling app, and only the
report package of monitoring reads all four apps (DESIGN.md)."""

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


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """Every absolute import of ``path`` as (module, [names imported from it]);
    ``import a.b`` gives ("a.b", []), ``from a import b, c`` ("a", ["b", "c"])."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def imported_top_level_modules(path: Path) -> set[str]:
    return {module.split(".")[0] for module, _names in imports(path)}


def app_modules(app: str):
    """The app's Python files outside migrations."""
    return (
        path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts
    )


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_only_allowed_apps(app):
    """No module of an app imports an app that DESIGN.md puts above it."""
    offenders = {}
    for path in app_modules(app):
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


REPORT = ROOT / "monitoring" / "report"


def _reads_only_selectors(module: str, names: list[str], app: str) -> bool:
    """``import app.selectors``, ``from app import selectors`` or
    ``from app.selectors import …``."""
    if module == app:
        return names == ["selectors"]
    return module == f"{app}.selectors"


def test_monitoring_reaches_inquiries_only_through_the_public_queryset():
    """Outside monitoring/report/, monitoring never imports roundtable and
    imports from inquiries nothing but ``public_inquiries`` (the evidence
    link is the lazy reference "inquiries.Inquiry")."""
    offenders = {}
    for path in app_modules("monitoring"):
        if REPORT in path.parents:
            continue
        wrong = [
            module
            for module, names in imports(path)
            if module.split(".")[0] == "roundtable"
            or (
                module.split(".")[0] == "inquiries"
                and (module, names) != ("inquiries.selectors", ["public_inquiries"])
            )
        ]
        if wrong:
            offenders[str(path.relative_to(ROOT))] = wrong
    assert offenders == {}


def test_report_reads_inquiries_and_roundtable_only_through_selectors():
    """monitoring/report/ reads inquiries and roundtable only through their
    selectors modules, never their models or internals."""
    offenders = {}
    for path in REPORT.rglob("*.py"):
        wrong = [
            module
            for module, names in imports(path)
            if module.split(".")[0] in ("inquiries", "roundtable")
            and not _reads_only_selectors(module, names, module.split(".")[0])
        ]
        if wrong:
            offenders[str(path.relative_to(ROOT))] = wrong
    assert offenders == {}


def test_monitoring_selectors_raise_no_http_errors():
    """Monitoring's selectors return querysets and data; the views turn a
    missing object into 404 (no Http404, BadRequest or QueryDict there)."""
    text = (ROOT / "monitoring" / "selectors.py").read_text(encoding="utf-8")
    assert [
        word for word in ("Http404", "BadRequest", "QueryDict") if word in text
    ] == []
