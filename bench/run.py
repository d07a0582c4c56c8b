#!/usr/bin/env python
"""Benchmarks at the scales of QUALITY.md's performance protocol.

    .venv/bin/python bench/run.py --scale school|county|city|province [--repeat N] [--seed N] [--out docs/benchmarks.md]

Works on whatever DATABASE_URL names, but never on its data: like Django's test runner it
creates a fresh database beside it (`bench_<name>` on PostgreSQL, `<name>.bench.sqlite3` for a
SQLite file), migrates it, seeds the scale into it (timed), then times each operation beside a
hand-written SQL baseline over the same rows in the same run and prints the ratio. Each run
also checks that system and baseline gave the same answer. Exit status: 0 all good, 1 an
operation failed, 2 a result differed from its baseline.

At province scale the subtree figures at the top ("市级 …") are the province administrator's
over the whole province (the root), so that they can be set beside the city's; the county's
are county_admin's (a county of the first city) at every scale.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()
# whitenoise warns when collectstatic has not been run; the benchmark serves no static files.
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import appraisal as appraisal_bench  # noqa: E402
from bench import baselines, system  # noqa: E402
from bench import dues as dd  # noqa: E402
from bench import members as mb  # noqa: E402
from bench import orglife as orglife_bench  # noqa: E402
from bench import recruitment as recruitment_bench  # noqa: E402
from bench import reports as reports_bench  # noqa: E402
from bench.database import create_database, existing_world  # noqa: E402
from bench.measure import Result, http_get, measure, progress  # noqa: E402
from bench.report import machine, render, write_section  # noqa: E402
from dangjian.accounts.models import User  # noqa: E402
from dangjian.core.scoping import scope_of  # noqa: E402
from dangjian.orgs.models import PartyOrg  # noqa: E402

DEFAULT_REPEAT = {"school": 30, "county": 20, "city": 15, "province": 3}
# The phases each later benchmark reads (besides the organizations, members and posts).
APPRAISAL_PHASES = ("orglife", "dues", "recruitment", "decisions", "appraisal_review", "supervision")
REPORT_PHASES = ("orglife", "dues", "recruitment", "decisions", "supervision", "ratings")
TREE_LIMIT = 301  # the tree view fetches one more than it shows (orgs.views.orgs.TREE_CHILDREN_LIMIT)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="中小学校党建工作管理系统 基准测试")
    parser.add_argument("--scale", choices=("school", "county", "city", "province"), required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, help="每项操作重复次数（默认 school 30, county 20, city 15, province 3）")
    parser.add_argument("--out", metavar="FILE", help="把结果写入（替换）该 Markdown 文件中本规模与数据库的一节")
    parser.add_argument("--keep", action="store_true", help="保留基准测试数据库（便于事后查看）")
    parser.add_argument("--existing", action="store_true",
                        help="不建库、不生成：直接在 DATABASE_URL 中已生成的演示数据上测量（导入会写入该库）")
    parser.add_argument("--import-rows", type=int, help="导入测试的行数（默认为本规模的党员数）")
    parser.add_argument("--no-import", action="store_true", help="不测导入（它写入数据）")
    parser.add_argument("--no-export", action="store_true", help="不测导出全部党员（省级一次即数十秒）")
    parser.add_argument("--import-only", action="store_true", help="只测导入（结果只打印，不写入 --out）")
    parser.add_argument("--only", choices=("dues", "members"),
                        help="只测一部分（结果只打印，不写入 --out）：dues 党费，members 党员（列表、搜索、统计、导出）")
    args = parser.parse_args(argv)
    repeat = args.repeat or DEFAULT_REPEAT[args.scale]
    # Production-like: DEBUG off (no query log, no debug cursor) whatever the environment says.
    settings.DEBUG = False
    original_name = connection.settings_dict["NAME"]
    if args.existing:
        return run(args, repeat, original_name, 0.0)

    started = time.perf_counter()
    db_name = create_database()
    migrate_s = time.perf_counter() - started
    try:
        return run(args, repeat, db_name, migrate_s)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        else:
            print(f"基准测试数据库已保留：{db_name}")


def run(args, repeat: int, db_name: str, migrate_s: float) -> int:
    from dangjian.demo.generator import seed_demo

    print(f"数据库 {connection.vendor}：{db_name}（建库与迁移 {migrate_s:.1f} 秒）")
    if args.existing:
        seeded = existing_world()
        print("在已生成的数据上测量")
    else:
        print(f"正在生成 {args.scale} 规模数据……", flush=True)
        seeded = seed_demo(args.scale, args.seed)
        print(f"生成用时 {seeded.seconds:.1f} 秒：" + "，".join(f"{k} {v:.1f}" for k, v in seeded.phases.items()))

    today = timezone.localdate()
    accounts = {a.persona: a for a in seeded.accounts}
    # The top of the tree: the province's administrator where there is one (province scale).
    top = accounts.get("province_admin") or accounts["city_admin"]
    city = PartyOrg.objects.get(pk=top.org_id)
    if top.persona != "city_admin":
        print(f"本规模的“市级”各项以 {city.name}（{top.persona}）为范围：全部城市。")
    county = PartyOrg.objects.get(pk=accounts["county_admin"].org_id)
    city_admin = User.objects.get(username=top.username)
    county_admin = User.objects.get(username=accounts["county_admin"].username)
    counts = seeded.counts
    if args.import_only:
        text = render(args.scale, args.seed, 1, machine(), seeded,
                      [import_result(city, city_admin, today, args.import_rows or counts["members"])], "")
        print(text)
        return 0

    if args.only:
        from dangjian.testing import login

        client = Client()
        login(client, city_admin)
        if args.only == "dues":
            results = dues_results(client, city, today, repeat)
        else:
            results = members_results(client, city, county, city_admin, today, repeat, counts)
        print(render(args.scale, args.seed, repeat, machine(), seeded, results, ""))
        return 1 if any(r.error for r in results) else 2 if any(r.same is False for r in results) else 0

    def dash_rows(got, _):
        return f"学校 {counts['schools']} · 组织 {counts['orgs']} · 党员 {got['members']}"

    results = [
        measure("市级仪表盘数据（selectors：覆盖率、组织类别、结构问题、党员数）",
                lambda: system.dashboard(city, today), lambda: baselines.dashboard(city.path, today), repeat,
                rows=dash_rows),
        measure("县级组织列表第 1 页（visible_to，按 path，50 条 + 总数）",
                lambda: system.subtree_page(county_admin, county),
                lambda: baselines.subtree_page(county.path, system.PAGE_SIZE), repeat,
                rows=lambda got, _: f"{len(got[0])} / 共 {got[1]}"),
        measure("树：展开市级节点（下级及其下级数）",
                lambda: system.children(city_admin, city, TREE_LIMIT),
                lambda: baselines.children(city.path, city.depth, TREE_LIMIT), repeat,
                rows=lambda got, _: str(len(got))),
        measure("树：展开县级节点（下级及其下级数）",
                lambda: system.children(county_admin, county, TREE_LIMIT),
                lambda: baselines.children(county.path, county.depth, TREE_LIMIT), repeat,
                rows=lambda got, _: str(len(got))),
    ]
    pages = {"core:home": _url("core:home"), "orgs:tree": _url("orgs:tree"), "orgs:list": _url("orgs:list"),
             "orgs:tree_children": _url("orgs:tree_children", city.pk)}
    http_note = ""
    if all(pages.values()):
        from dangjian.testing import login

        client = Client()
        login(client, city_admin)
        scope_paths = scope_of(city_admin).paths
        results += [
            measure("页面 首页仪表盘 GET /（市管理员，完整 HTTP 响应）", http_get(client, pages["core:home"]),
                    lambda: baselines.dashboard(city.path, today), repeat, compare=False,
                    rows=lambda _, exp: f"学校 {counts['schools']} · 组织 {counts['orgs']} · 党员 {exp['members']}"),
            measure("页面 组织列表 GET /orgs/?within=县（第 1 页）", http_get(client, f"{pages['orgs:list']}?within={county.pk}"),
                    lambda: baselines.subtree_page(county.path, system.PAGE_SIZE), repeat, compare=False,
                    rows=lambda _, exp: f"{len(exp[0])} / 共 {exp[1]}"),
            measure("页面 组织树 GET /orgs/tree/", http_get(client, pages["orgs:tree"]),
                    lambda: baselines.roots(scope_paths), repeat, compare=False,
                    rows=lambda _, exp: str(len(exp))),
            measure("页面 展开市级节点 GET /orgs/tree/<市>/children/（htmx 片段）",
                    http_get(client, pages["orgs:tree_children"]),
                    lambda: baselines.children(city.path, city.depth, TREE_LIMIT), repeat, compare=False,
                    rows=lambda _, exp: str(len(exp))),
        ]
    else:
        missing = ", ".join(k for k, v in pages.items() if not v)
        http_note = f"页面尚未实现（{missing} 无法解析），只测了 selectors 和查询集。"
        print(http_note)

    results += members_results(client if all(pages.values()) else None, city, county, city_admin, today, repeat,
                               counts, export=not args.no_export)

    # A seed `--through` a phase leaves the later ones out: their benchmarks are not run.
    written = getattr(seeded, "written", None)
    page_client = client if all(pages.values()) else None
    benches = (
        (("dues",), "党费", lambda: dues_results(page_client, city, today, repeat)),
        (("orglife",), "组织生活",
         lambda: orglife_bench.results(measure, http_get, page_client, city, today, repeat, county=county)),
        (("recruitment",), "发展党员",
         lambda: recruitment_bench.results(measure, http_get, page_client, city, city_admin, today, repeat)),
        (APPRAISAL_PHASES, "评星定级自动计算",
         lambda: appraisal_bench.results(measure, http_get, None, city, today, repeat)),
        (REPORT_PHASES, "全景、工作总结、自查报告",
         lambda: reports_bench.results(measure, http_get, page_client, city_admin, city, today, repeat)),
    )
    for needs, label, bench in benches:
        missing = [p for p in needs if written is not None and p not in written]
        if missing:
            results.append(Result(f"{label}（未测）", note=f"本规模未生成该阶段：{'、'.join(missing)}"))
            print(f"  {label}：本规模未生成该阶段（{'、'.join(missing)}），未测。", file=sys.stderr)
            continue
        results += bench()

    if not args.no_import:
        results.append(import_result(city, city_admin, today, args.import_rows or counts["members"]))
    info = machine()
    text = render(args.scale, args.seed, repeat, info, seeded, results, http_note)
    print(text)
    if args.out:
        write_section(Path(args.out), f"{args.scale}:{connection.vendor}", text)
        print(f"结果已写入 {args.out}")
    if any(r.error for r in results):
        return 1
    if any(r.same is False for r in results):
        print("有操作的结果与基线不一致（见表中“一致”列与备注）。", file=sys.stderr)
        return 2
    return 0


def members_results(client, city, county, city_admin, today, repeat, counts, export=True) -> list[Result]:
    """Issue 3's operations: list, initials search, statistics, export (the import runs last)."""
    results = []
    page_rows = lambda got, _: f"{len(got[0])} / 共 {got[1]}"  # noqa: E731
    baseline_page_rows = lambda _, exp: page_rows(exp, None)  # noqa: E731 - a page's "got" is its status
    teachers = mb.MemberCriteria(within=county, job="teacher")
    results.append(measure("党员列表第 1 页（visible_to + narrow_members：县内、专任教师，50 条 + 总数）",
                           lambda: mb.member_page(city_admin, teachers),
                           lambda: mb.member_page_sql(county.path, "teacher"), repeat, rows=page_rows))
    initials = "zw" if mb.initials_page_sql(city.path, "zw")[1] else mb.common_initials(city.path)
    results.append(measure(f"按首字母搜索 q={initials}（市管理员范围，第 1 页 + 总数）",
                           lambda: mb.member_page(city_admin, mb.MemberCriteria(q=initials)),
                           lambda: mb.initials_page_sql(city.path, initials), repeat, rows=page_rows,
                           note="系统的 q 同时匹配姓名包含、全拼前缀与首字母前缀（search_q 的三个条件）；"
                                "基线的 SQL 写同样的三个条件。"))
    last_dec31 = datetime.date(today.year - 1, 12, 31)
    stat_rows = lambda got, _: f"{got['total']} 人 · {sum(len(v) for v in got.values() if isinstance(v, dict))} 行"  # noqa: E731
    baseline_stat_rows = lambda _, exp: stat_rows(exp, None)  # noqa: E731
    for label, day in (("今天", today), (f"截至 {last_dec31}", last_dec31)):
        results.append(measure(f"市级党员统计表（{label}，statistics.member_statistics）",
                               lambda day=day: mb.statistics(city.path, day),
                               lambda day=day: mb.statistics_sql(city.path, day), repeat, rows=stat_rows))
    if client is not None:
        list_url = reverse("members:list")
        stats_url = reverse("members:stats")
        results += [
            measure("页面 党员列表 GET /members/?within=县&job=teacher（第 1 页）",
                    http_get(client, f"{list_url}?within={county.pk}&job=teacher"),
                    lambda: mb.member_page_sql(county.path, "teacher"), repeat, compare=False, rows=baseline_page_rows),
            measure(f"页面 党员列表搜索 GET /members/?q={initials}",
                    http_get(client, f"{list_url}?q={initials}"),
                    lambda: mb.initials_page_sql(city.path, initials), repeat, compare=False, rows=baseline_page_rows),
            measure("页面 党员统计 GET /members/stats/（市，今天）", http_get(client, stats_url),
                    lambda: mb.statistics_sql(city.path, today), repeat, compare=False, rows=baseline_stat_rows),
            measure(f"页面 党员统计 GET …?as_of={last_dec31}", http_get(client, f"{stats_url}?as_of={last_dec31}"),
                    lambda: mb.statistics_sql(city.path, last_dec31), repeat, compare=False, rows=baseline_stat_rows),
        ]
    if not export:
        results.append(Result("导出全部党员 xlsx（未测）", note="本次以 --no-export 略去"))
        return results
    # Writing 22,375 rows takes seconds a side: fewer repetitions at the larger scales.
    export_repeat = min(repeat, 1 if counts["members"] > 100_000 else 5 if counts["members"] > 5000 else repeat)
    settings.DANGJIAN_EXPORT_LIMIT = 10**9  # the per-user rate limit would stop the repetitions

    def same_cells(got, expected):
        return mb.export_cells(got) == mb.export_cells(expected)

    results.append(measure(f"导出全部党员 xlsx（member_list_export_file，无筛选；重复 {export_repeat} 次）",
                           lambda: mb.export_list(city_admin), lambda: mb.export_list_raw(city.path), export_repeat,
                           check=same_cells,
                           rows=lambda got, _: f"{len(mb.export_cells(got))} 行 × 20 列，{len(got) // 1024} KiB",
                           note="基线：一条 SELECT（同样的排序）+ xlsxwriter constant_memory 写同样的单元格"
                                "（标题、表头、每人 20 列，日期按日期、其余按文本；单元格格式相同：每列一个带边框的格式，"
                                "空单元格也带边框）；不含列宽、合并单元格、打印设置、审计。"
                                "“一致”＝两个文件用 calamine 读回的数据行逐格相同。"))
    return results


def dues_results(client, city, today, repeat) -> list[Result]:
    """Issue 5's operations: a month's ledger for the whole city, and its collection sheet."""
    from dangjian.dues import rules as R

    month = R.first_of_month(today)
    name = f"生成 {month:%Y-%m} 党费台账（services.generate_ledger，市级全部党员）"
    result = Result(name, note="每次在保存点内先删除该月台账（不计时），生成（计时）后回滚，两边写入同样的空月份。"
                               "基线：一条 INSERT … SELECT（计费组织、当月基数与困难减免用子查询，比例、金额与计算依据"
                               "文字用按档次写成的 CASE 在语句内算出）+ 一条查当月困难减免金额的小 SELECT；"
                               "不检查权限、不写审计日志与“已生成”标记。"
                               "“一致”＝两边写入的行除 id 外逐列相同（党员、计费组织、月份、类别、基数、比例、应缴金额、"
                               "计算依据、已缴、多交）。")
    try:
        _, got, result.queries = dd.time_ledger(dd.ledger_system(city, month, today), month, city)
        _, expected, _ = dd.time_ledger(dd.ledger_baseline(city, month), month, city)
        result.same = got == expected
        result.rows = f"{len(got)} 行"
        for _ in range(min(repeat, 5)):  # seconds a side at city scale
            result.system_ms.append(dd.time_ledger(dd.ledger_system(city, month, today), month, city)[0])
            result.baseline_ms.append(dd.time_ledger(dd.ledger_baseline(city, month), month, city)[0])
        if not result.same:
            result.note += f"；不一致：系统 {len(got)} 行，基线 {len(expected)} 行"
    except Exception:  # noqa: BLE001 - reported in the table and in the exit status
        result.error = traceback.format_exc(limit=4)
        print(result.error, file=sys.stderr)
    progress(result)
    results = [result]
    last = R.add_months(month, -1)
    results.append(measure(f"市级 {last:%Y-%m} 党费收缴情况表（selectors.collection_sheet）",
                           dd.collection_system(city, last), dd.collection_baseline(city, last), repeat,
                           rows=lambda got, _: dd.collection_rows(got)))
    results.append(measure(f"市级 {last:%Y-%m} 收缴情况按下一级汇总（selectors.collection_by_child，页面所用）",
                           dd.by_child_system(city, last), dd.by_child_baseline(city, last), repeat,
                           rows=lambda got, _: dd.collection_rows(got)))
    results.append(measure("市级欠缴名单（selectors.arrears：24 个月内每人连续未缴月数，页面、接口与全景所用）",
                           dd.arrears_system(city, today), dd.arrears_baseline(city, today), repeat,
                           rows=lambda got, _: dd.arrears_rows(got),
                           note="基线：一条 SELECT 读子树 24 个月窗口内的未缴台账行（连同组织名、党员姓名），一条读按季交纳者，"
                                "再在普通循环里从各人最后一个应缴月往前数连续未缴月数与金额；“一致”＝每人的欠缴月份与金额逐一相同。"))
    if client is not None:
        url = f"{reverse('dues:collection')}?org={city.pk}&month={last:%Y-%m}"
        results.append(measure(f"页面 党费收缴情况 GET /dues/collection/?org=市&month={last:%Y-%m}（按县汇总）",
                               http_get(client, url), dd.by_child_baseline(city, last), repeat, compare=False,
                               rows=lambda _, exp: dd.collection_rows(exp)))
    return results


def import_result(city, city_admin, today, size: int) -> Result:
    """Import a file of `size` new people spread over every member organization of the city, as
    the city administrator. Baseline first (committed, then its rows deleted untimed), then the
    system on the same file; the stored rows of the two are compared."""
    import tempfile

    name = f"导入 {size} 行 xlsx（importer：检查文件、读取、逐行校验、全有或全无提交；市管理员，多个组织代码）"
    result = Result(name)
    try:
        codes = mb.member_org_codes(city)
        people = mb.import_people(size, codes, today)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            mb.write_import_file(handle.name, people)
            raw = mb.import_raw(handle.name, city_admin)
            indexes = [mb.crypto.blind_index(p["id_number"]) for p in people]
            expected = mb.imported_rows(indexes)
            mb.delete_members(raw["ids"])
            got = mb.import_system(handle.name, city_admin, city)
        stored = mb.imported_rows(indexes)
        if got["errors"] or not got["committed"]:
            raise RuntimeError(f"导入未提交：{got['errors']}")
        result.system_ms = [sum(got["phases"].values()) * 1000]
        result.baseline_ms = [sum(raw["phases"].values()) * 1000]
        result.queries = got["queries"]
        result.same = stored == expected
        result.rows = f"{got['created']} 人，{len({p['org_code'] for p in people})} 个组织代码"
        phases = lambda d: "，".join(f"{k} {v:.1f} 秒" for k, v in d.items())  # noqa: E731
        progress(result)
        result.note = (f"各计时 1 次（导入写入数据，不能重复）。系统：{phases(got['phases'])}；"
                       f"基线（calamine 读取 + 计算存储值 + bulk_create 党员、组织关系期间、建档事件三张表，"
                       f"不做规则校验、不写审计日志）：{phases(raw['phases'])}。"
                       f"“一致”＝两边写入的党员行（盲索引、组织、姓名、首字母、性别、出生日期、类别、日期、学历、岗位、职称、"
                       f"掩码）及其期间、建档事件逐行相同。")
        if not result.same:
            result.note += f"；不一致：系统 {len(stored)} 行，基线 {len(expected)} 行"
    except Exception:  # noqa: BLE001 - reported in the table and in the exit status
        result.error = traceback.format_exc(limit=4)
        print(result.error, file=sys.stderr)
    return result


if __name__ == "__main__":
    sys.exit(main())
