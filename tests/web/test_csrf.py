"""With CSRF protection on (as in production), a post needs the form's token."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from builders import DOCX_NAME, cleaning_bestek
from flask import Flask


def test_a_post_without_the_csrf_token_is_refused_and_with_it_accepted(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    form = client.get("/bestekken/nieuw").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', form)
    assert csrf and token

    def post(with_csrf: bool) -> tuple[int, str]:
        data = {
            "title": "Schoonmaak",
            "form_token": token.group(1),
            "files": [(io.BytesIO(cleaning_bestek()), DOCX_NAME)],
        }
        if with_csrf:
            data["csrf_token"] = csrf.group(1)
        response = client.post("/bestekken/nieuw", data=data, content_type="multipart/form-data")
        return response.status_code, response.get_data(as_text=True)

    refused_status, refused_page = post(with_csrf=False)
    assert refused_status == 400
    assert "Het formulier is verlopen" in refused_page

    accepted_status, _ = post(with_csrf=True)
    assert accepted_status == 302
