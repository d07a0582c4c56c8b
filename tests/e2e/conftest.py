"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. Never `playwright install`: the browser is the system one."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DANGJIAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"浏览器测试需要 Chromium：{CHROMIUM} 不存在（apt-get install chromium）")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class ConsoleErrors(list):
    """Console errors and uncaught exceptions of a page: CSP violations show up here."""

    def attach(self, page):
        page.on("console", lambda msg: self.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.append(f"pageerror: {exc}"))
        return page


@pytest.fixture
def page_factory(browser):
    """page_factory(width=1366) -> (page, errors); contexts are closed after the test."""
    contexts = []

    def make(width: int = 1366, height: int = 900, **kwargs):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **kwargs)
        contexts.append(context)
        errors = ConsoleErrors()
        page = errors.attach(context.new_page())
        page.set_default_timeout(15000)
        return page, errors

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def e2e_world(transactional_db):
    # The live server answers from another thread and connection: the data must be committed.
    from dangjian.testing import build_world

    return build_world()


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
