"""Feedback to the sender: what was understood and what was not, cell by cell."""
