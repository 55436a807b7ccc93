"""Imported only by the sandbox's fork server: the catalogue in criteria/ compiled once for all its children."""

from procurement import sandbox

sandbox.preload_default()
