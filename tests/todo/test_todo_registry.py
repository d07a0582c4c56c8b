"""The to-do registry of core (dangjian.core.todo): lines come overdue first, then by date; a
committee's counts fold into one per school, a school 党委's branches counting for the 党委."""

import datetime

from dangjian.core import todo
from dangjian.core.todo import DUE_SOON, INFO, OVERDUE, TODO, TodoItem, per_school

SCHOOLS = {"0001000A": (1, "第一中学党委"), "0001000B": (2, "实验小学党支部")}


def test_counts_fold_into_their_school_and_the_committees_own_rows_are_left_out():
    counts = [("0001000A", 2), ("0001000A0001", 3), ("0001000B", 1), ("0001", 7), ("0001000C", 4)]
    folded = per_school(counts, SCHOOLS, lambda org_id: f"/list/?org={org_id}")
    assert [(s.name, s.count, s.url) for s in folded] == [("第一中学党委", 5, "/list/?org=1"),
                                                          ("实验小学党支部", 1, "/list/?org=2")]


def test_lines_come_overdue_first_then_soonest_then_undated(monkeypatch):
    day = datetime.date(2026, 11, 23)
    lines = [TodoItem("情况", "/", INFO), TodoItem("待办无期限", "/", TODO), TodoItem("待办", "/", TODO, due=day),
             TodoItem("即将到期", "/", DUE_SOON, due=day), TodoItem("已逾期", "/", OVERDUE, due=day)]
    monkeypatch.setattr(todo, "_sources", [lambda user, org, today: lines])
    assert [i.title for i in todo.todo_items(None, None, day)] == ["已逾期", "即将到期", "待办", "待办无期限", "情况"]
    assert [i.level_label for i in todo.todo_items(None, None, day)] == ["已逾期", "即将到期", "待办", "待办", "情况"]


def test_a_source_registered_twice_is_asked_once(monkeypatch):
    monkeypatch.setattr(todo, "_sources", [])

    def source(user, org, today):
        return [TodoItem("一项", "/")]

    todo.register_todo_source(source)
    todo.register_todo_source(source)
    assert len(todo.todo_items(None, None, datetime.date(2026, 11, 23))) == 1
