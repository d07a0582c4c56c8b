"""The permission matrix's parts: who sees what (spec), the routes of each app, and the extra
world objects the matrix needs. The one test entry point is tests/test_permission_matrix.py."""
