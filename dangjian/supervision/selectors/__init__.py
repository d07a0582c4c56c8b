"""Reads of supervision (scoped querysets and figures), one module per part."""
