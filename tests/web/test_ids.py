"""An id or page number larger than the database can hold is not found (or ignored), never an internal error."""

from __future__ import annotations

from collections.abc import Callable

from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask

from procurement.web.errors import IdConverter

HUGE = str(10**30)
LARGEST = str(2**31 - 1)  # PostgreSQL's int4
BEYOND = str(2**31)  # fits SQLite, not PostgreSQL: refused on both


def test_an_id_too_large_for_the_database_is_a_404_on_every_kind_of_route(make_app: Callable[..., Flask]) -> None:
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    for path in (f"/bestekken/{HUGE}", f"/bestekken/1/analyses/{HUGE}/bijlage.docx", f"/bestekken/{HUGE}/audit",
                 f"/api/analyses/{HUGE}", f"/bestekken/{LARGEST}", f"/bestekken/{BEYOND}",
                 f"/api/analyses/{BEYOND}", "/bestekken/0"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/bestekken/{HUGE}/opnieuw").status_code == 404
    int_rules = [r for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert int_rules and all(isinstance(c, IdConverter) for r in int_rules for c in r._converters.values())


def test_a_query_number_too_large_for_the_database_is_ignored(make_app: Callable[..., Flask]) -> None:
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    assert client.get(f"/bestekken/1?analyse={HUGE}").status_code == 200
    assert client.get(f"/bestekken/1?analyse={LARGEST}").status_code == 404  # a possible id, but not this one
    assert client.get(f"/bestekken/1?analyse={BEYOND}").status_code == 200
    assert client.get(f"/audit/?pagina={HUGE}").status_code == 200
    assert client.get(f"/audit/?pagina={LARGEST}").status_code == 200
    assert client.get("/audit/?pagina=-3").status_code == 200
