"""The criteria catalogue: YAML files under criteria/ -> a validated, frozen Catalogue."""

from procurement.catalogue.loader import CatalogueError, default_path, from_data, load
from procurement.catalogue.model import (
    KINDS,
    SECTIONS,
    THEME_NAMES,
    THEMES,
    Catalogue,
    Criterion,
    Element,
    ProductGroup,
    Recognition,
)

__all__ = [
    "KINDS",
    "SECTIONS",
    "THEMES",
    "THEME_NAMES",
    "Catalogue",
    "CatalogueError",
    "Criterion",
    "Element",
    "ProductGroup",
    "Recognition",
    "default_path",
    "from_data",
    "load",
]
