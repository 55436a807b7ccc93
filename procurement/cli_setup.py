"""The start-up steps as commands: `procurement db upgrade|status`, `catalogue sync`, `demo seed|off`,
`analyses requeue`, and `setup` (all of them in order). Each is idempotent: a second run finds nothing to do."""

from __future__ import annotations

import argparse
import os
import secrets
from typing import Any

from procurement.roles import ROLES

EXIT_OK, EXIT_REFUSED = 0, 2
# the commands serve no requests: no Host is trusted
COMMAND: dict[str, Any] = {"TRUSTED_HOSTS": []}
DEMO_REFUSED = ("de demo (demo-accounts en voorbeeldbestekken) hoort enkel bij de ingebouwde standaard (een "
                "SQLite-bestand), nooit bij een productiedatabase.")


def command_app(overrides: dict[str, Any] | None = None, *, check: bool = True) -> Any:
    """The app on the configured database for a command (no worker, no trusted Host). A command signs no
    cookie: without a configured key it takes one of its own rather than writing instance/secret_key."""
    from procurement.app import create_app

    settings = {**COMMAND, **(overrides or {})}
    if "PROCUREMENT_SECRET_KEY" not in os.environ:
        settings.setdefault("SECRET_KEY", secrets.token_hex(32))
    return create_app(settings, check=check)


def done(app: Any) -> None:
    from procurement.extensions import db

    with app.app_context():
        db.engine.dispose()


def add_parsers(sub: Any, catalogue_sub: Any) -> None:
    groups = (
        ("db", "het databaseschema (de migraties)", (
            ("upgrade", "breng de database naar de nieuwste migratie (maakt ze zo nodig aan); een tweede keer doet "
                        "niets", cmd_db_upgrade),
            ("status", "toon de migratie van de database (verandert niets); exitcode 0 wanneer ze de nieuwste is",
             cmd_db_status),
        )),
        ("demo", "de demo van de ingebouwde standaard (SQLite)", (
            ("seed", "één demo-account per rol (nieuwe wachtwoorden) en de voorbeeldbestekken (eenmalig); enkel op "
                     "SQLite", cmd_demo_seed),
            ("off", "deactiveer elk demo-account (een database zonder demo)", cmd_demo_off),
        )),
        ("analyses", "de analyses in de database", (
            ("requeue", "zet analyses van een gestopt proces op deze machine opnieuw in de wachtrij en markeer "
                        "vastgelopen analyses als mislukt", cmd_analyses_requeue),
        )),
    )
    for name, help_text, commands in groups:
        group = sub.add_parser(name, help=help_text).add_subparsers(dest=f"{name}_command", required=True)
        for command, command_help, func in commands:
            group.add_parser(command, help=command_help).set_defaults(func=func)
    catalogue_sub.add_parser("sync", help="zet criteria/ in de database als nieuwe catalogusversie wanneer de inhoud "
                             "nieuw is").set_defaults(func=cmd_catalogue_sync)
    sub.add_parser("setup", help="alles wat een database nodig heeft vóór de start, in volgorde: db upgrade, "
                   "catalogue sync, demo (of demo off), analyses requeue").set_defaults(func=cmd_setup)


def revision_line(before: str | None, after: str) -> str:
    if before == after:
        return f"Database staat al op de nieuwste migratie ({after}): niets te doen."
    return f"Database bijgewerkt van {'een lege database' if before is None else f'migratie {before}'} " \
           f"naar migratie {after}."


def catalogue_line(added: str | None, folder: Any) -> str:
    from procurement.catalogue import default_path

    shown = folder or default_path()
    if added is None:
        return f"Catalogus uit {shown} is al bekend in de database: niets te doen."
    return f"Catalogus uit {shown} bewaard als nieuwe catalogusversie {added}."


def requeue_line(requeued: int, failed: int) -> str:
    from procurement.reports.format import count

    if not requeued and not failed:
        return "Geen achtergelaten analyses: niets te doen."
    return (f"{count(requeued, 'analyse', 'analyses')} van een gestopt proces opnieuw in de wachtrij, "
            f"{count(failed, 'vastgelopen analyse', 'vastgelopen analyses')} als mislukt gemarkeerd.")


def demo_lines(accounts: list[Any]) -> list[str]:
    lines = ["DEMO-accounts, enkel om te proberen (de wachtwoorden veranderen bij elke start):"]
    lines += [f"  {a.name:<24} wachtwoord {a.password}   rol {a.role}" for a in accounts]
    return lines


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    from procurement.startup import upgrade_database

    app = command_app(check=False)
    try:
        print(revision_line(*upgrade_database(app)))
    finally:
        done(app)
    return EXIT_OK


def cmd_db_status(_args: argparse.Namespace) -> int:
    from procurement.startup import DatabaseNotReady, check_schema

    app = command_app(check=False)
    try:
        print(f"Database op de nieuwste migratie ({check_schema(app)}).")
    except DatabaseNotReady as exc:
        print(exc.message)
        return EXIT_REFUSED
    finally:
        done(app)
    return EXIT_OK


def cmd_catalogue_sync(args: argparse.Namespace) -> int:
    from procurement.startup import check_schema, sync_catalogue

    app = command_app({"CATALOGUE_DIR": args.catalogue} if args.catalogue else None, check=False)
    try:
        check_schema(app)
        print(catalogue_line(sync_catalogue(app), app.config["CATALOGUE_DIR"]))
    finally:
        done(app)
    return EXIT_OK


def cmd_demo_seed(_args: argparse.Namespace) -> int:
    from procurement.reports.format import count
    from procurement.startup import demo_accounts, seed_examples, sqlite_path

    app = command_app(check=False)
    if sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"]) is None:
        done(app)
        print(f"procurement demo seed: {DEMO_REFUSED}")
        return EXIT_REFUSED
    done(app)
    app = command_app({"DEMO_ACCOUNTS": True, "SEED_DEMO": True})
    try:
        accounts, _ = demo_accounts(app)
        print("\n".join(demo_lines(accounts)))
        print("(aanmelden lukt enkel bij `procurement serve` met demo-accounts, die bij zijn start zelf nieuwe "
              "wachtwoorden kiest)")
        if len(accounts) < len(ROLES):
            print("Een echte gebruiker draagt de naam van een demo-account: dat account is niet aangeraakt.")
        made = seed_examples(app)
        if app.config["ANALYSIS_MODE"] == "queue":
            print("Geen voorbeeldbestekken: met een wachtrij (PROCUREMENT_REDIS_URL) analyseert dit proces niets.")
        elif made:
            print(f"{count(made, 'voorbeeldbestek', 'voorbeeldbestekken')} aangemaakt en gecontroleerd.")
        else:
            print("De voorbeeldbestekken bestaan al (of de database heeft eigen bestekken): niets toegevoegd.")
    finally:
        done(app)
    return EXIT_OK


def cmd_demo_off(_args: argparse.Namespace) -> int:
    from procurement.reports.format import count
    from procurement.startup import demo_accounts

    app = command_app({"DEMO_ACCOUNTS": False})
    try:
        _, ended = demo_accounts(app)
        print(f"{count(ended, 'demo-account', 'demo-accounts')} gedeactiveerd." if ended
              else "Geen actief demo-account: niets te doen.")
    finally:
        done(app)
    return EXIT_OK


def cmd_analyses_requeue(_args: argparse.Namespace) -> int:
    from procurement.startup import recover_analyses

    app = command_app()
    try:
        print(requeue_line(*recover_analyses(app)))
    finally:
        done(app)
    return EXIT_OK


def cmd_setup(args: argparse.Namespace) -> int:
    """What a deployment runs before it starts the web processes and workers, on one machine, once a release."""
    from procurement.reports.format import count
    from procurement.startup import prepare, recover_analyses

    app = command_app({"CATALOGUE_DIR": args.catalogue} if args.catalogue else None, check=False)
    try:
        prepared = prepare(app)
        print(revision_line(prepared.revision_before, prepared.revision or ""))
        print(catalogue_line(prepared.catalogue_added, app.config["CATALOGUE_DIR"]))
        if app.config["DEMO_ACCOUNTS"]:
            print("\n".join(demo_lines(prepared.demo_accounts)))
        elif prepared.demo_ended:
            print(f"{count(prepared.demo_ended, 'demo-account', 'demo-accounts')} gedeactiveerd.")
        if prepared.examples:
            print(f"{count(prepared.examples, 'voorbeeldbestek', 'voorbeeldbestekken')} aangemaakt en gecontroleerd.")
        print(requeue_line(*recover_analyses(app)))
    finally:
        done(app)
    return EXIT_OK
