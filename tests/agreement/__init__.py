"""Tests of the performance agreement (methods/agreement#agreement)."""
