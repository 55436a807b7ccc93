"""The tender list's filters and sort: a GET form (no CSRF: it changes nothing), syntax only."""

from __future__ import annotations

from wtforms import DateField, DecimalField, Form, SelectField
from wtforms.validators import NumberRange, Optional

from procurement.queries.tenders import SORTS, TenderFilters
from procurement.review import STATE_NAMES, STATES
from procurement.web.monitor_forms import choices


class TenderFilterForm(Form):
    status = SelectField("Beoordeling", choices=choices([("", "Alle"), *((s, STATE_NAMES[s]) for s in STATES)]),
                         default="")
    dienst = SelectField("Dienst", choices=choices([("", "Alle diensten")]), default="", validate_choice=False)
    productgroep = SelectField("Productgroep", choices=choices([("", "Alle productgroepen")]), default="",
                               validate_choice=False)
    score_van = DecimalField("Score vanaf", places=None, validators=[Optional(), NumberRange(0, 100)])
    score_tot = DecimalField("Score tot en met", places=None, validators=[Optional(), NumberRange(0, 100)])
    van = DateField("Opgeladen vanaf", validators=[Optional()])
    tot = DateField("Opgeladen tot en met", validators=[Optional()])
    sorteer = SelectField("Sorteer", choices=choices(SORTS.items()), default="nieuwste")

    def filters(self) -> TenderFilters:
        """What the valid fields ask; a field in error filters nothing."""

        def ok(field: object) -> bool:
            return not getattr(field, "errors", None) and getattr(field, "data", None) is not None

        return TenderFilters(
            review_state=self.status.data if self.status.data in STATES else "",
            department=self.dienst.data or "",
            product_group=self.productgroep.data or "",
            score_min=float(self.score_van.data) if ok(self.score_van) else None,
            score_max=float(self.score_tot.data) if ok(self.score_tot) else None,
            created_from=self.van.data if ok(self.van) else None,
            created_to=self.tot.data if ok(self.tot) else None,
            sort=self.sorteer.data if self.sorteer.data in SORTS else "nieuwste",
        )
