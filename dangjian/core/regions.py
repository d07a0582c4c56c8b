"""Is the region code of an ID number (its first six digits) still a current administrative
division code? One rule, used by the member import's answer and by the member's page.

GB 11643-1999 makes the first six digits of an ID number (the 地址码) "编码对象常住户口所在县（市、
旗、区）的行政区划代码，按 GB/T 2260 的规定执行", and GB/T 2260 retires a division's code when the
division changes ("行政区划若有变更，原代码废止"; both texts as reproduced by secondary sources, see
docs/member-import.md). An ID number never changes, so a number issued in a
county since merged (110103, 北京市崇文区, merged into 东城区 in 2010) is still a valid number: its
region code is simply no longer current. The system accepts such a number and says so, so that
a typing error that happens to land on an old code can be caught by a person.

The codes come from dangjian/core/data/region_codes.tsv (its header names the source and the
date; scripts/gen_region_codes.py regenerates it). A code in neither list is "unknown": the
list stops at 2020, so a county created since then reads unknown, and unknown is not reported.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from pathlib import Path

from dangjian.core.errors import Rule

DATA_FILE = Path(__file__).resolve().parent / "data" / "region_codes.tsv"

R_REGION_CODE = Rule(
    "region_code_current",
    "身份证号前六位（地址码）是常住户口所在县（市、旗、区）的行政区划代码；行政区划变更后原代码废止，"
    "但已发的身份证号码不变，仍然有效",
    "GB 11643-1999《公民身份号码》（地址码）；GB/T 2260《中华人民共和国行政区划代码》；"
    "民政部《中华人民共和国县以上行政区划代码》",
)


class RegionState(enum.StrEnum):
    CURRENT = "current"
    RETIRED = "retired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RegionCodeStatus:
    """What the code list says about a region code: its state, its (last) name, and for a
    retired code the year it left the list (None when the list does not say)."""

    code: str
    state: RegionState
    name: str = ""
    retired_in: int | None = None

    @property
    def retired(self) -> bool:
        return self.state == RegionState.RETIRED

    def warning(self) -> str:
        """The sentence for whoever may see the whole ID number (it names the code); the caller
        says what follows from it (imported as it is, still valid)."""
        year = f"，{self.retired_in} 年起停用" if self.retired_in else ""
        return f"身份证号前六位 {self.code}（原{self.name}{year}）已不是现行行政区划代码（GB/T 2260），请核对"

    def masked_warning(self) -> str:
        """The same without the code, its name or its year: a page that shows the masked ID
        number (first three and last four digits) next to the birth date would otherwise give
        away all eighteen digits."""
        return "身份证号前六位已不是现行行政区划代码（GB/T 2260），请核对"


@functools.cache
def _codes() -> dict[str, tuple[RegionState, str, int | None]]:
    codes = {}
    with DATA_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            code, state, name, *year = line.rstrip("\n").split("\t")
            codes[code] = (RegionState(state), name, int(year[0]) if year and year[0] else None)
    return codes


def region_code_status(id_number: str) -> RegionCodeStatus:
    """The status of the region code of `id_number` (an ID number, or just its first six digits)."""
    code = str(id_number or "")[:6]
    found = _codes().get(code)
    if found is None:
        return RegionCodeStatus(code, RegionState.UNKNOWN)
    state, name, year = found
    return RegionCodeStatus(code, state, name, year if state == RegionState.RETIRED else None)
