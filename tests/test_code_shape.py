"""The size rules of the house style (#15), checked on the whole tree.

ruff checks complexity (C901, max 10, see pyproject.toml); these tests check
what ruff cannot: no function longer than 60 lines and no module longer than
800 lines outside migrations and tests. A function that must be longer says
why in a comment on its ``def`` line starting with ``# long:``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "tests", "migrations", "node_modules", "staticfiles"}
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 800


def source_files():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_function_over_60_lines():
    too_long = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES and "# long:" not in lines[node.lineno - 1]:
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert too_long == []


def test_no_module_over_800_lines():
    too_long = [
        str(path.relative_to(ROOT))
        for path in source_files()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES
    ]
    assert too_long == []
