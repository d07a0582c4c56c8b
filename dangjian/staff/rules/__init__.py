"""The staff app's rules as data with their sources, one module per part: the register
(register.py), 师德师风 (ethics.py)."""
