"""The approval safeguard's numbers and its Dutch sentence, singular and plural."""

from __future__ import annotations

from procurement.reports.view import ApprovalCheck


def test_nothing_missing_and_everything_reviewed_needs_no_confirmation() -> None:
    check = ApprovalCheck(reviewed_score="100", essentials_missing=0, unreviewed=0)

    assert not check.needs_confirmation
    assert check.warning == "Score na beoordeling: 100 / 100. Alle essentiële criteria zijn aanwezig."


def test_one_essential_missing_and_one_unreviewed_finding_are_said_in_the_singular() -> None:
    check = ApprovalCheck(reviewed_score="61", essentials_missing=1, unreviewed=1)

    assert check.needs_confirmation
    assert check.warning == ("Score na beoordeling: 61 / 100. 1 essentieel criterium is niet volledig aanwezig en "
                             "1 bevinding is nog niet beoordeeld.")


def test_several_are_said_in_the_plural() -> None:
    check = ApprovalCheck(reviewed_score="22", essentials_missing=3, unreviewed=40)

    assert check.warning == ("Score na beoordeling: 22 / 100. 3 essentiële criteria zijn niet volledig aanwezig en "
                             "40 bevindingen zijn nog niet beoordeeld.")


def test_unreviewed_findings_alone_still_ask_for_confirmation() -> None:
    check = ApprovalCheck(reviewed_score="88", essentials_missing=0, unreviewed=2)

    assert check.needs_confirmation
    assert check.warning == "Score na beoordeling: 88 / 100. 2 bevindingen zijn nog niet beoordeeld."
