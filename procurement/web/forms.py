"""The web forms: syntax only, Dutch messages (business rules live in the services)."""

from __future__ import annotations

import secrets

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileRequired, MultipleFileField
from wtforms import HiddenField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

EXTENSIONS = ("docx", "pdf", "odt", "txt")
FILE_HELP = "Word (.docx), PDF, OpenDocument (.odt) of tekst (.txt); meerdere bestanden mogen."


def new_token() -> str:
    """A one-time token for a form: the second post of the same form finds what the first one made."""
    return secrets.token_urlsafe(24)


class DutchForm(FlaskForm):
    class Meta:
        locales = ("nl_BE", "nl")  # WTForms' own Dutch messages for what we do not word ourselves


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        "Opdrachtdocumenten",
        validators=[
            FileRequired("Kies minstens één bestand."),
            # a first check only: the bytes decide the format when the file is read
            FileAllowed(EXTENSIONS, "Enkel .docx, .pdf, .odt of .txt-bestanden."),
        ],
        description=FILE_HELP,
    )


class TenderForm(DutchForm):
    title = StringField(
        "Titel van de opdracht",
        validators=[DataRequired("Geef de opdracht een titel."), Length(max=200, message="Maximaal 200 tekens.")],
    )
    reference = StringField(
        "Referentie (dossiernummer)", validators=[Optional(), Length(max=80, message="Maximaal 80 tekens.")]
    )
    department = StringField(
        "Dienst", validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")]
    )
    product_groups = SelectMultipleField(
        "Productgroep(en)",
        choices=[],
        validate_choice=True,
        description=(
            "Kies niets om de productgroepen uit het bestek te laten herkennen (CPV-codes, woorden). "
            "Meerdere kiezen: Ctrl-klik (Cmd-klik op een Mac)."
        ),
    )
    files = _files_field()
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])


class VersionForm(DutchForm):
    files = _files_field()
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])


class ReanalyseForm(DutchForm):
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])
