"""Benchmarks of the core (`python -m bench`)."""
