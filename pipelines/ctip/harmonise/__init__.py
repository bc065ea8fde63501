"""Harmonise: turn the labels countries write into the schema's codes."""
