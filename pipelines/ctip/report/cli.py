"""`ctip report [--warehouse PATH] [-o DIR]`: write the HTML report (auto-discovered by ctip.cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_report(args: argparse.Namespace) -> int:
    """Run `ctip report`: 0 when written, 2 when there is no warehouse yet, 1 when the report failed (one
    line on stderr, not a traceback)."""
    from ctip import paths
    from ctip.report.build import write_report

    warehouse = Path(args.warehouse).absolute() if args.warehouse else paths.warehouse_path()
    out_dir = Path(args.output).absolute() if args.output else paths.report_dir()
    if not warehouse.exists():
        print(f"ctip report: no warehouse at {warehouse}; run `ctip run` first", file=sys.stderr)
        return 2
    try:
        path = write_report(warehouse, out_dir)
    except Exception as exc:  # a report that cannot be built is an exit code, not a traceback
        print(f"ctip report: failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"report written: {path}")
    return 0


def add_report_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `report` subcommand (--warehouse, --output) to the CLI."""
    p = subparsers.add_parser("report", help="write the HTML report (data/marts/report/index.html)")
    p.add_argument("--warehouse", help="warehouse file (default data/marts/warehouse.duckdb)")
    p.add_argument("-o", "--output", metavar="DIR", help="output folder (default data/marts/report)")
    p.set_defaults(func=cmd_report)
    return p
