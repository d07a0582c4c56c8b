"""The "上级：…" on 组织生活记录 and 落实情况 (issue 15, item 5) links only where the user may open
the same page for the organization above; elsewhere it names it as plain text. Before, it linked
for everyone, and below the top every such link answered 404."""

import re

import pytest

PAGES = {"/orglife/": "year=2026", "/orglife/compliance/": "period=2026"}


def parent_links(html: str, path: str) -> list[str]:
    return re.findall(rf'<a href="({re.escape(path)}\?org=\d+[^"]*)">上级：', html)


@pytest.mark.parametrize("path", list(PAGES))
def test_a_secretary_sees_her_county_named_not_linked(world, client_as, path):
    html = client_as("secretary_a").get(f"{path}?org={world.branch_a.pk}&{PAGES[path]}").content.decode()
    assert f"上级：{world.county_a.name}" in html
    assert parent_links(html, path) == []


@pytest.mark.parametrize("path", list(PAGES))
def test_a_county_administrator_follows_the_link_from_a_school_up_to_his_county(world, client_as, path):
    client = client_as("county_admin")
    html = client.get(f"{path}?org={world.branch_a.pk}&{PAGES[path]}").content.decode()
    links = parent_links(html, path)
    assert links == [f"{path}?org={world.county_a.pk}&{PAGES[path]}"]
    assert client.get(links[0].replace("&amp;", "&")).status_code == 200
    # at his own level the city above is beyond his scope: named, not linked
    top = client.get(f"{path}?org={world.county_a.pk}&{PAGES[path]}").content.decode()
    assert f"上级：{world.city.name}" in top and parent_links(top, path) == []


@pytest.mark.parametrize("persona", ["city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a"])
@pytest.mark.parametrize("path", list(PAGES))
def test_every_parent_link_shown_opens(world, client_as, persona, path):
    client = client_as(persona)
    for org in (world.branch_a, world.branch_b, world.county_a, world.group_a1, world.branch_c1):
        answer = client.get(f"{path}?org={org.pk}&{PAGES[path]}")
        if answer.status_code != 200:
            continue
        for link in parent_links(answer.content.decode(), path):
            assert client.get(link.replace("&amp;", "&")).status_code == 200, (persona, link)
