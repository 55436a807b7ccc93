"""The bounded cache keeps the most recently used entries and never more than its size."""

from __future__ import annotations

import pytest

from procurement.lru import Recent


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: Recent[str, int] = Recent(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent

    cache.put("c", 3)

    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3 and len(cache) == 2


def test_a_value_is_built_once_and_the_first_one_kept_stays() -> None:
    cache: Recent[str, list[int]] = Recent(4)
    built: list[int] = []

    def build() -> list[int]:
        built.append(1)
        return [len(built)]

    first = cache.get_or_build("k", build)
    second = cache.get_or_build("k", build)

    assert first is second and built == [1]
    assert cache.put("k", [99]) is first


def test_a_cache_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError):
        Recent(0)
