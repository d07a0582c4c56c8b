"""The meeting's 会议记录 and its 决议 (decision record), as an editable .docx and as a PDF, both
written from the same facts (`record`). The .docx is laid out by dangjian.core.docx
(宋体 / 黑体 in the East Asian font slot, as Word and WPS read them);
the PDF goes through dangjian.core.pdf with templates/decisions/print.html."""

from __future__ import annotations

import io

from dangjian.core.docx import SIGNATURE, a4_document, record_page
from dangjian.decisions.models import AgendaItem, DecisionMeeting
from dangjian.decisions.rules import CATEGORIES, OPINION_FULL, Verdict
from dangjian.orgs.models import OrgKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KINDS = {"minutes": "会议记录", "resolution": "决议"}
NUMERALS = "一二三四五六七八九十"
VOTE_WORDS = {"for": "赞成", "against": "反对", "abstain": "弃权"}


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def meeting_name(meeting: DecisionMeeting) -> str:
    return "党委会议" if meeting.org.kind in (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH) else "支部委员会会议"


def vote_rows(item: AgendaItem) -> dict:
    """What the meeting page, the minutes and the 决议 say about one item's vote."""
    recused = [f"{r.position.person_name}（{r.reason}）" for r in item.recusals.all()]
    if not item.verdict:
        return {"text": "尚未登记表决", "recused": recused, "roll": ""}
    if item.verdict == Verdict.DEFERRED:
        text = "会议决定缓议"
    else:
        text = (f"有表决权的到会委员 {item.eligible} 人，赞成 {item.votes_for} 票、反对 {item.votes_against} 票、"
                f"弃权 {item.votes_abstain} 票，{item.get_verdict_display()}")
    roll = "；".join(f"{r['name']} {VOTE_WORDS[r['vote']]}" for r in item.roll)
    return {"text": text, "recused": recused, "roll": roll}


def record(meeting: DecisionMeeting, kind: str) -> dict:
    attendance = list(meeting.attendance.all())
    items = list(meeting.items.select_related("matter").prefetch_related("recusals__position"))
    present = "、".join(f"{a.person_name}（{a.role}）" for a in attendance if a.voting and a.present) or "无"
    absent = "；".join(f"{a.person_name}（{a.absence_reason}）" for a in attendance if a.voting and not a.present) or "无"
    observers = "、".join(f"{a.person_name}（{a.role}）" for a in attendance if not a.voting) or "无"
    quorum = "达到法定人数" if meeting.quorate else "未达到法定人数（到会委员人数不足）"
    head = [
        ("会议名称", meeting_name(meeting)),
        ("时　　间", _cn_date(meeting.held_on)),
        ("地　　点", meeting.place),
        ("主 持 人", meeting.host_name),
        ("记 录 人", meeting.recorder_name),
        ("应到委员", f"{meeting.body_size} 人"),
        ("实到委员", f"{meeting.present_count} 人，{quorum}"),
    ]
    if kind == "minutes":
        facts = head + [
            ("出席人员", present), ("缺席人员及原因", absent), ("列席人员", observers),
            ("会议议程", "\n".join(f"{i.order}. {i.matter.title}" for i in items)),
            ("会议记录", meeting.notes or "（见附页）"),
        ]
        for i in items:
            rows = vote_rows(i)
            lines = [rows["text"]] + ([f"回避：{'、'.join(rows['recused'])}"] if rows["recused"] else []) + (
                [f"记名表决：{rows['roll']}"] if rows["roll"] else [])
            facts.append((f"议题{NUMERALS[(i.order - 1) % 10]}表决", "\n".join(lines)))
        title = f"{meeting_name(meeting)}记录"
    else:
        facts = head + [("列席人员", observers)]
        for i in items:
            rows = vote_rows(i)
            decided = i.resolution or ("同意" + i.matter.title if i.verdict == Verdict.PASSED else "")
            info = CATEGORIES[i.matter.category]
            amount = f"，金额 {i.matter.amount:,.2f} 元" if i.matter.amount is not None else ""
            lines = [f"议题：{i.matter.title}（{info.label}{amount}）", f"表决：{rows['text']}"]
            if rows["recused"]:
                lines.append(f"回避：{'、'.join(rows['recused'])}")
            if decided:
                lines.append(f"决议：{decided}")
            if i.matter.owner_name:
                lines.append(f"执行：{i.matter.unit} {i.matter.owner_name}，期限 {i.matter.deadline or '待定'}")
            facts.append((f"决议事项{NUMERALS[(i.order - 1) % 10]}", "\n".join(lines)))
        title = f"{meeting_name(meeting)}决议"
    return {"org": meeting.org.name, "title": title, "facts": facts,
            "note": f"依据：{OPINION_FULL}。会议决定由校长办公会（校务会）组织实施，并报告执行情况。"}


def docx(meeting: DecisionMeeting, kind: str) -> bytes:
    rec = record(meeting, kind)
    document = a4_document()
    record_page(document, org=rec["org"], title=rec["title"], facts=rec["facts"],
                signatures=f"主持人（签字）：{SIGNATURE}　　　　记录人（签字）：{SIGNATURE}", note=rec["note"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(meeting: DecisionMeeting, kind: str) -> bytes:
    from dangjian.core.pdf import render_pdf

    return render_pdf("decisions/print.html", {"record": record(meeting, kind), "signature": SIGNATURE})
