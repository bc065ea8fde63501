"""The report people read: one self-contained HTML page built from the warehouse."""

from ctip.report.build import write_report

__all__ = ["write_report"]
