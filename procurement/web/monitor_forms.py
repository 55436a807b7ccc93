"""The monitor's choice of period and filters: a GET form (no CSRF: it changes nothing), syntax only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wtforms import DateField, Form, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from procurement.monitor import Filters, Period, custom, quarter, year
from procurement.review import STATE_NAMES, STATES


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


PERIOD_KINDS = choices([("jaar", "Jaar"), ("kwartaal", "Kwartaal"), ("eigen", "Eigen periode")])
SORT_CHOICES = choices([("naam", "naam"), ("bestekken", "aantal bestekken"), ("essentieel", "essentieel volledig"),
                        ("score", "score")])


class MonitorForm(Form):
    periode = SelectField("Periode", choices=PERIOD_KINDS, default="jaar")
    jaar = IntegerField("Jaar", validators=[Optional(), NumberRange(2000, 2100)])
    kwartaal = SelectField("Kwartaal", choices=choices((str(q), f"K{q}") for q in range(1, 5)), default="1")
    van = DateField("Van", validators=[Optional()])
    tot = DateField("Tot en met", validators=[Optional()])
    dienst = SelectField("Dienst", choices=choices([("", "Alle diensten")]), default="", validate_choice=False)
    productgroep = SelectField("Productgroep", choices=choices([("", "Alle productgroepen")]), default="",
                               validate_choice=False)
    status = SelectField("Status", choices=choices([("", "Alle statussen"), *((s, STATE_NAMES[s]) for s in STATES)]),
                         default="")
    sorteer = SelectField("Sorteer diensten en productgroepen op", choices=SORT_CHOICES, default="naam")

    def period(self, today: date) -> Period:
        """The chosen period; what is left empty or invalid falls back to this year (or its quarter)."""
        y = self.jaar.data if self.jaar.data and not self.jaar.errors else today.year
        if self.periode.data == "kwartaal":
            q = self.kwartaal.data if self.kwartaal.data in ("1", "2", "3", "4") else "1"
            return quarter(y, int(q))
        dates_ok = self.van.data and self.tot.data and not (self.van.errors or self.tot.errors)
        if self.periode.data == "eigen" and dates_ok:
            return custom(self.van.data, self.tot.data)
        return year(y)

    def filters(self) -> Filters:
        return Filters(department=self.dienst.data or "", product_group=self.productgroep.data or "",
                       review_state=self.status.data if self.status.data in STATES else "")
