"""Dagster wiring: thin assets over the domain functions, sensors, schedules, checks."""
