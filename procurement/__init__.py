"""Sustainable procurement checker: catalogue, document parsing, matching and the web app."""

__version__ = "0.1.0"
