"""The reports app's pages: the drafts (drafts*.py) and the committees' 全景 (panorama*.py)."""
