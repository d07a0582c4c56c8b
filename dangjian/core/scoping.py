"""Deny-by-default scoping at the queryset layer.

A user's scope is the set of organization paths their active positions sit on (the positions
are the orgs app's; it registers them as a scope source, so core imports no domain); every
scoped model names the path field(s) that place a row in the tree, and `visible_to(user)`
keeps the rows under one of the user's paths. Nobody gets an unscoped queryset by accident:
views and endpoints only ever start from `Model.objects.visible_to(user)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.http import Http404
from django.utils import timezone

from dangjian.core.roles import ROLE_ACTIONS, SECOND_FACTOR_POSTS


@dataclass
class Scope:
    """What one user may reach: (post, org path, org id) per active position."""

    grants: list[tuple[str, str, int]] = field(default_factory=list)
    is_superuser: bool = False

    @property
    def paths(self) -> list[str]:
        """The minimal set of subtree roots: a path under another one adds nothing."""
        result: list[str] = []
        for path in sorted({p for _, p, _ in self.grants}):
            if not any(path.startswith(root) for root in result):
                result.append(path)
        return result

    def paths_for(self, action: str) -> list[str]:
        return sorted({p for post, p, _ in self.grants if action in ROLE_ACTIONS.get(post, ())})

    def allows(self, action: str, path: str | None = None) -> bool:
        if self.is_superuser:
            return True
        return any(path is None or path.startswith(root) for root in self.paths_for(action))

    @property
    def needs_second_factor(self) -> bool:
        return self.is_superuser or any(post in SECOND_FACTOR_POSTS for post, _, _ in self.grants)

    @property
    def org_ids(self) -> list[int]:
        return sorted({org_id for _, _, org_id in self.grants})


# Where grants come from. Core knows no domain: the app that holds positions registers its
# source in AppConfig.ready() (dangjian.orgs registers the active positions).
ScopeSource = Callable[[Any, datetime.date], Iterable[tuple[str, str, int]]]
_scope_sources: list[ScopeSource] = []


def register_scope_source(source: ScopeSource) -> ScopeSource:
    """Add a source of grants: `source(user, day)` gives (post, org path, org id) per grant the
    user holds on `day`. Registering the same function twice keeps one."""
    if source not in _scope_sources:
        _scope_sources.append(source)
    return source


def scope_of(user, on: datetime.date | None = None) -> Scope:
    """The user's scope, cached on the user object for the length of a request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_dangjian_scope", None)
    if cached is not None and on is None:
        return cached
    today = on or timezone.localdate()
    grants = [grant for source in _scope_sources for grant in source(user, today)]
    scope = Scope(grants=grants, is_superuser=user.is_superuser)
    if on is None:
        user._dangjian_scope = scope
    return scope


def path_filter(paths: list[str], *fields: str) -> models.Q:
    """Q matching rows whose path field(s) start with one of `paths`; matches nothing if empty."""
    conditions = [models.Q(**{f"{f}__startswith": p}) for p in paths for f in fields]
    if not conditions:
        return models.Q(pk__in=[])
    return reduce(or_, conditions)


class ScopedQuerySet(models.QuerySet):
    """Subclasses set `scope_fields`: the lookups that give a row's organization path."""

    scope_fields: tuple[str, ...] = ()

    def visible_to(self, user, action: str = "org.view"):
        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        # Every scope field is a forward foreign-key path, so OR-ing them never duplicates rows.
        return self.filter(path_filter(scope.paths_for(action), *self.scope_fields))


def get_visible_or_404(queryset, **lookup):
    """The one way views fetch a single object: "not yours" and "not there" are the same 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录") from None
