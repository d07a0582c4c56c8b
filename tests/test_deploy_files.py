"""The files in deploy/ name commands and options that exist: a renamed option or command breaks
this test, not the nightly backup on a server. (The operator's path itself was followed on a
machine from an empty database; see deploy/README.md and the issue's closing note.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
# `manage.py <command> …`, `manage.sh <command> …` or nightly.sh's `"$manage" <command> …`, up to the
# end of the line or a shell operator.
INVOCATION = re.compile(r'(?:manage\.(?:py|sh)|"\$manage")\s+([a-z_]+)([^\n|;&`)]*)')


def invocations() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file():
            for command, rest in INVOCATION.findall(path.read_text(encoding="utf-8")):
                options = [word.split("=")[0] for word in shlex.split(rest.replace("\\", " "), posix=True)
                           if word.startswith("--")]
                found.append((path.relative_to(DEPLOY).as_posix(), command, options))
    return found


def options_of(command: str) -> set[str]:
    parser = load_command_class(get_commands()[command], command).create_parser("manage.py", command)
    return {option for action in parser._actions for option in action.option_strings}


def test_the_deploy_files_call_the_commands_the_operator_needs():
    called = {command for _, command, _ in invocations()}
    assert {"migrate", "collectstatic", "check", "createsuperuser", "backup", "restore", "verify_audit",
            "run_huey", "issue_token", "revoke_token"} <= called


@pytest.mark.parametrize(("where", "command", "options"), invocations(), ids=lambda v: v if isinstance(v, str) else None)
def test_every_command_and_option_named_in_deploy_exists(where, command, options):
    assert command in get_commands(), f"{where}: manage.py {command} does not exist"
    unknown = set(options) - options_of(command)
    assert not unknown, f"{where}: manage.py {command} has no option {', '.join(sorted(unknown))}"


def test_the_units_run_the_code_and_directories_the_guide_sets_up():
    web = (DEPLOY / "systemd/dangjian-web.service").read_text(encoding="utf-8")
    assert "gunicorn config.wsgi" in web and "--bind 127.0.0.1:8000" in web  # nginx proxies to it, nothing else may
    for unit in ("dangjian-web.service", "dangjian-worker.service", "dangjian-backup.service"):
        text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
        assert "User=dangjian" in text and "WorkingDirectory=/opt/dangjian" in text
    timer = (DEPLOY / "systemd/dangjian-backup.timer").read_text(encoding="utf-8")
    assert "OnCalendar=" in timer and "Persistent=true" in timer
    env = (DEPLOY / "dangjian.env.example").read_text(encoding="utf-8")
    assert "DANGJIAN_ENV=production" in env and "DJANGO_SECRET_KEY_FILE=" in env and "DANGJIAN_ENCRYPTION_KEY_FILE=" in env
