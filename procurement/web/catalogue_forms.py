"""Forms of catalogue keeping: a criterion as fields (syntax only; the loader's rules decide), publish, import."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_wtf.file import FileAllowed, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from procurement.catalogue.model import (
    ALL_TENDERS,
    AMBITION_NAMES,
    KIND_NAMES,
    KINDS,
    SECTION_NAMES,
    SECTIONS,
    THEME_NAMES,
    THEMES,
)
from procurement.web.forms import DutchForm, MultiCheckboxField

LIST_FIELDS = ("legal_basis", "labels")  # one per line
TEXT_FIELDS = ("rationale", "proof", "source", "notes")
_SPLIT = re.compile(r"[,;\s]+")
# the loader's field names (CatalogueError.field) -> this form's fields
LOADER_FIELDS = {
    "recognition": "phrases",
    "recognition.phrases": "phrases",
    "recognition.elements.id": "elements",
    "recognition.min_elements": "min_elements",
}
MAX_ELEMENTS = 30  # a clause has a handful of elements; more rows is not an edit of one


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


def _slug(text: str) -> str:
    """'Verdragen nr. 29 en 105' -> 'verdragen-nr-29-en-105': an element id from its label (the loader's slug)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))[:60].strip("-") or "element"


class ElementForm(Form):
    """One element of a complete clause: what it is called when missing, and the phrases it is found by.

    Its id is kept when it has one (findings refer to it) and derived from the label for a new row.
    """

    Meta = DutchForm.Meta  # control characters stripped as in every form

    id = HiddenField()
    label = StringField(
        # no Optional(): it would stop the check below, which asks a name only of a row that is not blank
        "Wat ontbreekt als het er niet staat", validators=[Length(max=300, message="Maximaal 300 tekens.")],
    )
    phrases = TextAreaField(
        "Herkenningszinnen van dit element",
        description="Eén per regel; één ervan volstaat om het element te herkennen.",
    )

    @property
    def blank(self) -> bool:
        return not (self.label.data or "").strip() and not _lines(self.phrases.data)

    def validate_label(self, field: StringField) -> None:
        if not self.blank and not (field.data or "").strip():
            raise ValidationError("Geef het element een naam (wat ontbreekt als het er niet staat).")

    def validate_phrases(self, field: TextAreaField) -> None:
        if not self.blank and not _lines(field.data):
            raise ValidationError("Geef minstens één zin waaraan het element herkend wordt.")


_NUMBER = re.compile(r"[0-9]{1,4}")  # ASCII only: "²".isdigit() holds but int("²") fails; short: int() has a limit


def _numbers(form: DutchForm, field: StringField) -> None:
    if any(not _NUMBER.fullmatch(part) for part in _SPLIT.split(field.data or "") if part):
        raise ValidationError("Enkel nummers, gescheiden door komma's (bv. 3, 8, 12).")


class CriterionForm(DutchForm):
    CHOICES = {
        "theme": [(t, THEME_NAMES[t]) for t in THEMES],
        "kind": [(k, KIND_NAMES[k]) for k in KINDS],
        "section": [(s, SECTION_NAMES[s]) for s in SECTIONS],
        "ambition": [(n, f"{n} ({name})") for n, name in AMBITION_NAMES.items()],
    }
    id = StringField(
        "Kenmerk", validators=[DataRequired("Geef een kenmerk."), Length(max=120)],
        description="Vast en uniek: kleine letters, cijfers en koppeltekens (bv. clean-env-microvezel). "
                    "Wordt nooit gewijzigd of hergebruikt.",
    )
    title = StringField("Titel", validators=[DataRequired("Geef een titel."), Length(max=300)])
    theme = SelectField("Thema")
    kind = SelectField("Soort")
    section = SelectField("Deel van het bestek")
    product_groups = SelectMultipleField(
        "Geldt voor", validators=[DataRequired("Kies ‘alle bestekken’ of één of meer productgroepen.")],
        description="‘Alle bestekken’ of één of meer productgroepen (Ctrl-klik om er meerdere te kiezen).",
    )
    essential = BooleanField("Essentieel criterium (weegt dubbel; nodig voor ‘alle essentiële criteria aanwezig’)")
    ambition = SelectField("Ambitieniveau", coerce=int)
    clause = TextAreaField(
        "Standaardclausule", validators=[DataRequired("Geef de tekst van de clausule.")],
        description="De tekst om in het bestek op te nemen, als bindende bepaling; een lege regel scheidt alinea's.",
    )
    phrases = TextAreaField(
        "Herkenningszinnen", validators=[DataRequired("Geef minstens één zin waaraan het onderwerp herkend wordt.")],
        description="Eén per regel; specifiek voor dit criterium (nooit één algemeen woord).",
    )
    elements = FieldList(FormField(ElementForm), "Elementen van een volledige clausule", min_entries=0,
                         max_entries=MAX_ELEMENTS)
    min_elements = IntegerField(
        "Elementen nodig voor ‘aanwezig’", validators=[Optional(), NumberRange(min=1, message="Minstens 1.")],
        description="Leeg: alle elementen.",
    )
    legal_basis = TextAreaField("Juridische basis", validators=[Optional()], description="Eén per regel.")
    proof = TextAreaField("Bewijsmiddelen", validators=[Optional()])
    labels = TextAreaField("Labels", validators=[Optional()], description="Eén per regel.")
    sdgs = StringField("SDG's", validators=[Optional(), _numbers], description="Nummers 1 tot 17, bv. 8, 12.")
    eforms = StringField("eForms-codes", validators=[Optional()], description="bv. BT-774, BT-805")
    rationale = TextAreaField("Waarom", validators=[Optional()])
    source = TextAreaField("Bron", validators=[Optional()])
    notes = TextAreaField("Opmerkingen", validators=[Optional()])
    retired = BooleanField("Ingetrokken: nieuwe analyses gebruiken dit criterium niet meer (oude rapporten blijven)")

    def element_rows(self) -> list[dict[str, Any]]:
        """The rows as they stand, blank ones too (to show them again after adding or removing one)."""
        return [{"id": e.form.id.data or "", "label": e.form.label.data or "", "phrases": e.form.phrases.data or ""}
                for e in self.elements]

    def set_element_rows(self, rows: list[dict[str, Any]]) -> None:
        while self.elements.entries:
            self.elements.pop_entry()
        for row in rows[:MAX_ELEMENTS]:
            self.elements.append_entry(row)

    def add_element_row(self) -> None:
        """One empty row more (the "add element" button: the form comes back, nothing is saved)."""
        if len(self.elements) < MAX_ELEMENTS:
            self.set_element_rows([*self.element_rows(), {"id": "", "label": "", "phrases": ""}])

    def remove_element_row(self, index: int) -> None:
        rows = self.element_rows()
        if 0 <= index < len(rows):
            del rows[index]
            self.set_element_rows(rows)

    def _elements(self) -> list[dict[str, Any]]:
        """The filled-in rows as the loader's elements: a kept id, or one derived from the label (unique)."""
        rows = [e.form for e in self.elements if not e.form.blank]
        taken = {(r.id.data or "").strip() for r in rows} - {""}
        found = []
        for row in rows:
            label = " ".join((row.label.data or "").split())
            ident = (row.id.data or "").strip()
            if not ident:
                base = ident = _slug(label)
                number = 2
                while ident in taken:
                    ident, number = f"{base}-{number}", number + 1
                taken.add(ident)
                row.id.data = ident  # shown again, and the loader's errors find the row by it
            found.append({"id": ident, "label": label, "phrases": _lines(row.phrases.data)})
        return found

    def to_data(self, base: dict[str, Any] | None = None) -> dict[str, Any]:
        """The criterion's YAML mapping: the base's keys kept in their order, these fields written over them."""
        data: dict[str, Any] = dict(base or {})
        groups = self.product_groups.data or []
        elements = self._elements()
        recognition: dict[str, Any] = {"phrases": _lines(self.phrases.data)}
        if elements:
            recognition["elements"] = elements
        if self.min_elements.data is not None:
            recognition["min_elements"] = self.min_elements.data
        values: dict[str, Any] = {
            "id": (self.id.data or "").strip(),
            "title": (self.title.data or "").strip(),
            "theme": self.theme.data,
            "kind": self.kind.data,
            "section": self.section.data,
            "product_groups": ALL_TENDERS if ALL_TENDERS in groups or not groups else groups,
            "essential": bool(self.essential.data),
            "ambition": self.ambition.data,
            "clause": _clause(self.clause.data),
            "recognition": recognition,
            "sdgs": [int(p) for p in _SPLIT.split(self.sdgs.data or "") if p],
            "eforms": [p.upper() for p in _SPLIT.split(self.eforms.data or "") if p],
            "retired": bool(self.retired.data),
        }
        values.update({name: _lines(getattr(self, name).data) for name in LIST_FIELDS})
        values.update({name: (getattr(self, name).data or "").strip() for name in TEXT_FIELDS})
        for key, value in values.items():
            if value in ("", [], None) or (key == "retired" and value is False):
                data.pop(key, None)  # the loader wants an optional field absent, not empty
            elif not _same_text(data.get(key), value):  # unchanged text keeps its exact form (no spurious diff)
                data[key] = value
        return data

    def fill(self, data: dict[str, Any]) -> None:
        """The fields from a criterion's YAML mapping (to edit it)."""
        recognition = data.get("recognition") or {}
        groups = data.get("product_groups")
        self.id.data = data.get("id", "")
        self.title.data = data.get("title", "")
        self.theme.data, self.kind.data, self.section.data = data.get("theme"), data.get("kind"), data.get("section")
        self.product_groups.data = [ALL_TENDERS] if groups == ALL_TENDERS else list(groups or [])
        self.essential.data = bool(data.get("essential"))
        self.ambition.data = data.get("ambition", 1)
        self.clause.data = data.get("clause", "")
        self.phrases.data = "\n".join(recognition.get("phrases") or [])
        self.set_element_rows([
            {"id": str(e.get("id", "")), "label": str(e.get("label", "")), "phrases": "\n".join(e.get("phrases") or [])}
            for e in recognition.get("elements") or [] if isinstance(e, dict)
        ])
        self.min_elements.data = recognition.get("min_elements")
        self.sdgs.data = ", ".join(str(s) for s in data.get("sdgs") or [])
        self.eforms.data = ", ".join(data.get("eforms") or [])
        self.retired.data = bool(data.get("retired"))
        for name in LIST_FIELDS:
            value = data.get(name) or []
            getattr(self, name).data = "\n".join([value] if isinstance(value, str) else value)
        for name in TEXT_FIELDS:
            getattr(self, name).data = data.get(name, "")


def _same_text(before: Any, after: Any) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return " ".join(before.split()) == " ".join(after.split())
    return bool(before == after)


def _clause(text: str | None) -> str:
    """Line ends as in the YAML files; a text of several lines ends with one newline, as a `|` block does."""
    text = (text or "").replace("\r\n", "\n").strip()
    return text + "\n" if "\n" in text else text


class PublishForm(DutchForm):
    note = TextAreaField(
        "Wijzigingsnota", validators=[DataRequired("Schrijf wat er verandert en waarom."), Length(max=2000)],
        description="Staat bij de versie en in de audittrail; de dienst duurzaamheid en de aankoopdienst lezen ze.",
    )
    label = StringField(
        "Label van de versie", validators=[Optional(), Length(max=30, message="Maximaal 30 tekens.")],
        description="Bv. 2026.2. Leeg laten: het label blijft; de versie krijgt altijd een eigen code.",
    )


class ImportForm(DutchForm):
    files = MultipleFileField(
        "YAML-bestanden of een zip",
        validators=[FileRequired("Kies minstens één bestand."),
                    FileAllowed(("yaml", "yml", "zip"), "Enkel .yaml-, .yml- of .zip-bestanden.")],
        description="Bestanden met dezelfde naam vervangen die van de huidige versie; de andere blijven.",
    )
    note = TextAreaField("Wijzigingsnota", validators=[DataRequired("Schrijf wat er verandert en waarom."),
                                                        Length(max=2000)])


class RecheckForm(DutchForm):
    tenders = MultiCheckboxField("Bestekken", coerce=int,
                                 validators=[DataRequired("Kies minstens één bestek.")])
    # one-time: each analysis stores "token:tender id" in its 64-character form_token
    form_token = HiddenField(validators=[DataRequired("Het formulier is verlopen; probeer opnieuw."),
                                         Length(max=40, message="Het formulier is verlopen; probeer opnieuw.")])
