"""Every state change of appraisal goes through the modules of this package, one per concern:
review_* for 民主评议党员, rating* for 评星定级. Callers import the module they need."""
