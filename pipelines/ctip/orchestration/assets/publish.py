"""What the public reads: open exports and the HTML report, rebuilt with the marts.

Both read the published warehouse read-only; they never write it, so they are outside the
warehouse pool and never block a build. Each is rewritten only when the public tables it reads
(or its code) changed."""

import dagster as dg

from ctip import pipeline
from ctip.warehouse.tables import PUBLIC_TABLES

PUBLIC_DEPS = [dg.AssetKey(name) for name in PUBLIC_TABLES]


@dg.asset(
    deps=PUBLIC_DEPS, group_name="publish", kinds={"parquet", "csv"}, check_specs=[dg.AssetCheckSpec("sdmx_valid_and_no_small_cells", asset="open_exports")]
)
def open_exports(context: dg.AssetExecutionContext):
    """Public marts as Parquet and CSV, SDMX-CSV for SDG 16.2.2 and the data dictionary, with
    small-cell suppression (1–4 and complementary cells) applied."""
    result, reused = pipeline.export()
    context.log.info(f"exports {'unchanged' if reused else 'written'} in {result['out_dir']}")
    yield dg.MaterializeResult(
        metadata={
            "path": str(result["out_dir"]),
            "reused": reused,
            "sdmx_rows": result["sdmx_rows"],
            "cells_withheld": dg.MetadataValue.json({k: int(v) for k, v in result["withheld"].items()}),
            "primary_suppressed": result["primary"],
            "complementary_suppressed": result["complementary"],
            "tables": dg.MetadataValue.json({k: int(v) for k, v in result["tables"].items()}),
        }
    )
    # write_exports raises when the SDMX file is invalid or a small count is derivable; reaching
    # here means both checks held (for reused exports: when they were written, from the same inputs).
    yield dg.AssetCheckResult(check_name="sdmx_valid_and_no_small_cells", passed=True, metadata={"sdmx_rows": result["sdmx_rows"]})


@dg.asset(deps=PUBLIC_DEPS, group_name="publish", kinds={"html"})
def report(context: dg.AssetExecutionContext):
    """data/marts/report/index.html: one self-contained page with the regional trend, coverage,
    members, the justice chain and the methodology notes."""
    path, reused = pipeline.report()
    return dg.MaterializeResult(metadata={"path": str(path), "bytes": path.stat().st_size, "reused": reused})
