"""`procurement users ...`: the first administrator and other accounts from the command line (never a default)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from procurement.roles import ROLES, role_names

EXIT_OK, EXIT_REFUSED = 0, 2


def add_parser(sub: Any) -> None:
    users = sub.add_parser("users", help="gebruikers beheren (bv. de eerste beheerder aanmaken)")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    create = users_sub.add_parser("create", help="maak een gebruiker aan (vraagt het wachtwoord)")
    create.add_argument("name", metavar="NAAM", help="gebruikersnaam, bv. an.peeters")
    create.add_argument("--role", action="append", required=True, choices=ROLES, help="rol (herhaalbaar)")
    create.add_argument("--full-name", default="", help="volledige naam")
    create.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin (één regel)")
    create.set_defaults(func=cmd_create)
    password = users_sub.add_parser("password", help="stel een nieuw wachtwoord in (bv. vergeten)")
    password.add_argument("name", metavar="NAAM")
    password.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin (één regel)")
    password.set_defaults(func=cmd_password)
    listing = users_sub.add_parser("list", help="toon de gebruikers")
    listing.set_defaults(func=cmd_list)


def read_password(args: argparse.Namespace) -> str | None:
    """From stdin (one line) or asked twice without echo; None when the two differ."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Herhaal het wachtwoord: ") != first:
        return None
    return first


def _app() -> Any:
    """The app on the configured database, which must be ready (`procurement setup`); building it changes
    nothing, so `users list` reads only."""
    from procurement.cli_setup import command_app

    return command_app({"ANALYSIS_MODE": "inline"})


def _done(app: Any) -> None:
    from procurement.cli_setup import done

    done(app)


def cmd_create(args: argparse.Namespace) -> int:
    from procurement.extensions import db
    from procurement.services import users

    password = read_password(args)
    if password is None:
        print("procurement users create: de wachtwoorden verschillen.", file=sys.stderr)
        return EXIT_REFUSED
    app = _app()
    try:
        with app.app_context():
            user = users.create_user(db.session, None, name=args.name, password=password, roles=args.role,
                                     full_name=args.full_name)
            print(f"Gebruiker {user.name} aangemaakt met {'de rol' if len(user.roles) == 1 else 'de rollen'} "
                  f"{role_names(user.roles)}.")
    except users.UserError as exc:
        print(f"procurement users create: {exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        _done(app)
    return EXIT_OK


def cmd_password(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from procurement.extensions import db
    from procurement.models import User
    from procurement.services import users

    password = read_password(args)
    if password is None:
        print("procurement users password: de wachtwoorden verschillen.", file=sys.stderr)
        return EXIT_REFUSED
    app = _app()
    try:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.name == users.normalise_name(args.name)))
            if user is None:
                print(f"procurement users password: gebruiker {args.name} bestaat niet.", file=sys.stderr)
                return EXIT_REFUSED
            users.set_password(db.session, None, user.id, password)
            print(f"Nieuw wachtwoord ingesteld voor {user.name}.")
    except users.UserError as exc:
        print(f"procurement users password: {exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        _done(app)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from procurement.extensions import db
    from procurement.models import User

    app = _app()
    try:
        with app.app_context():
            for user in db.session.scalars(select(User).order_by(User.name)):
                state = "actief" if user.active else "gedeactiveerd"
                demo = " (demo)" if user.demo else ""
                print(f"{user.name:<30} {state:<14} {role_names(user.roles)}{demo}")
    finally:
        _done(app)
    return EXIT_OK
