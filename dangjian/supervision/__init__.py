"""Supervision (监督台账): the 整改台账 (rectification ledger), the 组织生活会 / 民主生活会 as a
whole process, and 党务公开 (party affairs disclosure).

Layering: it sits above the four domain apps (orglife, dues, recruitment, decisions), so it reads
their selectors directly (the dues 公示表, the 小微权力清单, the recruitment 公示 as disclosure
sources), and below appraisal, which creates 整顿 items through
``dangjian.supervision.services.rectification.create_rectification_item`` and offers its results
for disclosure through the source registry (``dangjian.supervision.sources``). See
docs/supervision.md."""
