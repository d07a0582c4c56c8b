"""Reads of appraisal, one module per half (review.py, rating.py); the other apps (e.g. 评先评优
in reports) read results through these, never through the models."""
