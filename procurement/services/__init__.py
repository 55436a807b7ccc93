"""State changes: the only code that commits. Web views and the CLI call these with a session."""

from procurement.queries.analyses import latest_analysis
from procurement.services.analyses import claim, fail_stale, next_queued, run_analysis
from procurement.services.catalogue import current_checker, current_version, ensure_catalogue_version, sync_folder
from procurement.services.demo import seed_demo, seed_demo_set
from procurement.services.errors import (
    DuplicateSubmission,
    ServiceError,
    TenderNotFound,
    UnknownDepartment,
    UnknownProductGroup,
    UnreadableUpload,
)
from procurement.services.review import ReviewRefused
from procurement.services.tenders import (
    add_document_version,
    correct_product_groups,
    create_tender_with_documents,
    display_filename,
    read_uploads,
    reanalyse,
)

__all__ = [
    "DuplicateSubmission",
    "ReviewRefused",
    "ServiceError",
    "TenderNotFound",
    "UnknownDepartment",
    "UnknownProductGroup",
    "UnreadableUpload",
    "add_document_version",
    "claim",
    "create_tender_with_documents",
    "current_checker",
    "current_version",
    "display_filename",
    "ensure_catalogue_version",
    "fail_stale",
    "next_queued",
    "read_uploads",
    "correct_product_groups",
    "latest_analysis",
    "reanalyse",
    "run_analysis",
    "seed_demo",
    "seed_demo_set",
    "sync_folder",
]
