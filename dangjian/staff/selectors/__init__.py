"""The staff app's reads, one module per part (register.py, ethics.py)."""
