"""Local documents the rules cite: one constant per document, named as users should read it.

Some rules come not from a national text but from a city's or a school's own document. A user
must see which document that is, by its title and issuer, and that it is local — never our
working names for the source material. Each document is declared here once; the rules modules
cite it through `cite()`. The number (文号) and date are kept where the document states them;
none of these states a number, so none is shown.

This is deliberately not a register: which subtree a local document applies to and from when,
and switching it on per higher committee, belong to the register of local documents (issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalDocument:
    issuer: str
    title: str
    number: str = ""   # 文号, when the document gives one
    kind: str = "本市规定"  # how a user is told the rule is local, not national

    @property
    def name(self) -> str:
        number = f"（{self.number}）" if self.number else ""
        return f"{self.issuer}《{self.title}》{number}"

    def cite(self, quote: str = "") -> str:
        """The citation shown with a rule: 「issuer《title》（本市规定）“quote”」."""
        said = f"“{quote}”" if quote else ""
        return f"{self.name}（{self.kind}）{said}"


# The city education bureau's party committee's opinion (2022), which carries out the city
# committee's opinion on party building in primary and secondary schools: 思想政治课 monthly, the
# matters that go to the branch meeting, the role of the 教代会.
CITY_BUREAU_OPINION = LocalDocument("市教育局党委", "党建工作意见")

# The city's own summary of its school party-building work in 2023 (评星定级, coverage figures).
CITY_SUMMARY_2023 = LocalDocument("本市", "2023年中小学校党建工作总结", kind="本市做法")

# A school's annual party-building summary (支委民主生活会, 双重民主生活会, 党员季度自查).
SCHOOL_SUMMARY = LocalDocument("学校党支部", "学校党建工作总结", kind="学校做法")

# A school party worker's duty report (学习园地, 一年一万字读书笔记).
SCHOOL_DUTY_REPORT = LocalDocument("学校党支部", "学校党务工作者述职报告", kind="学校做法")

# A college party branch's duty report printed with it (巡察整改台账: 责任人, 期限, 件件有着落) —
# another institution's practice, cited as a reference, not as a rule of this city.
COLLEGE_DUTY_REPORT = LocalDocument("艺术设计学院党总支", "学校党务工作述职报告", kind="参考做法")

# The city special-education school's report on its pilot of the principal-responsibility system
# under the party organization's leadership (支委会决议、校务委员会执行; 小微权力清单).
PILOT_REPORT = LocalDocument("市特殊教育学校党支部", "党组织领导下的校长负责制试点工作书记项目报告",
                             kind="试点学校做法")
