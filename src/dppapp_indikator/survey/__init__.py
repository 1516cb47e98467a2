"""Design-based estimation from survey microdata (methods/survey#survey)."""
