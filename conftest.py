"""Shared pytest configuration.

The doctest namespace is left empty on purpose: every example in a docstring, a docs page or
the README imports what it uses, so that a reader can copy it as written.
"""
