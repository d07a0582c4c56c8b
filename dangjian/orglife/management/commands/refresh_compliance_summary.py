"""Recompute the compliance summary now (the worker does it every few minutes): after seeding or
restoring a database, or to see the table current at once."""

from django.core.management.base import BaseCommand

from dangjian.orglife.summaries import refresh


class Command(BaseCommand):
    help = "重新汇总组织生活落实情况（本月、本季度、本年及上一期）"

    def handle(self, *args, **options):
        done = refresh()
        self.stdout.write(f"已汇总 {done['periods']} 个期间、{done['rows']} 行，用时 {done['seconds']:.1f} 秒")
