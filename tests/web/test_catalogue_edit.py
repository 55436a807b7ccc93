"""Editing a criterion in the catalogue keeper's form: element rows, the phrase check when a draft is saved,
readable version names and word-level differences, titles rather than ids (issue 11)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from builders import ILO_ID
from catalogue_forms import form_data
from flask import Flask
from flask.testing import FlaskClient

from procurement.catalogue.diff import criteria_of
from procurement.extensions import db
from procurement.services import catalogue_edit as edit
from procurement.services import current_version

EDIT = f"/catalogusbeheer/criteria/{ILO_ID}"


def ilo(app: Flask) -> dict[str, Any]:
    with app.app_context():
        row = current_version(db.session)
        assert row is not None and row.source is not None
        return dict(criteria_of(row.source)[ILO_ID])


def drafts(app: Flask) -> list[edit.CatalogueDraft]:
    with app.app_context():
        found = edit.drafts(db.session)
        for d in found:
            db.session.expunge(d)
        return found


def tag(page: str, element_id: str) -> str:
    """The opening tag of the element with this id (WTForms writes attributes in alphabetical order)."""
    found = re.search(rf'<(?:input|textarea|select)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', page)
    assert found is not None, element_id
    return found.group(0)


@pytest.fixture
def keeper(app: Flask) -> FlaskClient:
    return app.test_client(roles=("duurzaamheid",))


# -- 1. elements as rows ----------------------------------------------------------------------------------------

def test_each_element_is_a_row_with_its_own_labelled_fields_and_its_id_shown_read_only(
    app: Flask, keeper: FlaskClient
) -> None:
    elements = ilo(app)["recognition"]["elements"]

    page = keeper.get(EDIT).get_data(as_text=True)

    assert "id | label | zin" not in page and 'name="elements"' not in page  # no mini-syntax text area
    for i, element in enumerate(elements):
        assert f'<label for="elements-{i}-label">' in page and f'<label for="elements-{i}-phrases">' in page
        assert 'type="hidden"' in tag(page, f"elements-{i}-id") and f'value="{element["id"]}"' in tag(
            page, f"elements-{i}-id")
        assert f"Kenmerk: <code>{element['id']}</code>" in page
        phrases = re.search(rf'<textarea[^>]*id="elements-{i}-phrases"[^>]*>\s*(.*?)</textarea>', page, re.S)
        assert phrases is not None and phrases.group(1).split("\n") == element["phrases"]
        assert f'name="remove_element" value="{i}"' in page
    assert 'name="add_element"' in page


def test_add_element_returns_the_form_with_an_empty_row_and_saves_nothing(app: Flask, keeper: FlaskClient) -> None:
    raw = ilo(app)
    count = len(raw["recognition"]["elements"])

    response = keeper.post(EDIT, data={**form_data(raw, title="Gewijzigde titel"), "add_element": "1"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="elements-{count}-label"' in page and f'id="elements-{count + 1}-label"' not in page
    assert 'value="Gewijzigde titel"' in page  # what was typed stays
    assert "autofocus" in tag(page, f"elements-{count}-label")  # ready to type in
    assert drafts(app) == []


def test_a_new_row_gets_an_id_from_its_label_and_a_removed_row_is_gone_after_saving(
    app: Flask, keeper: FlaskClient
) -> None:
    raw = ilo(app)
    elements = raw["recognition"]["elements"]
    count = len(elements)
    data = {**form_data(raw), f"elements-{count}-id": "", f"elements-{count}-label": "Verbod op kinderarbeid (nr. 138)",
            f"elements-{count}-phrases": "minimumleeftijd\r\nverdrag nr 138"}

    removed = keeper.post(EDIT, data={**data, "remove_element": "0"})
    page = removed.get_data(as_text=True)
    assert removed.status_code == 200 and drafts(app) == []
    assert f'value="{elements[0]["id"]}"' not in page and f'value="{elements[1]["id"]}"' in page
    # the page's rows as the browser sends them back: the first element gone, the others moved up
    rows = {k: v for k, v in form_data(raw).items() if not k.startswith("elements-")}
    for i, element in enumerate([*elements[1:]]):
        rows.update({f"elements-{i}-id": element["id"], f"elements-{i}-label": element["label"],
                     f"elements-{i}-phrases": "\n".join(element["phrases"])})
    rows.update({f"elements-{count - 1}-id": "", f"elements-{count - 1}-label": "Verbod op kinderarbeid (nr. 138)",
                 f"elements-{count - 1}-phrases": "minimumleeftijd\nverdrag nr 138",
                 "min_elements": ""})

    saved = keeper.post(EDIT, data=rows)

    assert saved.status_code == 302, saved.get_data(as_text=True)
    (draft,) = drafts(app)
    kept = draft.data["recognition"]["elements"]
    assert [e["id"] for e in kept] == [*(e["id"] for e in elements[1:]), "verbod-op-kinderarbeid-nr-138"]
    assert kept[-1] == {"id": "verbod-op-kinderarbeid-nr-138", "label": "Verbod op kinderarbeid (nr. 138)",
                        "phrases": ["minimumleeftijd", "verdrag nr 138"]}


def test_a_row_with_phrases_but_no_name_shows_its_error_beside_that_field_with_the_focus_on_it(
    app: Flask, keeper: FlaskClient
) -> None:
    raw = ilo(app)

    response = keeper.post(EDIT, data=form_data(raw, **{"elements-1-label": ""}))

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and drafts(app) == []
    row = page[page.index('id="element-1"'):]
    row = row[:row.index("</fieldset>")]
    label = tag(row, "elements-1-label")
    assert 'aria-invalid="true"' in label and "autofocus" in label and "data-error-focus" in label
    assert "Geef het element een naam (wat ontbreekt als het er niet staat)." in row
    assert page.count('autofocus') == 1


def test_an_element_row_strips_control_characters_like_every_form_field(app: Flask, keeper: FlaskClient) -> None:
    raw = ilo(app)

    keeper.post(EDIT, data=form_data(raw, **{"elements-0-label": "verbod op\x07 dwangarbeid",
                                             "elements-0-phrases": "dwang\x00arbeid\r\nnr 29"}))

    (draft,) = drafts(app)
    element = draft.data["recognition"]["elements"][0]
    assert element["label"] == "verbod op dwangarbeid" and element["phrases"] == ["dwangarbeid", "nr 29"]


# -- 5. the phrase check of `procurement catalogue check` when a draft is saved --------------------------------------

def field_block(page: str, element_id: str) -> str:
    """The .field div around the control with this id: its label, help, control and errors."""
    at = page.index(f'id="{element_id}"')
    start = page.rindex('<div class="field', 0, at)
    return page[start:page.index("</div>", at)]


def test_saving_a_draft_refuses_a_bare_number_or_a_generic_word_beside_the_phrase_field(
    app: Flask, keeper: FlaskClient
) -> None:
    raw = ilo(app)
    phrases = "\n".join([*raw["recognition"]["phrases"], "29"])

    response = keeper.post(EDIT, data=form_data(raw, phrases=phrases, **{"elements-1-phrases": "leveranciers\nnr 87"}))

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and drafts(app) == []
    own = field_block(page, "phrases")
    assert "frase &#39;29&#39; is een los getal; schrijf het met wat het telt" in own
    assert 'aria-invalid="true"' in tag(page, "phrases") and "autofocus" in tag(page, "phrases")  # the first error
    element = field_block(page, "elements-1-phrases")
    assert "frase &#39;leveranciers&#39; is een algemeen woord (vocabulary.yaml)" in element
    assert 'aria-invalid="true"' in tag(page, "elements-1-phrases")
    assert "los getal" not in field_block(page, "elements-0-phrases")


def test_the_service_refuses_the_same_phrases_as_the_catalogue_check(app: Flask) -> None:
    raw = ilo(app)
    raw["recognition"] = {**raw["recognition"], "phrases": [*raw["recognition"]["phrases"], "2030"]}

    with app.app_context(), pytest.raises(edit.DraftInvalid) as refused:
        edit.save_draft(db.session, None, raw, new=False)

    (error,) = refused.value.errors
    assert (error.item, error.field) == (ILO_ID, "recognition.phrases") and "'2030' is een los getal" in error.message
    assert drafts(app) == []


# -- 3. word-level differences ---------------------------------------------------------------------------------------

def marked(page: str, tag: str) -> list[str]:
    """The texts inside <del> or <ins>, without their screen-reader words."""
    found = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
    return [re.sub(r'<span class="sr-only">[^<]*</span>', "", f) for f in found]


def test_a_version_page_marks_the_one_number_that_changed_not_the_whole_clause(
    app: Flask, keeper: FlaskClient
) -> None:
    raw = ilo(app)
    assert "nr. 29 en 105" in raw["clause"]
    keeper.post(EDIT, data=form_data(raw, clause=raw["clause"].replace("nr. 29 en 105", "nr. 29 en 106")))
    with app.app_context():
        row = edit.publish(db.session, None, note="Verdragsnummer verbeterd.")
        version_id = row.id

    page = keeper.get(f"/catalogusbeheer/versies/{version_id}").get_data(as_text=True)

    assert marked(page, "del") == ["105"] and marked(page, "ins") == ["106"]
    assert '<del><span class="sr-only">[verwijderd: </span>105<span class="sr-only">]</span></del>' in page
    assert '<ins><span class="sr-only">[toegevoegd: </span>106<span class="sr-only">]</span></ins>' in page
    assert "basisverdragen nr. 29 en" in page  # the words around the change, to find it in the clause
    assert "…" in page  # the rest of a long clause shortened


def test_word_diff_marks_changed_words_and_keeps_the_spaces() -> None:
    from procurement.catalogue.diff import Part, word_diff

    before, after = word_diff("minstens 30 procent gerecycleerd", "minstens 50 procent gerecycleerd plastic")

    assert before == (Part("minstens ", False), Part("30", True), Part(" procent gerecycleerd", False))
    assert after == (Part("minstens ", False), Part("50", True), Part(" procent gerecycleerd", False),
                     Part(" plastic", True))


# -- 6. titles, not ids, as link texts and headings ------------------------------------------------------------------

def visible_texts(page: str, tag: str) -> list[str]:
    """The text of every <tag> of the page, its small secondary lines left out."""
    found = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<small\b.*?</small>", "", f, flags=re.S)).split())
            for f in found]


def test_the_catalogue_keeping_pages_name_criteria_by_their_title_with_the_id_only_as_a_small_line(
    app: Flask, keeper: FlaskClient
) -> None:
    raw = ilo(app)
    with app.app_context():
        ids = set(criteria_of(current_version(db.session).source or {}))  # type: ignore[union-attr]
    keeper.post(EDIT, data=form_data(raw, ambition="2"))
    saved = keeper.get("/catalogusbeheer/").get_data(as_text=True)
    preview = keeper.get("/catalogusbeheer/publiceren").get_data(as_text=True)
    editing = keeper.get(EDIT).get_data(as_text=True)
    with app.app_context():
        version_id = edit.publish(db.session, None, note="Ambitie verhoogd.").id
    version = keeper.get(f"/catalogusbeheer/versies/{version_id}").get_data(as_text=True)

    for page in (saved, preview, editing, version):
        for tag in ("a", "h1", "h2", "h3", "summary", "title"):
            slugs = [t for t in visible_texts(page, tag) if ids & set(re.findall(r"[a-z0-9-]+", t))]
            assert slugs == [], (tag, slugs)
    link = f'<a href="/catalogusbeheer/criteria/{ILO_ID}">{raw["title"]}</a>'
    assert link in saved and f"kenmerk <code>{ILO_ID}</code>" in saved
    assert f"<h1>„{raw['title']}” wijzigen</h1>" in editing
    assert f"<summary>{raw['title']} — ambitieniveau" in version


def test_the_message_after_saving_names_the_criterion_by_its_title(app: Flask, keeper: FlaskClient) -> None:
    raw = ilo(app)

    page = keeper.post(EDIT, data=form_data(raw), follow_redirects=True).get_data(as_text=True)

    assert f"„{raw['title']}” is bewaard als concept." in page and f"Criterium {ILO_ID}" not in page


# -- 2. versions by a name people read ------------------------------------------------------------------------------

def test_versions_are_named_by_number_and_day_and_the_hash_is_only_a_technical_detail(
    app: Flask, keeper: FlaskClient
) -> None:
    from datetime import UTC, datetime

    from procurement.models import CatalogueVersion
    from procurement.reports.format import version_name

    raw = ilo(app)
    keeper.post(EDIT, data=form_data(raw, ambition="2"))
    published = keeper.post("/catalogusbeheer/publiceren", data={"note": "Ambitie verhoogd."}, follow_redirects=True)
    with app.app_context():
        first, second = db.session.query(CatalogueVersion).order_by(CatalogueVersion.id).all()
        second.created_at = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
        first.created_at = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 21 November in Brussels
        db.session.commit()
        codes, second_id = (first.version, second.version), second.id

    overview = keeper.get("/catalogusbeheer/").get_data(as_text=True)
    version = keeper.get(f"/catalogusbeheer/versies/{second_id}").get_data(as_text=True)

    assert "Catalogusversie 2 van " in published.get_data(as_text=True)
    assert codes[1] not in re.sub(r'title="[^"]*"', "", published.get_data(as_text=True).split("<dl")[0])
    shown = f'<span class="version" title="technische code {codes[1]}">versie 2 van 3 december 2026</span>'
    assert shown in overview and shown in version
    assert '<span class="version" title="technische code ' + codes[0] + '">versie 1 van 21 november 2026</span>' in (
        version)  # "tegenover versie 1"
    assert "<title>Catalogusversie 2 van 3 december 2026" in version
    for page in (overview, version):  # the code only inside title attributes and the technical-code line
        text = re.sub(r'title="[^"]*"', "", page).replace(f"<code>{codes[1]}</code>", "")
        assert codes[1] not in text and "+" + codes[1].split("+")[1] not in text
    assert f"<dt>Technische code</dt><dd><code>{codes[1]}</code></dd>" in version
    assert version_name(12, datetime(2026, 12, 3, tzinfo=UTC)) == "versie 12 van 3 december 2026"
