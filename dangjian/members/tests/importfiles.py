"""Workbooks for the import tests, written the way Excel or WPS would save them."""

from __future__ import annotations

import datetime
import io
import itertools

import xlsxwriter

from dangjian.members.importer import COLUMNS
from dangjian.testing import make_id_number

_serial = itertools.count(700)


def new_id(birth=datetime.date(1988, 5, 20), *, male=True) -> str:
    return make_id_number(birth, next(_serial), region="320102", male=male)


def person(**overrides) -> dict:
    """A valid row for branch_a of the test world (keys are the importer's column keys)."""
    row = {
        "name": "测试党员", "id_number": new_id(), "gender": "男", "ethnicity": "汉族", "phone": "13912345678",
        "education": "大学本科", "job": "专任教师", "title": "中学一级教师", "joined_on": datetime.date(2012, 6, 30),
        "confirmed_on": datetime.date(2013, 6, 30), "status": "正式党员", "org_code": "C01A-001",
        "group": "第一党小组", "lost_contact": "否", "is_mobile": "否", "in_hardship": "否",
    }
    row.update(overrides)
    return row


def workbook(rows, *, titles=None, numbers_for=()) -> bytes:
    """An .xlsx with the template's header and `rows`; keys in `numbers_for` are written as numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("党员信息")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    columns = COLUMNS if titles is None else [c for c in COLUMNS if c.title in titles]
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.title)
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            value = row.get(column.key)
            if value is None or value == "":
                continue
            if column.key in numbers_for:
                sheet.write_number(number, index, float(value))
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, index, value, date_format)
            else:
                sheet.write_string(number, index, str(value))
    book.close()
    return buffer.getvalue()


def client_for(world, persona: str):
    """A test client logged in as one of the world's personas."""
    from django.test import Client

    from dangjian.testing import login

    client = Client()
    login(client, world.personas[persona])
    return client
