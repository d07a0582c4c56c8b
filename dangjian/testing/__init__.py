"""The test world: named personas in a small tree of organizations and schools.

It sits above every app (it builds members, positions and schools through their services), so
it lives outside them: no app imports it except from its tests, and the import-linter layers
put it on top beside demo and bench.
"""

from dangjian.testing.world import (
    PASSWORD,
    add_member,
    build_world,
    client_with_session,
    login,
    make_id_number,
    make_user,
    session_of,
)

__all__ = ["PASSWORD", "add_member", "build_world", "client_with_session", "login", "make_id_number", "make_user",
           "session_of"]
