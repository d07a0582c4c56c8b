"""Rules of supervision as data, each with its citation, one module per part: rectification.py
(整改台账), disclosure.py (党务公开), lifemeeting.py (组织生活会 / 民主生活会). Callers import the
module of their part (`from dangjian.supervision.rules import lifemeeting as R`)."""
