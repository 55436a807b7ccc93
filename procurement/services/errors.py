"""The domain errors services raise; each carries a Dutch message for the person who caused it."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the services refuse; `message` is Dutch and fit to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableUpload(ServiceError):
    """An uploaded file that cannot be read as a tender document: nothing of the upload was kept."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename, self.reason = filename, reason


class UnknownProductGroup(ServiceError):
    def __init__(self, ids: list[str]) -> None:
        super().__init__(f"Onbekende {'productgroep' if len(ids) == 1 else 'productgroepen'}: {', '.join(ids)}.")
        self.ids = ids


class UnknownDepartment(ServiceError):
    def __init__(self, name: str) -> None:
        super().__init__(f"„{name}” staat niet in de lijst van de diensten: kies een dienst uit de lijst of "
                         "„(geen dienst)”. Een beheerder voegt diensten toe (Diensten beheren).")
        self.name = name


class TenderNotFound(ServiceError):
    def __init__(self, tender_id: int) -> None:
        super().__init__("Dit bestek bestaat niet (meer).")
        self.tender_id = tender_id


class DuplicateSubmission(ServiceError):
    """The same form was posted twice; `tender_id` is what the first post made."""

    def __init__(self, tender_id: int, analysis_id: int | None = None) -> None:
        super().__init__("Dit formulier werd al verstuurd.")
        self.tender_id, self.analysis_id = tender_id, analysis_id
