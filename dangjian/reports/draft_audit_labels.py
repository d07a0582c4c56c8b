"""The names of the drafts' audit events and of the keys their entries write (registered in
ReportsConfig.ready())."""

from dangjian.reports.models import DraftKind, VersionOrigin

ACTION_LABELS = {
    "reports.draft.generate": "根据数据生成党建报告初稿",
    "reports.draft.save": "保存党建报告文稿的修改",
    "reports.draft.export": "下载党建报告文稿",
}

CHANGE_LABELS = {
    "draft_kind": "文稿类型",
    "period": "报告期间",
    "version": "版本号",
    "origin": "版本来源",
    "changed_sections": "修改的部分",
    "missing_facts": "待补充的数据项数",
    "file_format": "文件格式",
}

CHANGE_VALUES = {
    "draft_kind": dict(DraftKind.choices),
    "origin": dict(VersionOrigin.choices),
    "file_format": {"docx": "Word 文档", "pdf": "PDF"},
}

CHANGE_LISTS = ("changed_sections",)
