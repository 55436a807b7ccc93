"""Word list numbering: the visible label ("3.2.", "b)", "•") of numbered paragraphs, counted in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET = "•"
MAX_LEVELS = 9


@dataclass(slots=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass(slots=True)
class Numbering:
    """The numbering definitions of one document and the running counters while reading it."""

    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> Level
    style_levels: dict[str, tuple[str, int]] = field(default_factory=dict)  # pStyle -> (abstractNumId, ilvl)
    counters: dict[str, list[int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Numbering:
        """Read w:numbering (None when the document has no numbering part)."""
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iterchildren(f"{W}abstractNum"):
            abstract_id = abstract.get(f"{W}abstractNumId", "")
            levels: dict[int, Level] = {}
            for lvl in abstract.iterchildren(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = Level(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    start=_int(_val(lvl, "start"), 1),
                )
                style = _val(lvl, "pStyle")
                if style:
                    numbering.style_levels[style] = (abstract_id, ilvl)
            numbering.levels[abstract_id] = levels
        for num in root.iterchildren(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            numbering.nums[num_id] = _val(num, "abstractNumId") or ""
            for override in num.iterchildren(f"{W}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    ilvl = _int(override.get(f"{W}ilvl"), 0)
                    numbering.overrides.setdefault(num_id, {})[ilvl] = _int(start, 1)
        return numbering

    def label(self, num_id: str, ilvl: int | None, style: str | None = None) -> str:
        """Advance the counters for one numbered paragraph and return its label ("" when none shows)."""
        if num_id in ("", "0") or num_id not in self.nums:
            return ""
        abstract_id = self.nums[num_id]
        if ilvl is None:
            ilvl = self.style_levels.get(style or "", ("", 0))[1]
        ilvl = max(0, min(ilvl, MAX_LEVELS - 1))
        levels = self.levels.get(abstract_id, {})
        level = levels.get(ilvl, Level())
        counters = self.counters.setdefault(abstract_id, [0] * MAX_LEVELS)
        overrides = self.overrides.get(num_id, {})
        if num_id not in self.started:
            # A list instance with a start override restarts the shared counters.
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < MAX_LEVELS:
                    counters[lvl] = start - 1
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels.get(ilvl, Level()).start
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = 0
        if level.fmt == "bullet":
            return BULLET
        if level.fmt == "none" or not level.text:
            return ""
        text = level.text
        for lvl in range(ilvl, -1, -1):
            placeholder = f"%{lvl + 1}"
            if placeholder in text:
                outer = levels.get(lvl, Level())
                value = counters[lvl] or outer.start
                text = text.replace(placeholder, _format(value, outer.fmt if lvl != ilvl else level.fmt))
        return text.strip()


def _val(element: etree._Element, name: str) -> str | None:
    child = element.find(f"{W}{name}")
    return None if child is None else child.get(f"{W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out
