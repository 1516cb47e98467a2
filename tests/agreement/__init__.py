"""Tests of the performance agreement (METHODS.md 12)."""
