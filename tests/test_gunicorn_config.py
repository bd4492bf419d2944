"""gunicorn, started from the project folder as every setup here starts it,
lets through request lines as long as nginx does (8 KB), so that a long
search reaches Django's German answer instead of gunicorn's English
"URI Too Long" page."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_gunicorn_reads_the_projects_limits():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = str(gunicorn) if gunicorn.exists() else shutil.which("gunicorn")
    config = subprocess.run(
        [command, "--print-config", "kassel_integration.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    settings = dict(
        (part.strip() for part in line.split("=", 1))
        for line in config.splitlines()
        if "=" in line
    )
    assert settings["limit_request_line"] == "8190"
