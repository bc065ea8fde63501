"""Warehouse: build the DuckDB file from staged submissions and publish it atomically."""
