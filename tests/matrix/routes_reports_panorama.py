"""The reports app's panorama pages and endpoints in the matrix (issue 16), and the world objects they need.

One line per URL pattern of dangjian/reports/panorama_urls.py (see the comment at the top of
tests/test_permission_matrix.py); who sees which object is written in matrix.spec SEES."""

from __future__ import annotations

PANORAMA_ROUTES: list = []
