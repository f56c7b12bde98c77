"""init, demo, users."""

from __future__ import annotations

import getpass
import sys

from reviews.cli.common import CLI_ACTOR, open_db
from reviews.demo import is_empty, load_demo
from reviews.models import Role
from reviews.services import auth, second_factor
from reviews.storage.migrations import current_version


def register(subparsers) -> None:
    p = subparsers.add_parser("init", help="create or migrate the database")
    p.add_argument("--demo-if-empty", action="store_true", help="load demo data when the database is empty")
    p.set_defaults(handler=cmd_init)
    p = subparsers.add_parser("demo", help="load the demo data into an empty database")
    p.set_defaults(handler=cmd_demo)
    users = subparsers.add_parser("users", help="user accounts").add_subparsers(dest="users_command", required=True)
    p = users.add_parser("add", help="add a user")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--password", help="password (asked for when left out)")
    p.set_defaults(handler=cmd_users_add)
    p = users.add_parser("list", help="list users")
    p.set_defaults(handler=cmd_users_list)
    p = users.add_parser("reset-second-factor",
                         help="remove a user's authenticator app and recovery codes (they enrol again at login)")
    p.add_argument("username")
    p.set_defaults(handler=cmd_users_reset_second_factor)
    p = users.add_parser("unlock", help="lift the lock after too many failed logins before its time")
    p.add_argument("username")
    p.set_defaults(handler=cmd_users_unlock)


def cmd_init(args) -> int:
    db = open_db(args)
    print(f"database ready, schema version {current_version(db)}: {db.path}")
    if args.demo_if_empty and is_empty(db):
        load_demo(db)
        print("demo data loaded")
    db.close()
    return 0


def cmd_demo(args) -> int:
    db = open_db(args)
    if not is_empty(db):
        print("the database is not empty; demo data is only loaded into an empty database", file=sys.stderr)
        return 1
    load_demo(db)
    print("demo data loaded")
    db.close()
    return 0


def cmd_users_add(args) -> int:
    db = open_db(args)
    password = args.password or getpass.getpass("Adgangskode: ")
    user = auth.create_user_unchecked(db, CLI_ACTOR, username=args.username, full_name=args.name,
                                      role=Role(args.role), password=password)
    print(f"created {user.username} ({user.role.value})")
    db.close()
    return 0


def cmd_users_list(args) -> int:
    db = open_db(args)
    for user in auth.list_users(db, CLI_ACTOR):
        print(f"{user.username}\t{user.role.value}\t{'active' if user.active else 'closed'}\t{user.full_name}")
    db.close()
    return 0


def _user_named(db, username: str):
    found = next((u for u in auth.list_users(db, CLI_ACTOR) if u.username == username.strip().lower()), None)
    if found is None:
        print(f"no user named {username}", file=sys.stderr)
    return found


def cmd_users_reset_second_factor(args) -> int:
    db = open_db(args)
    user = _user_named(db, args.username)
    if user is not None:
        second_factor.reset_unchecked(db, CLI_ACTOR, user.id)
        print(f"two-step verification reset for {user.username}")
    db.close()
    return 0 if user is not None else 1


def cmd_users_unlock(args) -> int:
    db = open_db(args)
    user = _user_named(db, args.username)
    if user is not None:
        auth.unlock_unchecked(db, CLI_ACTOR, user.id)
        print(f"unlocked {user.username}")
    db.close()
    return 0 if user is not None else 1
