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
# Chromium builds its address bar's drop-down as web pages of their own (chrome://omnibox-popup),
# two renderers for every window, that is for every browser context of a test, which never types
# in an address bar: turned off, the browser tests use a sixth less CPU and time.
UNUSED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]
# Where the flows save their screenshots: var/screenshots (not in git), so that `make test` leaves
# the checkout as it found it — saved into docs/screenshots, each run rewrote about a hundred tracked
# pictures (the dates on the pages change). The documentation's pictures are refreshed on purpose:
# DANGJIAN_SCREENSHOTS=docs/screenshots make e2e
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("DANGJIAN_SCREENSHOTS", "var/screenshots")
# The browser's own words in Chinese, as our users' browsers have them: a month or date input shows
# "2026年12月" and "2026/12/06", not "December 2026" and "12/06/2026". Chromium on Linux takes its
# interface language from LANGUAGE (not --lang, not the context's locale), and only with Debian's
# chromium-l10n installed (Makefile DEB_PACKAGES); without it, it stays in English.
CHINESE_UI = {**os.environ, "LANGUAGE": "zh_CN:zh"}


def _disable_features_with_playwright_s(playwright) -> str:
    """--disable-features with Playwright's own list and ours. Chromium reads only the last such
    switch, and Playwright passes its list (features that break automation) before ours; a browser
    started only to read its command line tells what that list is in this Playwright version."""
    probe = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--enable-automation"],
                                       headless=True)
    switches = probe.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]
    probe.close()
    playwright_s = [name for switch in switches if switch.startswith("--disable-features=")
                    for name in switch.split("=", 1)[1].split(",") if name]
    return "--disable-features=" + ",".join([*playwright_s, *UNUSED_FEATURES])


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"浏览器测试需要 Chromium：{CHROMIUM} 不存在（apt-get install chromium）")
    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, _disable_features_with_playwright_s(playwright)]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True, env=CHINESE_UI)
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
        # Reduced motion: Bootstrap then scrolls without its smooth animation (a click on a button
        # below the fold waited up to 1.5 s for the button to stop moving) and skips its fades.
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      reduced_motion="reduce", **kwargs)
        contexts.append(context)
        errors = ConsoleErrors()
        page = errors.attach(context.new_page())
        page.set_default_timeout(15000)
        return page, errors

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(page_factory, live_server):
    """signed_in(user, path="/", width=1366, ...) -> (page, errors): a page whose browser already
    holds a session of `user` (second factor verified, as after a login earlier in the day), opened
    at `path`. The login form and the TOTP step have browser tests of their own (test_e2e_browse,
    test_account_tokens, test_audit_log...); the long flows log their people in this way instead,
    since every login through the form costs them one to two seconds of the run."""
    from django.conf import settings

    from dangjian.testing import session_of

    def make(user, path: str = "/", **page_kwargs):
        page, errors = page_factory(**page_kwargs)
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_of(user),
                                   "url": live_server.url}])
        response = page.goto(f"{live_server.url}{path}")
        # a session the server refused would land on the login or TOTP page, and the flow fail later
        assert not any(step in page.url for step in ("/accounts/login/", "/accounts/otp/")), page.url
        assert response.ok, (page.url, response.status)
        return page, errors

    return make


@pytest.fixture
def e2e_world(transactional_db):
    # The live server answers from another thread and connection: the data must be committed.
    from dangjian.testing import build_world

    return build_world()


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
