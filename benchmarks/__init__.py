"""Accuracy and speed benchmarks of the checker (scripts; the test suite runs a small accuracy corpus)."""
