"""Every link a page shows answers (issue 15, done when "the crawl of every link by every persona
gives 0 answers of 404 or 5xx for links the pages show").

Each persona of the permission matrix, and an anonymous visitor, starts at "/" and follows,
breadth first, the <a href> of every HTML answer: same origin only, never "#…", mailto:, tel:,
javascript: or the logout; GET only (links, never forms). Downloads (xlsx, pdf, docx) are links
too: requested and read to the end, not parsed. A redirect's target is followed like a link of the
page that showed the first one. A link is broken when it answers 404, 5xx, 403 (a link the persona
may not follow: the page must not show it) or 429 (the export limit, see crawl_world).

What is opened, and why that still finds a broken link. A link is written by a template: one
{% url %} per place, filled with each object's ids and the page's filters. The quick crawl (the
suite's) opens ONE URL per route and persona — the first that the breadth-first walk meets: one
member record of forty, page 1 of a list and not 2–99, one value of a filter. Each page every
persona can reach is thus rendered once, and every link it shows leads to a route that is opened
once for that persona: a wrong route, a wrong kwarg, or a link to a page the persona may not open
(the usual broken link: a template that shows it to everyone) fails there. PDFs are drawn from
their template as usual but not laid out by WeasyPrint (0.2 s each; their own tests lay them out).

What one URL per route cannot see: a link shown only on a record in another state (a held 民主生活会's
documents, a granted rating's 摘星) or with other data. The thorough crawl opens up to 3 URLs per
route and set of query-parameter names, with real PDFs (about 5× the time; run it before a release
or after changing many templates):

    DANGJIAN_LINK_CRAWL=thorough pytest -n 0 --nomigrations tests/test_link_crawl.py

The world is the permission matrix's (build_world + tests/matrix/world.py), built once for this
module; each persona's crawl runs in its own savepoint, rolled back after it.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
import pytest
from django.urls import Resolver404, resolve
from matrix.spec import ANONYMOUS, PERSONAS
from test_permission_matrix import _matrix_world, client_of  # noqa: F401 - _matrix_world: the matrix's world fixture

pytestmark = [
    pytest.mark.long_scope,
    # Which links a page shows, and where they lead, is decided by its template and the permission
    # checks in Python; every route's queries already run on PostgreSQL in the permission matrix
    # (its POSTGRESQL_PERSONAS), so the crawl runs in the SQLite run only.
    pytest.mark.engine_neutral("the links a page shows come from its template and the Python permission checks; "
                               "each route's queries run on PostgreSQL in the permission matrix"),
]

THOROUGH = os.environ.get("DANGJIAN_LINK_CRAWL") == "thorough"
SAMPLES = 3 if THOROUGH else 1
# Distinct routes each crawl must reach (it reaches about 120–130 for the five personas who
# work on members, 32 for the principal, 16 for a plain member): a floor under that, so a crawl
# that silently shrinks — a menu lost from the home, links the parser no longer sees — fails.
MIN_ROUTES = {"city_admin": 100, "county_admin": 100, "secretary_a": 100, "secretary_b": 100, "org_member_a": 100,
              "member_a": 12, "principal_a": 26, ANONYMOUS: 2}
BROKEN = {403, 404, 429}
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
NEVER_FOLLOWED = {"accounts:logout"}
NO_ROUTE = "(no route)"


def same_origin(page_url: str, href: str) -> str | None:
    """A link as path?query (no fragment), or None when it is not ours to follow."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
        return None
    parts = urlsplit(urljoin(f"http://testserver{page_url}", href))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None  # another site (a law's text on a government site): not ours to answer
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links_of(page_url: str, body: str) -> list[str]:
    """The same-origin links of a page, in its order. lxml (python-docx's dependency, pinned in
    requirements.txt) reads a page in a tenth of html.parser's time."""
    found = (same_origin(page_url, href) for href in lxml.html.fromstring(body).xpath("//a/@href"))
    return [link for link in found if link]


def route_of(url: str) -> str:
    """The route name (namespace:name) of a URL, or NO_ROUTE for a path nothing answers."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return NO_ROUTE
    return match.view_name or match.route


def sample_key(url: str) -> tuple:
    if not THOROUGH:
        return (route_of(url),)
    names = sorted({name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)})
    return route_of(url), *names


class Crawl:
    """One persona's breadth-first walk over the links its pages show."""

    def __init__(self, client) -> None:
        self.client = client
        self.seen: set[str] = set()
        self.taken: Counter = Counter()   # URLs opened per sample key
        self.opened: list[str] = []
        self.routes: set[str] = set()
        self.broken: list[str] = []
        self.status: Counter = Counter()

    def wanted(self, url: str) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        key = sample_key(url)
        if key[0] in NEVER_FOLLOWED:
            return False
        # A path that resolves to nothing is always opened: each one is a broken link.
        if key[0] != NO_ROUTE and self.taken[key] >= SAMPLES:
            return False
        self.taken[key] += 1
        return True

    def run(self, start: str = "/") -> None:
        queue = deque([(start, "首页（起点）")])
        self.wanted(start)
        while queue:
            url, shown_on = queue.popleft()
            for link in self.visit(url, shown_on):
                if self.wanted(link):
                    queue.append((link, url))

    def visit(self, url: str, shown_on: str) -> list[str]:
        response = self.client.get(url)
        self.opened.append(url)
        self.routes.add(route_of(url))
        code = response.status_code
        self.status[code] += 1
        try:
            body = b"".join(response.streaming_content) if response.streaming else response.content
        except Exception as error:  # noqa: BLE001 - a download that fails while it is sent is broken too, whatever raised
            self.broken.append(f"{url} — shown on {shown_on} — failed while being sent: {error!r}")
            return []
        if code in BROKEN or code >= 500:
            self.broken.append(f"{url} — shown on {shown_on} — answered {code}")
            return []
        if code in (301, 302, 303, 307, 308):
            target = same_origin(url, response["Location"])
            return [target] if target else []
        if code == 200 and response.get("Content-Type", "").startswith("text/html"):
            return links_of(url, body.decode("utf-8", "replace"))
        return []


def _restore_evidence_files() -> None:
    """The matrix world stores its 整改 evidence and deletes the file at once (tests/matrix/
    supervision.py: the routes that serve a file make their own). A crawl follows the links the
    item pages show to those rows: give each missing file one again, inside the savepoint."""
    from dangjian.core.uploads import upload_root
    from dangjian.supervision.models import Evidence

    directory = upload_root() / "link-crawl"
    directory.mkdir(parents=True, exist_ok=True)
    for row in Evidence.objects.all():
        if not Path(row.path).exists():
            path = directory / f"evidence-{row.pk}.{row.file_kind}"
            path.write_bytes(b"evidence")
            Evidence.objects.filter(pk=row.pk).update(path=str(path))


@pytest.fixture
def crawl_world(_matrix_world, db, settings, monkeypatch):  # noqa: F811 - the imported fixture, asked for by name
    # The export limit (10 per 10 minutes) is for a person; a crawl opens every roster in
    # seconds. It is counted in the database (core.exports.throttle), not in the cache, so the
    # matrix's cache.clear() would not reset it: the crawl raises it instead, and any 429 left
    # (a limit kept in the cache) fails as a broken link. The limit itself is tested in core.
    settings.DANGJIAN_EXPORT_LIMIT = 10_000
    if not THOROUGH:
        monkeypatch.setattr("dangjian.core.pdf.html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    _restore_evidence_files()
    return _matrix_world


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*PERSONAS, ANONYMOUS])
def test_every_link_a_persona_is_shown_answers(crawl_world, persona):
    client = client_of(crawl_world, persona)
    client.raise_request_exception = False  # a 500 is an answer to report, not the end of the crawl
    crawl = Crawl(client)
    started = time.process_time()
    crawl.run()
    print(f"\n{persona}: {len(crawl.opened)} URLs, {len(crawl.routes)} routes, "
          f"{time.process_time() - started:.1f} CPU-s, answers {dict(sorted(crawl.status.items()))}")
    assert not crawl.broken, (f"{persona} is shown {len(crawl.broken)} link(s) that do not work (fix the link, or "
                              "do not show it to whom it refuses):\n" + "\n".join(crawl.broken))
    assert len(crawl.routes) >= MIN_ROUTES[persona], (
        f"{persona}'s crawl reached only {len(crawl.routes)} routes (at least {MIN_ROUTES[persona]} expected): "
        f"{sorted(crawl.routes)}")
