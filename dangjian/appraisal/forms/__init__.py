"""Forms of appraisal, one module per half (review.py, rating.py). They only collect input: the
services judge it, and a refusal lands next to the field it names (ServiceForm.add_violation)."""
