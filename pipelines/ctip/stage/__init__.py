"""Staging: one submission taken through the stages below it (intake reads it into cell readings,
harmonise codes them, validate accepts or quarantines) and written to `data/marts/staging/`,
where the warehouse build picks it up."""
