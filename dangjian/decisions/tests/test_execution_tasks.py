"""A decision broken into tasks (分解任务): each with its owner, unit and deadline within the
decision's; reports name their task; the decision's progress is the mean of its tasks'; it
cannot be closed while a task is unfinished (frozen on 2026-11-23)."""

from dangjian.decisions import services
from dangjian.decisions.rules import State

from .conftest import d, refused


def two_tasks(world, matter):
    base = services.add_task(matter, title="跑道基层施工", owner_name="李总务", unit="总务处", deadline=d("2026-11-30"),
                             acting_user=world.principal_a)
    surface = services.add_task(matter, title="面层铺设与验收", owner_name="王老师", unit="体育组",
                                deadline=d("2026-12-20"), acting_user=world.principal_a)
    return base, surface


def test_the_decisions_progress_is_the_mean_of_its_tasks(world, executing):
    base, surface = two_tasks(world, executing)
    services.report_progress(executing, task=base, reported_on=d("2026-11-10"), progress=100, text="基层完工",
                             acting_user=world.principal_a)
    services.report_progress(executing, task=surface, reported_on=d("2026-11-20"), progress=40, text="面层进场",
                             acting_user=world.principal_a)
    executing.refresh_from_db()
    assert executing.progress == 70


def test_a_report_on_a_decision_with_tasks_must_name_its_task(world, executing):
    two_tasks(world, executing)
    error = refused(lambda: services.report_progress(executing, reported_on=d("2026-11-10"), progress=50, text="x",
                                                     acting_user=world.principal_a))
    assert error.field == "task" and "分解为任务" in error.message


def test_a_task_cannot_outlast_the_decisions_deadline(world, executing):
    error = refused(lambda: services.add_task(executing, title="收尾", owner_name="李总务", unit="总务处",
                                              deadline=d("2027-01-01"), acting_user=world.principal_a))
    assert error.field == "deadline" and "2026-12-31" in error.message and "执行" in error.rule.text
    assert services.add_task(executing, title="收尾", owner_name="李总务", unit="总务处", deadline=d("2026-12-31"),
                             acting_user=world.principal_a).pk   # the deadline itself is allowed


def test_a_decision_with_an_unfinished_task_cannot_be_closed(world, executing):
    base, surface = two_tasks(world, executing)
    for task in (base, surface):
        services.report_progress(executing, task=task, reported_on=d("2026-11-20"), progress=100 if task == base else 90,
                                 text="进展", acting_user=world.principal_a)
    error = refused(lambda: services.transition(executing, State.CLOSED, occurred_on=d("2026-11-21"),
                                                acting_user=world.principal_a))
    assert "面层铺设与验收" in error.message
    services.report_progress(executing, task=surface, reported_on=d("2026-11-22"), progress=100, text="验收合格",
                             acting_user=world.principal_a)
    assert services.transition(executing, State.CLOSED, occurred_on=d("2026-11-23"),
                               acting_user=world.principal_a).state == State.CLOSED


def test_the_matter_page_lists_the_tasks_and_the_api_returns_them(world, executing, client):
    from dangjian.testing import login

    two_tasks(world, executing)
    login(client, world.principal_a)
    page = client.get(f"/decisions/matters/{executing.pk}/").content.decode()
    assert "跑道基层施工" in page and "面层铺设与验收" in page and "各分解任务进度的平均值" in page
    answer = client.get(f"/api/v1/matters/{executing.pk}").json()
    assert [t["title"] for t in answer["tasks"]] == ["跑道基层施工", "面层铺设与验收"]


def test_a_task_added_on_the_page_without_its_unit_is_refused_next_to_the_field(world, executing, client):
    from dangjian.testing import login

    login(client, world.principal_a)
    response = client.post(f"/decisions/matters/{executing.pk}/tasks/",
                           {"title": "购置器材", "owner_name": "李总务", "unit": "", "deadline": "2026-12-01"})
    assert response.status_code == 422 and "购置器材" not in str(list(executing.tasks.values_list("title", flat=True)))
