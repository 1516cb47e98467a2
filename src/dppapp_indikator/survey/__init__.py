"""Design-based estimation from survey microdata (METHODS.md 6)."""
