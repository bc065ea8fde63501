"""`ctip`: the command line. Every command calls the same functions the Dagster assets call."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from ctip.schema import LANGUAGES


def _set_paths(args) -> None:
    if getattr(args, "raw", None):
        os.environ["CTIP_RAW"] = str(Path(args.raw).absolute())
    if getattr(args, "warehouse", None):
        from ctip import paths

        warehouse = Path(args.warehouse).absolute()
        # A run on another warehouse (a trial) writes its exports, report, feedback, staging,
        # caches and release history in a folder named after it, never over the published ones:
        # not even when CTIP_MARTS is set, since that names the published warehouse's folder
        # (a trial once wrote the public release history, finding G-F).
        if warehouse != paths.warehouse_path().absolute():
            trial = warehouse.with_suffix("")
            os.environ["CTIP_MARTS"] = str(trial)
            os.environ["CTIP_STAGING"] = str(trial / "staging")
            print(f"outputs of this warehouse: {trial}", flush=True)
        os.environ["CTIP_WAREHOUSE"] = str(warehouse)


def cmd_run(args) -> int:
    _set_paths(args)
    from ctip import paths
    from ctip.report.run_summary import summarise_warehouse
    from ctip.runner import run_main_job

    print(f"ctip run: {paths.raw_dir()} -> {paths.warehouse_path()}", flush=True)
    outcome = run_main_job()
    if not outcome.success:
        return _failed(outcome)
    summary = summarise_warehouse(paths.warehouse_path())
    print(summary.text)
    for line in outcome.left_for_next_run:  # files still being copied
        print(f"left for the next run: {line}")
    if args.strict and summary.n_rejected:
        return 1
    return 0


def cmd_validate(args) -> int:
    _set_paths(args)
    from ctip import paths
    from ctip.runner import run_validation_job
    from ctip.warehouse.build import WarehouseUnusable, usable_warehouse

    try:  # before Dagster: one line instead of a failed run and its traceback
        usable_warehouse(paths.warehouse_path())
    except WarehouseUnusable as exc:
        print(f"ctip validate: {exc}", file=sys.stderr)
        return 2
    print(f"ctip validate: the estimates of {paths.warehouse_path()} against held-out reports", flush=True)
    outcome = run_validation_job()
    if not outcome.success:
        return _failed(outcome)
    print(f"mart_estimate_validation published (run {outcome.run_id})")
    return 0


def _failed(outcome) -> int:
    print(f"run {outcome.run_id} failed: {outcome.error}", file=sys.stderr)
    return 2


def cmd_check(args) -> int:
    from ctip.check import check_file

    return check_file(Path(args.file), country=args.country, out_dir=Path(args.out) if args.out else None)


def cmd_template(args) -> int:
    from ctip.template.workbook import parse_years, write_template

    path = write_template(args.country.upper(), parse_years(args.years), Path(args.output), language=args.language)
    print(f"template written: {path}")
    return 0


def cmd_ui(args) -> int:
    from ctip.orchestration.ui import serve

    return serve(host=args.host, port=args.port, read_only=args.read_only)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command`'s own module (if it is a lazy one) is imported."""
    parser = argparse.ArgumentParser(prog="ctip", description="Caribbean counter-trafficking statistics warehouse")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="ingest data/raw and rebuild the warehouse (the main Dagster job)")
    p.add_argument("--raw", help="drop folder (default data/raw)")
    p.add_argument("--warehouse", help="warehouse file (default data/marts/warehouse.duckdb)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a submission is rejected")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="validate the estimates against held-out reports (weekly job; slow)")
    p.add_argument("--warehouse", help="warehouse file (default data/marts/warehouse.duckdb)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("check", help="validate one file without touching the warehouse")
    p.add_argument("file")
    p.add_argument("--country", help="ISO3 code, when the file is not in a country folder")
    p.add_argument("--out", help="feedback folder (default data/marts/feedback/<submission_id>)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("template", help="write a submission template workbook")
    p.add_argument("--country", required=True)
    p.add_argument("--years", required=True, help="e.g. 2022-2024 or 2023")
    p.add_argument("--language", choices=LANGUAGES, help="default: the country's language (one of schemas/lang/)")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("ui", help="start the Dagster UI on 127.0.0.1")
    p.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1; see docs/security.md before changing it)")
    p.add_argument("--port", type=int, default=3000)
    p.add_argument("--read-only", action="store_true", help="the webserver alone, in Dagster's read-only mode (no run, sensor or schedule can be changed)")
    p.set_defaults(func=cmd_ui)

    for name, (module, register, help_text) in LAZY_COMMANDS.items():
        if name == command:
            # Imported plainly: a broken module fails here, loudly, when its command is used.
            getattr(importlib.import_module(module), register)(sub)
        else:
            sub.add_parser(name, help=help_text)
    return parser


# Subcommands that live beside their domain code: name -> (module, function adding the subparser,
# one-line help for `ctip --help`). A module is imported only when its command is used, so
# `ctip --help` and `ctip check` never load scipy, statsmodels, matplotlib or Dagster.
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "mse": ("ctip.estimate.mse", "add_mse_parser", "estimate hidden victims by multiple systems estimation"),
    "query": ("ctip.warehouse.query", "add_query_parser", "run a read-only SQL query on the warehouse"),
    "history": ("ctip.warehouse.history", "add_history_parser", "how a figure changed, and from which files"),
    "report": ("ctip.report.cli", "add_report_parser", "write the HTML report (data/marts/report/index.html)"),
    "serve": ("ctip.portal.commands", "add_serve_parser", "start the members' portal (web) on 127.0.0.1:8080"),
    "users": ("ctip.portal.commands", "add_users_parser", "portal accounts: add (password from standard input), list, remove"),
}


def _command(argv: list[str]) -> str | None:
    """The subcommand named in argv: the first word that is not an option (the top-level parser
    has no option taking a value)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command(argv)).parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
