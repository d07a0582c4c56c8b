"""The staff app's pages, one module per part: the register and leadership team (register.py),
师德师风 (ethics.py)."""
