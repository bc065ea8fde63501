"""What the public reads: open exports and the HTML report, rebuilt with the marts.

Both read the published warehouse read-only; they never write it, so they are outside the
warehouse pool and never block a build."""

import dagster as dg

from ctip import paths
from ctip.export import write_exports
from ctip.report import write_report
from ctip.warehouse.tables import PUBLIC_TABLES

PUBLIC_DEPS = [dg.AssetKey(name) for name in PUBLIC_TABLES]


@dg.asset(deps=PUBLIC_DEPS, group_name="publish", kinds={"parquet", "csv"},
          check_specs=[dg.AssetCheckSpec("sdmx_valid_and_no_small_cells", asset="open_exports")])
def open_exports(context: dg.AssetExecutionContext):
    """Public marts as Parquet and CSV, SDMX-CSV for SDG 16.2.2 and the data dictionary, with
    small-cell suppression (1–4 and complementary cells) applied."""
    result = write_exports(paths.warehouse_path(), paths.exports_dir())
    context.log.info(f"exports written to {result['out_dir']}")
    yield dg.MaterializeResult(
        metadata={
            "path": str(result["out_dir"]),
            "sdmx_rows": result["sdmx_rows"],
            "cells_withheld": dg.MetadataValue.json({k: int(v) for k, v in result["withheld"].items()}),
            "primary_suppressed": result["primary"],
            "complementary_suppressed": result["complementary"],
            "tables": dg.MetadataValue.json({k: int(v) for k, v in result["tables"].items()}),
        }
    )
    # write_exports raises when the SDMX file is invalid or a small count is derivable; reaching
    # here means both checks held.
    yield dg.AssetCheckResult(check_name="sdmx_valid_and_no_small_cells", passed=True,
                              metadata={"sdmx_rows": result["sdmx_rows"]})


@dg.asset(deps=PUBLIC_DEPS, group_name="publish", kinds={"html"})
def report(context: dg.AssetExecutionContext):
    """data/marts/report/index.html: one self-contained page with the regional trend, coverage,
    members, the justice chain and the methodology notes."""
    path = write_report(paths.warehouse_path(), paths.report_dir())
    return dg.MaterializeResult(metadata={"path": str(path), "bytes": path.stat().st_size})
