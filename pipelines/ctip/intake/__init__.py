"""Intake: find submissions in the drop folder, read them, and extract cell readings."""
