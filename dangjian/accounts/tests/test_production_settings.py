"""Production mode (DANGJIAN_ENV=production) refuses to start with development secrets or
DEBUG on, and passes Django's deployment checklist when configured properly."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.long_scope

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def run_manage(tmp_path, *args, **env_overrides) -> subprocess.CompletedProcess:
    # Start from a clean slate: the developer's or CI's own settings must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANGJIAN_", "DATABASE_URL"))}
    env |= {"DANGJIAN_ENV": "production", "DANGJIAN_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env |= {k: v for k, v in env_overrides.items() if v is not None}
    for key in [k for k, v in env_overrides.items() if v is None]:
        env.pop(key, None)
    return subprocess.run([sys.executable, str(MANAGE), *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=MANAGE.parent)


@pytest.fixture
def good_env():
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DANGJIAN_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
    }


def test_production_refuses_to_start_without_a_secret_key(tmp_path, good_env):
    result = run_manage(tmp_path, "check", **(good_env | {"DJANGO_SECRET_KEY": None}))
    assert result.returncode != 0
    assert "生产模式拒绝启动" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_a_short_secret_key(tmp_path, good_env):
    result = run_manage(tmp_path, "check", **(good_env | {"DJANGO_SECRET_KEY": "short"}))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY 未设置或过短" in result.stderr


def test_production_refuses_to_start_with_debug_on(tmp_path, good_env):
    result = run_manage(tmp_path, "check", **(good_env | {"DJANGO_DEBUG": "true"}))
    assert result.returncode != 0
    assert "生产环境不得开启 DJANGO_DEBUG" in result.stderr


def test_production_refuses_to_start_without_an_encryption_key(tmp_path, good_env):
    result = run_manage(tmp_path, "check", **(good_env | {"DANGJIAN_ENCRYPTION_KEY": None}))
    assert result.returncode != 0
    assert "DANGJIAN_ENCRYPTION_KEY 未设置" in result.stderr


def test_production_refuses_to_start_with_an_eight_byte_encryption_key(tmp_path, good_env):
    """Issue 12: such a key started fine and failed at the first ID number or audit entry."""
    short = base64.b64encode(secrets.token_bytes(8)).decode()
    result = run_manage(tmp_path, "check", **(good_env | {"DANGJIAN_ENCRYPTION_KEY": short}))
    assert result.returncode != 0
    assert "生产模式拒绝启动" in result.stderr
    assert "解码后只有 8 字节，至少需要 32 字节" in result.stderr and "needs at least 32" in result.stderr


def test_production_refuses_to_start_with_a_key_that_is_not_base64(tmp_path, good_env):
    # b64decode would silently drop the stray characters and use what is left
    mangled = good_env["DANGJIAN_ENCRYPTION_KEY"][:-4] + "!!=="
    result = run_manage(tmp_path, "check", **(good_env | {"DANGJIAN_ENCRYPTION_KEY": mangled}))
    assert result.returncode != 0
    assert "不是有效的 base64 文本" in result.stderr


def test_a_development_instance_with_a_short_key_set_by_hand_refuses_too(tmp_path, good_env):
    short = base64.b64encode(secrets.token_bytes(8)).decode()
    result = run_manage(tmp_path, "check", DANGJIAN_ENV="development", DANGJIAN_ENCRYPTION_KEY=short)
    assert result.returncode != 0
    assert "加密密钥无效" in result.stderr


def test_a_properly_configured_production_passes_the_deployment_checklist(tmp_path, good_env):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **good_env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr and "?:" not in result.stderr
