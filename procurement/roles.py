"""The roles a user can hold, with their Dutch names (pure)."""

from __future__ import annotations

AANKOOPDIENST = "aankoopdienst"  # procurement office: creates tenders, uploads, submits them for review
AANKOPER = "aankoper"  # buyer in a department: reads the catalogue, builds clause bundles
DUURZAAMHEID = "duurzaamheid"  # sustainability office: reviews tenders, keeps the catalogue
BEHEERDER = "beheerder"  # administrator: manages users

ROLES: tuple[str, ...] = (AANKOOPDIENST, AANKOPER, DUURZAAMHEID, BEHEERDER)
ROLE_NAMES: dict[str, str] = {
    AANKOOPDIENST: "aankoopdienst",
    AANKOPER: "aankoper",
    DUURZAAMHEID: "dienst duurzaamheid",
    BEHEERDER: "beheerder",
}
ROLE_HELP: dict[str, str] = {
    AANKOOPDIENST: "maakt bestekken aan, laadt versies op en dient ze in ter controle",
    AANKOPER: "raadpleegt de catalogus en stelt clausulebundels samen",
    DUURZAAMHEID: "beoordeelt bestekken en beheert de criteriacatalogus",
    BEHEERDER: "beheert de gebruikers",
}


def role_names(roles: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """'aankoopdienst, dienst duurzaamheid' in the order of ROLES."""
    return ", ".join(ROLE_NAMES[r] for r in ROLES if r in roles)
