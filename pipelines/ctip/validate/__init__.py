"""Validate: the pandera contract of the harmonised long table, and the rules beyond it."""
