"""The web forms: syntax only, Dutch messages (business rules live in the services)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from procurement.matching import STATUS_NAMES
from procurement.passwords import MIN_LENGTH
from procurement.review import ACTION_NAMES, APPROVE, REOPEN, SEND_BACK
from procurement.roles import ROLE_HELP, ROLE_NAMES, ROLES

EXTENSIONS = ("docx", "pdf", "odt", "txt")
FILE_HELP = "Word (.docx), PDF, OpenDocument (.odt) of tekst (.txt); meerdere bestanden mogen."


def new_token() -> str:
    """A one-time token for a form: the second post of the same form finds what the first one made."""
    return secrets.token_urlsafe(24)


# C0 control characters (and DEL): invalid in a Word document's XML, invisible on a page, never meant
_C0_IN_LINE = re.compile(r"[\x00-\x1f\x7f]+")
_C0_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a text area keeps tab and line breaks


def one_line(value: Any) -> Any:
    """A one-line field: every run of control characters (tabs and line breaks too) becomes one space."""
    return _C0_IN_LINE.sub(" ", value) if isinstance(value, str) else value


def multi_line(value: Any) -> Any:
    """A text area: control characters go; tabs and line breaks (as \\n) stay."""
    if not isinstance(value, str):
        return value
    return _C0_IN_TEXT.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class DutchForm(FlaskForm):
    class Meta:
        locales = ("nl_BE", "nl")  # WTForms' own Dutch messages for what we do not word ourselves

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            """Every text field of every form strips control characters before any validator sees the value.

            Passwords are left as typed: they are only hashed, never shown or exported.
            """
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                clean = multi_line if issubclass(kind, TextAreaField) else one_line
                filters = [*unbound_field.kwargs.get("filters", ()), clean]
                options = {**options, "filters": filters}
            return unbound_field.bind(form=form, **options)

    # field name -> its (value, label) choices, set after construction: WTForms 3.3 warns about tuples given
    # to a field's constructor, while 3.1 reads a dict there as option groups
    CHOICES: dict[str, list[tuple[Any, str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in self.CHOICES.items():
            getattr(self, name).choices = list(choices)


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


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TenderForm(DutchForm):
    title = StringField(
        "Titel van de opdracht",
        validators=[DataRequired("Geef de opdracht een titel."), Length(max=200, message="Maximaal 200 tekens.")],
    )
    reference = StringField(
        "Referentie (dossiernummer)", validators=[Optional(), Length(max=80, message="Maximaal 80 tekens.")]
    )
    # the managed list (procurement/services/departments.py); the service refuses a name that is not in it
    department = SelectField("Dienst", choices=[], validate_choice=False)
    product_groups = MultiCheckboxField(
        "Productgroepen",
        choices=[],
        validate_choice=True,
        description="Vink niets aan om de productgroepen uit het bestek te laten herkennen (CPV-codes, woorden).",
    )
    files = _files_field()
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])


class VersionForm(DutchForm):
    files = _files_field()
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])


class ReanalyseForm(DutchForm):
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])


class GroupsForm(DutchForm):
    """Correct the detected product groups; none ticked = detect them again."""

    product_groups = MultiCheckboxField("Productgroepen van dit bestek", choices=[], validate_choice=True)
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw.")])


class LoginForm(DutchForm):
    name = StringField("Gebruikersnaam", validators=[DataRequired("Geef je gebruikersnaam."), Length(max=80)])
    password = PasswordField("Wachtwoord", validators=[DataRequired("Geef je wachtwoord."), Length(max=200)])


class LogoutForm(DutchForm):
    """Only the CSRF token: signing out is a POST, so another site cannot sign anyone out."""


ROLE_CHOICES = [(r, f"{ROLE_NAMES[r]} — {ROLE_HELP[r]}") for r in ROLES]


class AtLeastOne:
    """At least one box of a group ticked. Unlike DataRequired it sets no `required` flag: the browser would put
    `required` on every checkbox and refuse the form until all of them are ticked."""

    field_flags = {"one_required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if not field.data:
            field.errors[:] = []
            raise StopValidation(self.message)


def _role_field() -> MultiCheckboxField:
    return MultiCheckboxField("Rollen", validators=[AtLeastOne("Kies minstens één rol.")],
                              description="Eén rol volstaat; kies er meer wanneer iemand meerdere taken heeft.")


def _new_password() -> PasswordField:
    return PasswordField(
        "Wachtwoord",
        validators=[DataRequired("Geef een wachtwoord."), Length(max=200, message="Hoogstens 200 tekens.")],
        description=f"Minstens {MIN_LENGTH} tekens. Geef het op een veilige manier door aan de gebruiker.",
    )


def _repeat() -> PasswordField:
    return PasswordField(
        "Herhaal het wachtwoord",
        validators=[DataRequired("Herhaal het wachtwoord."), EqualTo("password", "De wachtwoorden verschillen.")],
    )


def _current_password(field_id: str | None = None) -> PasswordField:
    """The administrator's own password again: roles and passwords change only after it (the service checks)."""
    return PasswordField("Je eigen huidige wachtwoord", id=field_id,
                         validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
                         description="Ter bevestiging: wie rollen of wachtwoorden wijzigt, bevestigt eerst wie hij is.")


class NewUserForm(DutchForm):
    CHOICES = {"roles": ROLE_CHOICES}
    name = StringField(
        "Gebruikersnaam", validators=[DataRequired("Geef een gebruikersnaam."), Length(max=80)],
        description="Kleine letters, cijfers, punt of koppelteken, bv. an.peeters.",
    )
    full_name = StringField("Volledige naam", validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")])
    roles = _role_field()
    password = _new_password()
    repeat = _repeat()


class UserRolesForm(DutchForm):
    CHOICES = {"roles": ROLE_CHOICES}
    full_name = StringField("Volledige naam", validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")])
    roles = _role_field()
    current_password = _current_password()


class PasswordForm(DutchForm):
    password = _new_password()
    repeat = _repeat()
    current_password = _current_password("pw-current_password")  # beside the roles form on one page


class OwnPasswordForm(DutchForm):
    """Change one's own password: the current one first."""

    current_password = PasswordField("Huidig wachtwoord", validators=[DataRequired("Geef je huidige wachtwoord."),
                                                                      Length(max=200)])
    password = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired("Geef een nieuw wachtwoord."), Length(max=200, message="Hoogstens 200 tekens.")],
        description=f"Minstens {MIN_LENGTH} tekens.",
    )
    repeat = _repeat()


class ConfirmForm(DutchForm):
    """A button that changes something: only the CSRF token."""


def _analysis_id() -> HiddenField:
    """The analysis the person saw: a step on a tender refuses when a newer one came in meanwhile."""
    expired = "Het formulier is verlopen; probeer opnieuw."
    return HiddenField(validators=[DataRequired(expired), Regexp(r"^[0-9]{1,12}\Z", message=expired)])


class SubmitForm(DutchForm):
    """Hand a tender to the sustainability office: the analysis the office saw."""

    analysis_id = _analysis_id()


class DecisionForm(DutchForm):
    CHOICES = {"action": [(a, ACTION_NAMES[a]) for a in (APPROVE, SEND_BACK, REOPEN)]}
    action = SelectField("Beslissing", validators=[DataRequired("Kies een beslissing.")])
    analysis_id = _analysis_id()
    comment = TextAreaField(
        "Toelichting voor de aankoopdienst",
        validators=[Optional(), Length(max=4000, message="Maximaal 4000 tekens.")],
        description="Verplicht bij terugsturen: wat moet er aangepast worden?",
    )
    acknowledged = BooleanField("Ik heb dit gezien en keur het bestek toch goed")


class FindingReviewForm(DutchForm):
    CHOICES = {
        "decision": [("confirm", "bevestigen"), ("override", "status aanpassen")],
        "status": [("", "—"), *STATUS_NAMES.items()],
    }
    decision = SelectField("Beoordeling", validators=[DataRequired("Kies: bevestigen of aanpassen.")])
    status = SelectField("Juiste status", validators=[Optional()])
    reason = TextAreaField("Reden", validators=[Optional(), Length(max=2000, message="Maximaal 2000 tekens.")])


class SaveBundleForm(DutchForm):
    """Keep the current selection under a name ("Mijn selecties")."""

    name = StringField("Naam van de selectie", validators=[DataRequired("Geef je selectie een naam."),
                                                           Length(max=120, message="Maximaal 120 tekens.")],
                       description="bv. Schoonmaak 2027 of Bestek werkkledij; dezelfde naam vervangt je vorige.")
