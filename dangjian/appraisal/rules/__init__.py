"""Rules of appraisal as data, each with its citation: review.py for 民主评议党员, rating.py for
评星定级. Callers import the module of their half (`from dangjian.appraisal.rules import review`)."""
