"""The administrator's pages: list users, create one, set roles, reset a password, deactivate; all in the trail."""

from __future__ import annotations

from accounts import PASSWORD, make_user
from flask import Flask
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import AuditEvent, User


def admin(app: Flask) -> object:
    return app.test_client(roles=("beheerder",))


def user_named(app: Flask, name: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.name == name))
        assert user is not None
        db.session.expunge(user)
        return user


def test_the_administrator_creates_a_user_who_can_then_sign_in(app: Flask) -> None:
    client = admin(app)

    response = client.post("/beheer/gebruikers/nieuw", data={  # type: ignore[attr-defined]
        "name": "An.Peeters", "full_name": "An Peeters", "roles": ["aankoopdienst", "aankoper"],
        "password": "een sterk wachtwoord", "repeat": "een sterk wachtwoord",
    })

    assert response.status_code == 302
    created = user_named(app, "an.peeters")
    assert created.roles == ["aankoopdienst", "aankoper"] and created.active
    listing = client.get("/beheer/gebruikers/").get_data(as_text=True)  # type: ignore[attr-defined]
    assert "an.peeters" in listing and "aankoopdienst, aankoper" in listing
    other = app.test_client(roles=())
    other.post("/aanmelden", data={"name": "an.peeters", "password": "een sterk wachtwoord"})
    assert other.get("/bestekken/").status_code == 200


def test_a_new_user_needs_a_role_a_good_password_and_a_free_name(app: Flask) -> None:
    make_user(app, "aankoper", name="bezet")
    client = admin(app)

    page = client.post("/beheer/gebruikers/nieuw", data={  # type: ignore[attr-defined]
        "name": "bezet", "password": "kort", "repeat": "anders",
    }).get_data(as_text=True)
    taken = client.post("/beheer/gebruikers/nieuw", data={  # type: ignore[attr-defined]
        "name": "bezet", "roles": ["aankoper"], "password": "een sterk wachtwoord", "repeat": "een sterk wachtwoord",
    }).get_data(as_text=True)
    weak = client.post("/beheer/gebruikers/nieuw", data={  # type: ignore[attr-defined]
        "name": "nieuw", "roles": ["aankoper"], "password": "kort maar", "repeat": "kort maar",
    }).get_data(as_text=True)

    assert "Kies minstens één rol." in page and "De wachtwoorden verschillen." in page
    assert "De gebruikersnaam bezet bestaat al." in taken
    assert "minstens 12 tekens" in weak


def test_roles_are_set_and_take_effect_at_the_next_request(app: Flask) -> None:
    target = make_user(app, "aankoper", name="wisselaar")
    their = app.test_client(roles=("aankoper",))
    their_session = app.test_client(roles=())
    with their.session_transaction() as s, their_session.session_transaction() as t:
        t.update(dict(s))
        t["user_id"] = target
    assert their_session.get("/bestekken/").status_code == 403

    admin(app).post(f"/beheer/gebruikers/{target}", data={"roles": ["aankoopdienst"], "full_name": "W",
                                                              "current_password": PASSWORD})  # type: ignore[attr-defined]

    assert their_session.get("/bestekken/").status_code == 200
    assert user_named(app, "wisselaar").roles == ["aankoopdienst"]


def test_a_deactivated_user_cannot_sign_in_and_can_be_activated_again(app: Flask) -> None:
    target = make_user(app, "aankoper", name="weg")
    client = admin(app)

    client.post(f"/beheer/gebruikers/{target}/deactiveren")  # type: ignore[attr-defined]
    assert not user_named(app, "weg").active
    client.post(f"/beheer/gebruikers/{target}/activeren")  # type: ignore[attr-defined]

    assert user_named(app, "weg").active


def test_the_last_active_administrator_stays_one(app: Flask) -> None:
    client = admin(app)
    with client.session_transaction() as session:  # type: ignore[attr-defined]
        me = session["user_id"]

    own = client.post(f"/beheer/gebruikers/{me}/deactiveren", follow_redirects=True)  # type: ignore[attr-defined]
    demoted = client.post(f"/beheer/gebruikers/{me}", data={"roles": ["aankoper"],  # type: ignore[attr-defined]
                                                              "current_password": PASSWORD})

    assert "Je kan jezelf niet deactiveren." in own.get_data(as_text=True)
    assert "Er moet minstens één actieve beheerder blijven." in demoted.get_data(as_text=True)
    assert user_named(app, "test-beheerder").roles == ["beheerder"]


def test_every_change_to_a_user_is_in_the_audit_trail(app: Flask) -> None:
    target = make_user(app, "aankoper", name="gevolgd")
    client = admin(app)
    client.post(f"/beheer/gebruikers/{target}", data={"roles": ["aankoper", "duurzaamheid"],  # type: ignore[attr-defined]
                                                   "current_password": PASSWORD})
    client.post(f"/beheer/gebruikers/{target}/wachtwoord",  # type: ignore[attr-defined]
                data={"password": "een nieuw wachtwoord", "repeat": "een nieuw wachtwoord",
                      "current_password": PASSWORD})
    client.post(f"/beheer/gebruikers/{target}/deactiveren")  # type: ignore[attr-defined]

    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == target)
                                          .order_by(AuditEvent.id)))
    assert actions == ["user.roles_changed", "user.password_set", "user.deactivated"]
    trail = app.test_client(roles=("beheerder",)).get("/audit/?soort=user").get_data(as_text=True)
    assert "gevolgd" in trail and "rollen gewijzigd" in trail
