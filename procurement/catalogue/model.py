"""The criteria catalogue as frozen values: themes, kinds, product groups, criteria (pure)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

THEMES: tuple[str, ...] = (
    "social-economy",
    "energy-efficiency",
    "circularity",
    "human-rights",
    "environment",
)
THEME_NAMES: dict[str, str] = {
    "social-economy": "Sociale economie",
    "energy-efficiency": "Energie-efficiëntie",
    "circularity": "Circulaire economie",
    "human-rights": "Mensen- en arbeidsrechten",
    "environment": "Milieu-impact",
}
KINDS: tuple[str, ...] = (
    "exclusion-ground",
    "selection-criterion",
    "technical-specification",
    "award-criterion",
    "execution-condition",
    "reserved-contract",
    "general-provision",
)
KIND_NAMES: dict[str, str] = {
    "exclusion-ground": "Uitsluitingsgrond",
    "selection-criterion": "Selectiecriterium",
    "technical-specification": "Technische specificatie",
    "award-criterion": "Gunningscriterium",
    "execution-condition": "Uitvoeringsvoorwaarde",
    "reserved-contract": "Voorbehouden opdracht",
    "general-provision": "Algemene bepaling",
}
# Where a clause belongs in a bestek, in the order a bestek presents them.
SECTIONS: tuple[str, ...] = (
    "administratieve-bepalingen",
    "selectie",
    "technische-specificaties",
    "gunningscriteria",
    "uitvoeringsvoorwaarden",
)
SECTION_NAMES: dict[str, str] = {
    "administratieve-bepalingen": "Administratieve bepalingen",
    "selectie": "Uitsluiting en selectie",
    "technische-specificaties": "Technische specificaties",
    "gunningscriteria": "Gunningscriteria",
    "uitvoeringsvoorwaarden": "Uitvoeringsvoorwaarden",
}
AMBITION_NAMES: dict[int, str] = {1: "basis", 2: "significant", 3: "ambitieus"}
ALL_TENDERS = "all"


@dataclass(frozen=True, slots=True)
class Element:
    """One thing a complete clause holds, recognised by any of its phrases."""

    id: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recognition:
    """How a criterion is recognised in a bestek: topic phrases and the elements of a full clause."""

    phrases: tuple[str, ...]
    elements: tuple[Element, ...] = ()
    min_elements: int | None = None  # elements needed for `met`; None = all of them


@dataclass(frozen=True, slots=True)
class ProductGroup:
    id: str
    name: str
    cpv: tuple[str, ...]
    keywords: tuple[str, ...]
    description: str = ""
    # themes deliberately without criteria for this group, with the reason
    theme_exemptions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    title: str
    theme: str
    kind: str
    section: str
    product_groups: tuple[str, ...]  # empty = applies to every bestek
    essential: bool
    ambition: int
    clause: str
    recognition: Recognition
    rationale: str = ""
    legal_basis: tuple[str, ...] = ()
    proof: str = ""
    labels: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    eforms: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""
    retired: bool = False
    refines: str | None = None  # the general criterion this one restates for its product groups
    negatives: tuple[str, ...] = ()  # look-alike sentences that must not be found as this criterion

    @property
    def applies_to_all(self) -> bool:
        return not self.product_groups

    def applies_to(self, group_ids: Collection[str]) -> bool:
        """The one rule of applicability: a general criterion applies to every tender, another to a tender of
        one of its product groups (retired or not: whether it is still used is the caller's question)."""
        return self.applies_to_all or not set(group_ids).isdisjoint(self.product_groups)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A validated catalogue; `version` is the label plus a short content hash."""

    label: str
    content_hash: str
    product_groups: tuple[ProductGroup, ...]
    criteria: tuple[Criterion, ...]
    # phrases that also occur in ordinary contract text (criteria/vocabulary.yaml): never enough on their own
    common_phrases: frozenset[str] = frozenset()
    generic_words: frozenset[str] = frozenset()  # never a recognition phrase on their own
    _by_id: dict[str, Criterion] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.criteria})

    @property
    def version(self) -> str:
        """The technical code, label plus short content hash ('2026.1+3f2a9c1'): stored, exported and compared,
        never the name pages show (that is 'versie 12 van 3 december 2026', from the stored versions)."""
        return f"{self.label}+{self.content_hash[:7]}"

    def criterion(self, criterion_id: str) -> Criterion:
        return self._by_id[criterion_id]

    def product_group(self, group_id: str) -> ProductGroup:
        for group in self.product_groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def applicable(self, group_ids: Collection[str]) -> tuple[Criterion, ...]:
        """The criteria in use that apply to a tender of these product groups (general ones always do)."""
        wanted = set(group_ids)
        return tuple(c for c in self.criteria if not c.retired and c.applies_to(wanted))
