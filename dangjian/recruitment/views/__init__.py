"""The recruitment app's pages, one module per topic: files (the board, the due list, opening a
file, a file's timeline and the step form, the roster), materials (生成材料), plan (年度发展计划)
and rules (规则与时限)."""
