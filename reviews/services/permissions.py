"""The permission table: which roles may do what. Every service function checks it itself.

A hidden page is not a permission check; `requires` wraps each public service function so that the
check runs in the domain layer whatever calls it (page, command line, test).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reviews.errors import PermissionDenied
from reviews.models import Role, User

A, C, R, O, X = Role.ADMINISTRATOR, Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN, Role.READER

PERMISSIONS: dict[str, frozenset[Role]] = {
    # Case material is sensitive: only roles that work with cases read it, and each person only the cases
    # of their own work (reviews.services.access). The administrator's case.read is for "break the glass"
    # only: without a running grant an administrator reads no case.
    "case.read": frozenset({A, C, R, O}),
    "case.write": frozenset({C, O}),
    "case.import": frozenset({A, C, O}),  # an administrator may run the import from the case system
    "case.break_glass": frozenset({A, O}),
    "review.read": frozenset({A, C, R, O, X}),
    "review.manage": frozenset({C, O}),  # on the reviews the user chairs (reviews.services.reviews)
    "user.manage": frozenset({A}),
    "audit.read": frozenset({A}),
    "access.review": frozenset({A}),  # who has access, last logins, deactivating unused accounts
    "audit.export": frozenset({A}),
    "self.manage": frozenset({A, C, R, O, X}),
    # --- case review (codebooks, findings, agreement, learning points, action plan) ---
    "codebook.read": frozenset({A, C, R, O, X}),
    "codebook.manage": frozenset({A}),
    "finding.read": frozenset({C, R, O}),
    "finding.write": frozenset({C, R, O}),
    "agreement.read": frozenset({C, R, O}),
    "learning_point.read": frozenset({C, R, O, X}),
    "learning_point.write": frozenset({C, R, O}),
    "learning_point.approve": frozenset({C}),
    "family_round.write": frozenset({C, O}),
    "action_plan.write": frozenset({C}),
    "review.export": frozenset({C, R, O}),
    # --- citizen ombudsman (register, mediation, statistics) ---
    "inquiry.read": frozenset({O}),
    "inquiry.write": frozenset({O}),
    "inquiry.import": frozenset({O}),
    "mediation.read": frozenset({O}),  # confidential: not administrators, not reviewers
    "mediation.write": frozenset({O}),
    "ombudsman.statistics": frozenset({C, O, X}),  # aggregates only: no names, no free text
    "ombudsman.categories.manage": frozenset({A}),  # cause list and areas
    # --- meetings and minutes (agenda, minutes lifecycle, Word exports) ---
    "meeting.read": frozenset({C, R, O, X}),
    "meeting.write": frozenset({C, O}),
    "minutes.approve": frozenset({C}),  # approve and lock minutes; export a draft marked UDKAST
    "document.export": frozenset({C, O}),  # Word documents; dialogue minutes also need mediation.read
    # --- data safety (backups, retention and deletion, insight extracts) ---
    "backup.manage": frozenset({A}),  # a backup holds everything: take, list, download
    "retention.manage": frozenset({A}),  # retention periods and the deletion job
    "template.manage": frozenset({A}),  # the municipality's Word template every export starts from
    # --- case files («Sagsakter»): documents of a case, by need-to-know like the case itself ---
    "casefile.read": frozenset({C, R, O}),
    # The administrator may run an import (the command line acts as one) but reads nothing back.
    "casefile.import": frozenset({A, C, R, O}),
}

# Filled by @requires: "module.function" -> action. Lets a test walk every guarded function.
GUARDED: dict[str, str] = {}

P = ParamSpec("P")
T = TypeVar("T")


def allowed(user: User | None, action: str) -> bool:
    return user is not None and user.active and user.role in PERMISSIONS[action]


def check(user: User | None, action: str) -> None:
    if not allowed(user, action):
        raise PermissionDenied(action=action)


def requires(action: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Guard a service function whose second positional argument is the acting user."""
    if action not in PERMISSIONS:
        raise KeyError(action)

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        GUARDED[f"{fn.__module__}.{fn.__qualname__}"] = action

        @functools.wraps(fn)
        def guarded(db, actor, *args, **kwargs):
            check(actor, action)
            return fn(db, actor, *args, **kwargs)

        guarded.required_action = action  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
