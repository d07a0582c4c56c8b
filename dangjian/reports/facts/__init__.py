"""The facts layer of the drafts: one school's party organization and a period, every figure read
through the selector its module page reads (school.py), each knowing that page (base.Fact.url)."""

from dangjian.reports.facts.base import Fact, ReportPeriod, SchoolFacts, periods_offered
from dangjian.reports.facts.school import school_facts

__all__ = ["Fact", "ReportPeriod", "SchoolFacts", "periods_offered", "school_facts"]
