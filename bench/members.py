"""The members operations of the benchmark (issue 3): each system call beside a hand-written
baseline doing the same work over the same rows, both returning comparable values.

    list     narrow_members(visible_to(user), criteria), page 1 of 50 + count, list order
    search   the same with q = initials
    stats    statistics.member_statistics(members_on(...)) — today and an as-of date
    export   views.stats.member_list_export_file (the filtered list's xlsx, no filter)
    import   importer.check_file + import_file (validation and all-or-nothing commit)

Baselines are portable SQL (PostgreSQL and SQLite) and plain xlsxwriter / calamine.
"""

from __future__ import annotations

import datetime
import random
import tempfile
import time

import python_calamine
import xlsxwriter
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import QueryDict

from bench.baselines import _in, _rows
from bench.system import PAGE_SIZE, _fresh_scope
from dangjian.core import crypto
from dangjian.core.pinyin import name_initials, name_pinyin
from dangjian.core.validators import id_check_char, mask_id_number, mask_phone
from dangjian.members import importer
from dangjian.members.models import (
    ACTIVE_STANDINGS,
    Education,
    EventKind,
    Gender,
    Job,
    Member,
    MemberEvent,
    Membership,
    MemberStatus,
    Standing,
)
from dangjian.members.selectors import AGE_BANDS, FLAGS, YEARS_BANDS, MemberCriteria, narrow_members
from dangjian.members.services import MEMBER_ORG_KINDS
from dangjian.members.statistics import member_statistics, members_on
from dangjian.orgs.models import PartyOrg

# The member list's default order (MemberFilter.default_sort = "org").
LIST_ORDER_SQL = "o.path, m.name_pinyin, m.id"
ACTIVE = list(ACTIVE_STANDINGS)


# --- list and search ------------------------------------------------------------------------

def member_page(user, criteria: MemberCriteria) -> tuple[list[int], int]:
    """What the list page reads: scoped, narrowed, in list order, page 1 + count."""
    qs = narrow_members(Member.objects.visible_to(_fresh_scope(user)).select_related("org", "group"), criteria)
    page = Paginator(qs.order_by("org__path", "name_pinyin", "pk"), PAGE_SIZE).get_page(1)
    return [m.id for m in page.object_list], page.paginator.count


def _page_sql(where: str, params: list) -> tuple[list[int], int]:
    rows = _rows(f"SELECT m.id, m.name, m.name_pinyin, m.id_number_masked, m.phone_masked, m.status, m.standing, "
                 f"o.name, g.name FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
                 f"LEFT JOIN orgs_partyorg g ON g.id = m.group_id WHERE {where} "
                 f"ORDER BY {LIST_ORDER_SQL} LIMIT {PAGE_SIZE}", params)
    (total,) = _rows(f"SELECT COUNT(*) FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id WHERE {where}",
                     params)[0]
    return [r[0] for r in rows], total


def member_page_sql(path: str, job: str) -> tuple[list[int], int]:
    """Active members of a subtree with one post, page 1 + count."""
    return _page_sql(f"o.path LIKE %s AND m.standing IN ({_in(ACTIVE)}) AND m.job = %s", [path + "%", *ACTIVE, job])


def initials_page_sql(path: str, initials: str) -> tuple[list[int], int]:
    """The search's three conditions over the scope, as search_q writes them for Latin letters:
    the name contains the text (case-insensitive), or the initials or the full pinyin start with
    it — the same answer by the same work, not the initials alone (which gave the same rows on
    the demo's names while reading one indexed column instead of three)."""
    return _page_sql(f"o.path LIKE %s AND m.standing IN ({_in(ACTIVE)}) AND (UPPER(m.name) LIKE UPPER(%s) "
                     f"OR m.name_initials LIKE %s OR m.name_pinyin LIKE %s)",
                     [path + "%", *ACTIVE, f"%{initials}%", initials + "%", initials + "%"])


def common_initials(path: str) -> str:
    """Two-letter initials that many members share (like "zw"), so the search has work to do."""
    rows = _rows("SELECT m.name_initials, COUNT(*) FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
                 "WHERE o.path LIKE %s GROUP BY m.name_initials ORDER BY COUNT(*) DESC, m.name_initials LIMIT 1",
                 [path + "%"])
    return (rows[0][0] if rows else "zw")[:2] or "zw"


# --- statistics ------------------------------------------------------------------------------

def statistics(path: str, day: datetime.date) -> dict:
    stats = member_statistics(members_on([path], day), day=day, scope_name="")
    return {"total": stats.total, **{t.key: stats.counts(t.key) for t in stats.tables}}


def _years_before(on: datetime.date, years: int) -> datetime.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def _window(on, low, high):
    return _years_before(on, high + 1) + datetime.timedelta(days=1), _years_before(on, low)


def statistics_sql(path: str, day: datetime.date) -> dict:
    """The same counts: members with a period covering `day` under `path`, one conditional
    aggregate per dimension, the ethnicities by GROUP BY and shaped in Python."""
    roster = ("m.id IN (SELECT ms.member_id FROM members_membership ms JOIN orgs_partyorg po ON po.id = ms.org_id "
              "WHERE po.path LIKE %s AND ms.started_on <= %s AND (ms.ended_on IS NULL OR ms.ended_on > %s))")
    roster_params = [path + "%", day, day]
    full = "(m.confirmed_on <= %s OR (m.status = 'full' AND m.confirmed_on IS NULL))"
    columns, params, labels = [], [], []

    def add(key, label, condition, *args):
        columns.append(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)")
        params.extend(args)
        labels.append((key, label))

    add("status", "正式党员", full, day)
    # Not `NOT {full}`: with a NULL 转正日期 that is NULL, not true (three-valued logic).
    add("status", "预备党员", "(m.confirmed_on IS NULL OR m.confirmed_on > %s) "
        "AND NOT (m.status = 'full' AND m.confirmed_on IS NULL)", day)
    for value, label in Gender.choices:
        add("gender", label, "m.gender = %s", value)
    for label, low, high in AGE_BANDS:
        add("age", label, "m.birth_date BETWEEN %s AND %s", *_window(day, low, high))
    for value, label in Education.choices:
        add("education", label, "m.education = %s", value)
    add("education", "未登记", "m.education = ''")
    for value, label in Job.choices:
        add("job", label, "m.job = %s", value)
    for label, low, high in YEARS_BANDS:
        add("years", label, "m.joined_on BETWEEN %s AND %s", *_window(day, low, high))
    add("years", "未登记", "(m.joined_on IS NULL OR m.joined_on > %s)", day)
    figures = _rows(f"SELECT COUNT(*), {', '.join(columns)} FROM members_member m WHERE {roster}",
                    [*params, *roster_params])[0]
    result: dict = {"total": figures[0]}
    for (key, label), count in zip(labels, figures[1:], strict=True):
        result.setdefault(key, {})[label] = int(count or 0)
    for key in ("education", "years"):
        if result[key]["未登记"] == 0:
            del result[key]["未登记"]
    by_name = dict(_rows(f"SELECT m.ethnicity, COUNT(*) FROM members_member m WHERE {roster} GROUP BY m.ethnicity",
                         roster_params))
    majority = by_name.pop("汉族", 0)
    minorities = sorted(by_name.items(), key=lambda item: (-item[1], item[0]))
    ethnicity = {"汉族": majority, "少数民族": sum(n for _, n in minorities)}
    ethnicity.update(dict(minorities[:5]))
    if minorities[5:]:
        ethnicity[f"其他少数民族（{len(minorities) - 5} 个）"] = sum(n for _, n in minorities[5:])
    result["ethnicity"] = ethnicity
    return result


# --- export ----------------------------------------------------------------------------------

def export_list(user) -> bytes:
    """The filtered list's export with no filter, exactly as the page and the API make it."""
    from dangjian.members.views.stats import member_list_export_file

    return member_list_export_file(_fresh_scope(user), QueryDict("")).read()


EXPORT_TITLES = ["序号", "姓名", "性别", "民族", "出生年月", "籍贯", "身份证号", "学历", "参加工作时间", "工作岗位", "职务",
                 "职称", "所在党组织", "党小组", "党员类别", "党籍状态", "入党时间", "转正时间", "联系电话", "备注"]


def export_list_raw(path: str) -> bytes:
    """One SELECT in list order, xlsxwriter constant_memory writing the same cells (title,
    header, 20 columns per member, dates as dates, text as text) in the same cell formats — the
    bordered table of the printed roster: one format per column (text '@' for the ID number,
    phone and the two year.month columns, dates, the whole-number 序号), blank cells bordered
    too — but no widths, merges or print setup."""
    labels = {"gender": dict(Gender.choices), "education": dict(Education.choices), "job": dict(Job.choices),
              "status": dict(MemberStatus.choices), "standing": dict(Standing.choices)}
    flag_names = list(FLAGS.values())
    with tempfile.TemporaryFile() as handle:
        book = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
        sheet = book.add_worksheet("党员名册")
        cell = {"font_name": "宋体", "font_size": 11, "valign": "vcenter", "border": 1}
        general, text = book.add_format(cell), book.add_format({**cell, "num_format": 49})
        date = book.add_format({**cell, "num_format": "yyyy-mm-dd", "align": "center"})
        number = book.add_format({**cell, "num_format": "0"})
        # text ('@') where the system writes text: birth (4), ID number (6), work started (8), phone (18)
        formats = [text if col in (4, 6, 8, 18) else general for col in range(20)]
        sheet.write_string(0, 0, "党员名册")
        for col, title in enumerate(EXPORT_TITLES):
            sheet.write_string(2, col, title)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT m.name, m.gender, m.ethnicity, m.birth_date, m.native_place, m.id_number_masked, m.education, "
                f"m.work_started_on, m.job, m.office, m.title, "
                f"o.name, g.name, m.status, m.standing, m.joined_on, m.confirmed_on, m.phone_masked, "
                f"m.lost_contact, m.is_mobile, m.in_hardship FROM members_member m "
                f"JOIN orgs_partyorg o ON o.id = m.org_id LEFT JOIN orgs_partyorg g ON g.id = m.group_id "
                f"WHERE o.path LIKE %s AND m.standing IN ({_in(ACTIVE)}) ORDER BY {LIST_ORDER_SQL}",
                [path + "%", *ACTIVE])
            row = 3
            while batch := cur.fetchmany(2000):
                for (name, gender, ethnicity, birth, native_place, id_masked, education, work_started, job, office,
                     title, org, group, status, standing, joined, confirmed, phone, *flags) in batch:
                    birth, work_started = (datetime.date.fromisoformat(d) if isinstance(d, str) else d
                                           for d in (birth, work_started))
                    cells = [name, labels["gender"].get(gender, ""), ethnicity,
                             f"{birth.year}.{birth.month:02d}" if birth else "", native_place, id_masked,
                             labels["education"].get(education, ""),
                             f"{work_started.year}.{work_started.month:02d}" if work_started else "",
                             labels["job"].get(job, ""), office, title, org, group or "",
                             labels["status"].get(status, ""), labels["standing"].get(standing, "")]
                    sheet.write_number(row, 0, row - 2, number)
                    for col, value in enumerate(cells, 1):
                        if value:
                            sheet.write_string(row, col, value, formats[col])
                        else:
                            sheet.write_blank(row, col, None, formats[col])
                    for col, value in ((16, joined), (17, confirmed)):
                        if value:
                            value = datetime.date.fromisoformat(value) if isinstance(value, str) else value
                            sheet.write_datetime(row, col, value, date)
                        else:
                            sheet.write_blank(row, col, None, general)
                    if phone:
                        sheet.write_string(row, 18, phone, text)
                    else:
                        sheet.write_blank(row, 18, None, text)
                    marks = "、".join(n for n, on in zip(flag_names, flags, strict=True) if on)
                    if marks:
                        sheet.write_string(row, 19, marks, general)
                    else:
                        sheet.write_blank(row, 19, None, general)
                    row += 1
        book.close()
        handle.seek(0)
        return handle.read()


def export_cells(data: bytes) -> list[list]:
    """The member rows of an export (from the header row on, up to the first empty 序号)."""
    book = python_calamine.CalamineWorkbook.from_filelike(__import__("io").BytesIO(data))
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    body = []
    for r in rows[header + 1:]:
        if not isinstance(r[0], int | float) or r[0] == "":
            break
        body.append([("" if v is None else v) for v in r[:len(EXPORT_TITLES)]])
    return body


# --- import ------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然晨思雨欣怡佳琪子涵梓轩博文嘉怡志远海燕晓东春梅丹丹凤"
TITLES = ["", "中学一级教师", "中学高级教师", "小学一级教师", "小学高级教师", "二级教师"]


def member_org_codes(root: PartyOrg) -> list[str]:
    """Codes of the organizations members can belong to under `root` (branches and up)."""
    return list(PartyOrg.objects.filter(path__startswith=root.path, is_active=True, kind__in=MEMBER_ORG_KINDS)
                .order_by("path").values_list("code", flat=True))


def import_people(count: int, codes: list[str], today: datetime.date, seed: int = 7) -> list[dict]:
    """`count` valid people nobody has a record of: ID numbers with a correct checksum, birth
    date and gender digit, mobile phones, dates that satisfy the probation rules."""
    rng = random.Random(seed)
    taken = set(Member.objects.values_list("id_number_index", flat=True))
    people, seen = [], set()
    region = "150105"  # a real district code the demo world does not use
    labels = {"education": [lbl for _, lbl in Education.choices], "job": [lbl for v, lbl in Job.choices if v != "retired"]}
    while len(people) < count:
        birth = datetime.date(1962, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 38))
        serial = rng.randrange(0, 1000)
        first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
        number = first17 + id_check_char(first17)
        if number in seen or crypto.blind_index(number) in taken:
            continue
        seen.add(number)
        male = serial % 2 == 1
        joined = _years_before(birth, -rng.randrange(22, 40)) + datetime.timedelta(days=rng.randrange(0, 300))
        probationary = rng.random() < 0.03
        if probationary:
            joined = today - datetime.timedelta(days=rng.randrange(30, 300))
        elif joined > today - datetime.timedelta(days=800):
            joined = today - datetime.timedelta(days=800 + rng.randrange(0, 300))
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        people.append({
            "name": name, "id_number": number, "gender": "男" if male else "女", "ethnicity": "汉族",
            "phone": f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}", "education": rng.choice(labels["education"]),
            "job": rng.choice(labels["job"]), "title": rng.choice(TITLES), "joined_on": joined,
            "confirmed_on": None if probationary else _years_before(joined, -1),
            "status": "预备党员" if probationary else "正式党员", "org_code": codes[len(people) % len(codes)],
            "group": "", "lost_contact": "否", "is_mobile": "否", "in_hardship": "否",
        })
    return people


def write_import_file(path: str, people: list[dict]) -> None:
    """The template's sheet: its header in its order, ID numbers as text, dates as dates."""
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("党员信息")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    for col, column in enumerate(importer.COLUMNS):
        sheet.write_string(0, col, column.title)
    for row, person in enumerate(people, 1):
        for col, column in enumerate(importer.COLUMNS):
            value = person.get(column.key)
            if isinstance(value, datetime.date):
                sheet.write_datetime(row, col, value, date)
            elif value:
                sheet.write_string(row, col, value, text if column.kind == "id_number" else None)
    book.close()


class QueryCounter:
    """Counts statements without keeping them (a 22,375-row import runs hundreds of thousands)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def import_system(path: str, user, within: PartyOrg) -> dict:
    """check_file + import_file as importer.run does it, with phase times from its callbacks."""
    marks = {"start": time.perf_counter()}

    def validated(done, total):
        if done == total:
            marks["validated"] = time.perf_counter()
            print(f"  导入：读取与校验 {total} 行用时 {marks['validated'] - marks['start']:.1f} 秒，开始提交", flush=True)

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        with open(path, "rb") as handle:
            checked = importer.check_file(handle)
        marks["checked"] = time.perf_counter()
        result = importer.import_file(checked.source, user=user, within=within, progress=validated,
                                      file_name="bench.xlsx")
    marks["end"] = time.perf_counter()
    return {"created": result.created, "errors": result.errors[:3], "committed": result.committed,
            "queries": counter.count,
            "phases": {"检查文件": marks["checked"] - marks["start"],
                       "读取与校验": marks.get("validated", marks["end"]) - marks["checked"],
                       "提交": marks["end"] - marks.get("validated", marks["end"])}}


def import_raw(path: str, user) -> dict:
    """calamine reads the sheet; per row the stored values are computed (pinyin and initials,
    birth date and gender from the ID, SM4/AES-GCM ciphertext of ID and phone, the HMAC blind
    index, masks, labels to values); then bulk_create of the same Member, Membership and
    record_created MemberEvent rows in one transaction. No rule checks, no audit rows."""
    marks = {"start": time.perf_counter()}
    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = book.get_sheet_by_index(0).to_python()
    book.close()
    marks["read"] = time.perf_counter()
    header = {title: i for i, title in enumerate(rows[0])}
    col = {c.key: header[c.title] for c in importer.COLUMNS}
    orgs = {o.code: o for o in PartyOrg.objects.filter(code__in={r[col["org_code"]] for r in rows[1:]})}
    values = {"gender": {lbl: v for v, lbl in Gender.choices}, "education": {lbl: v for v, lbl in Education.choices},
              "job": {lbl: v for v, lbl in Job.choices}, "status": {lbl: v for v, lbl in MemberStatus.choices}}
    members = []
    for r in rows[1:]:
        number, name, phone = str(r[col["id_number"]]), r[col["name"]], str(r[col["phone"]] or "")
        member = Member(
            org=orgs[r[col["org_code"]]], name=name, name_pinyin=name_pinyin(name), name_initials=name_initials(name),
            gender="male" if int(number[16]) % 2 else "female",
            birth_date=datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
            ethnicity=r[col["ethnicity"]] or "汉族", education=values["education"].get(r[col["education"]], ""),
            job=values["job"].get(r[col["job"]], "teacher"), title=r[col["title"]] or "",
            status=values["status"][r[col["status"]]], joined_on=_as_date(r[col["joined_on"]]),
            confirmed_on=_as_date(r[col["confirmed_on"]]),
            id_number_encrypted=crypto.encrypt(number, aad="member.id_number"),
            id_number_index=crypto.blind_index(number), id_number_masked=mask_id_number(number),
            phone_encrypted=crypto.encrypt(phone, aad="member.phone") if phone else "", phone_masked=mask_phone(phone))
        members.append(member)
    marks["prepared"] = time.perf_counter()
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=2000)
        Membership.objects.bulk_create([Membership(member=m, org=m.org, started_on=m.joined_on) for m in members],
                                       batch_size=2000)
        MemberEvent.objects.bulk_create(
            [MemberEvent(member=m, kind=EventKind.RECORD_CREATED, occurred_on=m.joined_on, org=m.org, recorded_by=user)
             for m in members], batch_size=2000)
    marks["end"] = time.perf_counter()
    print(f"  导入基线：{marks['end'] - marks['start']:.1f} 秒", flush=True)
    return {"created": len(members), "ids": [m.pk for m in members],
            "phases": {"calamine 读取": marks["read"] - marks["start"], "计算存储值（含加密、盲索引、拼音）":
                       marks["prepared"] - marks["read"], "bulk_create 三张表": marks["end"] - marks["prepared"]}}


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value or None


def imported_rows(indexes: list[str]) -> list[tuple]:
    """What an import left, by blind index: the member's stored facts, period and first event."""
    out = []
    for start in range(0, len(indexes), 1000):
        chunk = indexes[start:start + 1000]
        out += _rows(
            f"SELECT m.id_number_index, m.org_id, m.name, m.name_initials, m.gender, m.birth_date, m.status, "
            f"m.joined_on, m.confirmed_on, m.education, m.job, m.title, m.id_number_masked, m.phone_masked, "
            f"(SELECT COUNT(*) FROM members_membership ms WHERE ms.member_id = m.id AND ms.ended_on IS NULL "
            f" AND ms.org_id = m.org_id AND ms.started_on = m.joined_on), "
            f"(SELECT COUNT(*) FROM members_memberevent e WHERE e.member_id = m.id AND e.kind = 'record_created') "
            f"FROM members_member m WHERE m.id_number_index IN ({_in(chunk)})", chunk)
    return sorted(tuple(str(v) for v in r) for r in out)


def delete_members(ids: list[int]) -> None:
    """Remove the baseline's rows (untimed) so the system imports the same people afresh."""
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        MemberEvent.objects.filter(member_id__in=chunk).delete()
        Membership.objects.filter(member_id__in=chunk).delete()
        Member.objects.filter(pk__in=chunk).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE members_member")
            cur.execute("VACUUM ANALYZE members_membership")
            cur.execute("VACUUM ANALYZE members_memberevent")
