"""Concurrency pools: every asset that writes the warehouse is in the pool "warehouse" (one
writer at a time, dagster.yaml), so two runs never build the file at once."""

WAREHOUSE_POOL = "warehouse"
