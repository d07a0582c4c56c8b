"""The staff app's forms, one module per part (register.py, ethics.py)."""
