"""A year's 会议记录 as one PDF is written by the worker from BACKGROUND_FROM records on: the
export answers with a page whose progress bar the worker moves, then a download link; the file
holds every record with its pages numbered on across the parts; only the user who asked finds
it; the files are removed after a day."""

import datetime
import re
from pathlib import Path

import pytest

from dangjian.core.models import AuditEntry
from dangjian.core.pdf import page_count, text_of
from dangjian.orglife.models import MinutesExport, MinutesExportState
from dangjian.orglife.rules import Kind
from dangjian.orglife.services.minutes_export import BACKGROUND_FROM, remove_old_exports

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def a_busy_year(world, hold, settings, tmp_path, monkeypatch):
    """Twenty 主题党日 of branch A this year; the worker runs in-process (huey's immediate mode:
    the huey instance is built on first import, so settings.HUEY changed later does not reach it)."""
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr(HUEY, "immediate", True)
    settings.MEDIA_ROOT = tmp_path
    for month in range(1, 11):
        for day in (5, 20):
            hold(world.branch_a, Kind.THEME_DAY, D(2026, month, day), topic=f"{month}月{day}日主题党日")
    assert BACKGROUND_FROM["pdf"] <= 20  # enough records for the worker


def test_a_years_pdf_is_written_in_the_background_with_progress_and_a_link(world, client_as, a_busy_year,
                                                                            django_capture_on_commit_callbacks):
    client = client_as("secretary_a")
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, sent on commit
        response = client.get(f"/orglife/minutes.pdf?org={world.branch_a.pk}&year=2026")
    job = MinutesExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orglife/minutes-exports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and "共 20 条记录" in page and "下载文件" in page
    download = client.get(f"/orglife/minutes-exports/{job.pk}/file")
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    pdf = b"".join(download.streaming_content)
    text = text_of(pdf)
    assert page_count(pdf) >= 20 and "1月5日主题党日" in text and "10月20日主题党日" in text
    # numbered on across the worker's parts of ten records: the last page carries the last number
    assert f"第 {page_count(pdf)} 页" in text and not re.search(r"页 共 \d+ 页", text)
    entry = AuditEntry.objects.get(action="orglife.export")
    assert entry.actor == world.secretary_a and entry.changes["background"] is True and entry.changes["rows"] == 20


def test_the_progress_bar_says_how_far_the_worker_is(world, client_as, a_busy_year):
    job = MinutesExport.objects.create(org=world.branch_a, year=2026, fmt="pdf", total=20, done=10,
                                       state=MinutesExportState.RUNNING, file_name="x", requested_by=world.secretary_a)
    bar = client_as("secretary_a").get(f"/orglife/minutes-exports/{job.pk}/", headers={"HX-Request": "true"})
    assert "已排版 10 / 20 条记录" in bar.content.decode() and 'hx-trigger="load delay:1s"' in bar.content.decode()
    assert client_as("secretary_a").get(f"/orglife/minutes-exports/{job.pk}/file").status_code == 404  # not yet


def test_only_the_user_who_asked_finds_the_export(world, client_as, a_busy_year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("secretary_a").get(f"/orglife/minutes.pdf?org={world.branch_a.pk}&year=2026")
    job = MinutesExport.objects.get()
    for other in ("county_admin", "secretary_b", "member_a"):
        assert client_as(other).get(f"/orglife/minutes-exports/{job.pk}/").status_code == 404
        assert client_as(other).get(f"/orglife/minutes-exports/{job.pk}/file").status_code == 404


def test_a_few_records_are_still_served_at_once(world, client_as, hold, frozen):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 9, 10))
    response = client_as("secretary_a").get(f"/orglife/minutes.pdf?org={world.branch_a.pk}&year=2026")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not MinutesExport.objects.exists()


def test_the_files_are_removed_after_a_day(world, client_as, a_busy_year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("secretary_a").get(f"/orglife/minutes.pdf?org={world.branch_a.pk}&year=2026")
    job = MinutesExport.objects.get()
    assert Path(job.path).is_file()
    assert remove_old_exports(job.created_at + datetime.timedelta(hours=23)) == 0
    assert remove_old_exports(job.created_at + datetime.timedelta(hours=25)) == 1
    assert not MinutesExport.objects.exists() and not Path(job.path).exists()


def test_the_audit_log_names_the_background_export_in_words(world, client_as, a_busy_year,
                                                             django_capture_on_commit_callbacks):
    from dangjian.core.audit_changes import describe_changes

    with django_capture_on_commit_callbacks(execute=True):
        client_as("secretary_a").get(f"/orglife/minutes.pdf?org={world.branch_a.pk}&year=2026")
    entry = AuditEntry.objects.get(action="orglife.export")
    labels = [item.label for item in describe_changes(entry.action, "", entry.changes)]
    assert "后台生成" in labels and "background" not in labels
