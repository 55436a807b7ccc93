"""The sustainability office's monitor: figures per period, theme, department, product group and quarter."""

from procurement.monitor import query
from procurement.monitor.figures import (
    Filters,
    Monitor,
    Period,
    TenderFacts,
    compute,
    custom,
    quarter,
    quarter_of,
    sorted_rows,
    trend_quarters,
    year,
)

__all__ = [
    "Filters", "Monitor", "Period", "TenderFacts", "compute", "custom", "quarter", "quarter_of", "query",
    "sorted_rows", "trend_quarters", "year",
]
