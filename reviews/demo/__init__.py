"""Deterministic, clearly fictional demo data in Danish.

`load_demo` runs the core loader and then each feature's loader that exists (case review, ombudsman,
minutes), so features add demo data without touching each other.
"""

from __future__ import annotations

import importlib

from reviews.demo.core import DEMO_PASSWORD, DEMO_REVIEW_NAME, DEMO_TOTP_SECRET, DEMO_USERS, DemoUser

__all__ = ["DEMO_PASSWORD", "DEMO_REVIEW_NAME", "DEMO_TOTP_SECRET", "DEMO_USERS", "DemoUser", "load_demo",
           "is_empty"]

FEATURE_LOADERS = ("casefiles", "case_review", "ombudsman", "minutes")  # passages before readings are done


def is_empty(db) -> bool:
    from reviews.services.auth import user_count

    return user_count(db) == 0


def load_demo(db) -> None:
    """Load all demo data into an empty database."""
    from reviews.demo import core

    core.load(db)
    for name in FEATURE_LOADERS:
        try:
            module = importlib.import_module(f"reviews.demo.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"reviews.demo.{name}":
                raise
            continue
        module.load(db)
