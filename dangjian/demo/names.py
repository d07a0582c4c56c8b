"""Tables for realistic demo names: people, schools, counties.

Own tables rather than Faker's: the generator has to give the same names for the same seed
whatever Faker version is installed, and teachers born 1960–2000 have given names of their
generation (two characters mostly, drawn from a smaller pool than Faker's mixed list).
"""

from __future__ import annotations

import bisect
import itertools
import random

# Surname frequencies (‰ of the population, rounded) after the 2020 census surname report of the
# 公安部户政管理研究中心, with the surnames frequent in Guangxi (黄、韦、覃、莫、蒙、梁) lifted to
# the shares they have there: the demo city is modelled on seed 001's Guangxi city.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("黄", 62), ("李", 60), ("陈", 55), ("王", 45), ("张", 42), ("刘", 38), ("梁", 30), ("韦", 28),
    ("覃", 20), ("莫", 18), ("杨", 18), ("林", 16), ("吴", 14), ("周", 12), ("何", 12), ("谢", 11),
    ("罗", 11), ("蒙", 10), ("赵", 10), ("邓", 10), ("廖", 10), ("卢", 9), ("钟", 9), ("蒋", 8),
    ("庞", 8), ("苏", 8), ("陆", 8), ("冯", 7), ("朱", 7), ("胡", 7), ("徐", 7), ("唐", 7),
    ("孙", 6), ("马", 6), ("曾", 6), ("郭", 6), ("潘", 6), ("许", 5), ("宋", 5), ("郑", 5),
    ("高", 5), ("欧", 5), ("甘", 5), ("颜", 4), ("劳", 4), ("宁", 4), ("农", 4), ("龙", 4),
    ("肖", 4), ("丁", 3), ("邱", 3), ("曹", 3), ("叶", 3), ("彭", 3), ("程", 3), ("袁", 3),
    ("沈", 3), ("韩", 3), ("吕", 3), ("范", 3), ("汪", 3), ("田", 3), ("石", 3), ("姚", 3),
    ("方", 3), ("余", 3), ("杜", 2), ("魏", 2), ("戴", 2), ("夏", 2), ("付", 2), ("任", 2),
    ("姜", 2), ("董", 2), ("崔", 2), ("谭", 2), ("贾", 2), ("邹", 2), ("熊", 2), ("傅", 2),
    ("易", 2), ("雷", 2), ("钱", 1.5), ("汤", 1.5), ("尹", 1.5), ("黎", 1.5), ("阮", 1.5), ("温", 1.5),
    ("文", 1.5), ("江", 1.5), ("万", 1), ("段", 1), ("侯", 1), ("孔", 1), ("白", 1), ("秦", 1),
    ("严", 1), ("牛", 1), ("区", 1), ("单", 0.5), ("欧阳", 0.5), ("司马", 0.1), ("诸葛", 0.1),
)

# Given-name characters by the generation that wears them: teachers in service were born
# 1962–2001, retirees 1940–1966.
MALE_CHARS = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "刚", "平", "辉", "华", "斌", "宁", "峰", "建", "国",
    "志", "文", "海", "东", "林", "波", "俊", "鹏", "超", "荣", "宏", "春", "德", "福", "庆", "家", "振",
    "永", "光", "新", "学", "立", "成", "正", "世", "忠", "祥", "汉", "锋", "毅", "晓", "子", "浩",
    "宇", "航", "宸", "哲", "昊", "睿", "翔", "胜", "坚", "彬", "卫", "红", "兵", "桂", "松", "进",
)
FEMALE_CHARS = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "丹", "萍", "红", "梅", "莉", "婷",
    "琳", "雪", "倩", "洁", "颖", "慧", "秀", "英", "兰", "桂", "凤", "玉", "珍", "琴", "云", "莲",
    "晶", "妍", "璐", "晓", "春", "小", "海", "美", "佳", "欣", "雯", "怡", "蕾", "露", "菲", "媛",
    "思", "雨", "月", "爱", "金", "彩", "素", "淑", "翠", "银", "冬", "新", "文", "宁", "华", "琼",
)
_RETIREE_MALE = ("国", "建", "德", "福", "庆", "宝", "忠", "祥", "荣", "贵", "生", "发", "明", "文", "光", "振", "卫")
_RETIREE_FEMALE = ("秀", "英", "兰", "桂", "凤", "玉", "珍", "淑", "翠", "琴", "芬", "华", "梅", "莲", "爱", "春")


class NamePicker:
    """Draws names from the tables with a caller-owned Random, so the sequence is the seed's."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._cumulative = list(itertools.accumulate(w for _, w in SURNAMES))

    def surname(self) -> str:
        x = self.rng.random() * self._cumulative[-1]
        return self._surnames[bisect.bisect_right(self._cumulative, x)]

    def person(self, *, male: bool, retiree: bool = False) -> str:
        pool = (_RETIREE_MALE if male else _RETIREE_FEMALE) if retiree else (MALE_CHARS if male else FEMALE_CHARS)
        # Single-character given names are commoner in the older generation.
        single = self.rng.random() < (0.35 if retiree else 0.18)
        given = self.rng.choice(pool) if single else self.rng.choice(pool) + self.rng.choice(pool)
        return self.surname() + given


# The demo city: 7 county-level units, with region codes (GB/T 2260, in use) of a Guangxi
# prefecture, under invented names so nobody mistakes the data for a real city's.
CITY_NAME = "示范市"
CITY_REGION = "450100"
# Seed 001's city has seven county-level units (县、市、区), each with its 教育党工委: two urban
# districts, a district with villages, three counties and a county-level city. The first is a
# mixed town-and-country one: it is the whole of the `county` scale and holds schools A and B of
# the personas, so it needs both large schools and joint branches.
COUNTIES: tuple[tuple[str, str, float], ...] = (
    # (name, region code, share of the city's schools)
    ("宾阳县", "450126", 0.20), ("城中区", "450102", 0.08), ("城南区", "450105", 0.09),
    ("武山区", "450110", 0.14), ("上林县", "450125", 0.15), ("马岭县", "450124", 0.13),
    ("横江市", "450181", 0.21),
)
URBAN_REGIONS = {"450102", "450105"}

# Birth places of members born outside the city: other Guangxi prefectures and the provinces
# teachers most often come from (GB/T 2260 county codes in use).
OTHER_REGIONS = (
    "450202", "450303", "450405", "450521", "450702", "450802", "450902", "450921", "451002",
    "451102", "451202", "451302", "451402", "440103", "440882", "430104", "431002", "360502",
    "520102", "530102", "510104", "420106", "350102", "460105",
)

TOWNS = (
    "大塘", "石门", "新圩", "黎塘", "古辣", "思陇", "甘棠", "陈平", "邹圩", "中华", "露圩", "王灵",
    "那马", "灵马", "六景", "峦城", "百合", "陶圩", "马山", "周鹿", "白山", "乔建", "那桐", "杨圩",
    "丁当", "城厢", "宁武", "仙湖", "双定", "锣圩", "平陆", "两江", "府城", "陆斡", "太平", "大丰",
    "东门", "镇圩", "新江", "南圩", "长塘", "伶俐", "南阳", "四塘", "高峰", "坛洛", "金陵", "苏圩",
)
VILLAGES = (
    "龙岩", "那林", "六合", "坡头", "塘边", "平塘", "大村", "新村", "石岭", "岭头", "水口", "旺村",
    "榕树", "三合", "甘村", "清平", "良村", "古城", "上塘", "下塘", "北村", "东岸", "西岭", "茶山",
    "莲塘", "竹山", "谷村", "长岭", "白马", "双桥", "凤凰", "红星", "和平", "团结", "联合", "光明",
)
PRIVATE_BRANDS = (
    "育才", "启航", "博文", "明德", "英华", "培英", "弘文", "致远", "德润", "慧源", "锦华", "新星",
    "阳光", "星光", "智华", "文博", "华英", "汇文", "崇文", "立人", "树人", "晨曦", "蓝天", "卓越",
)
SPONSOR_SUFFIX = ("教育投资有限公司", "教育集团有限公司", "文化教育发展有限公司", "教育咨询有限公司")
