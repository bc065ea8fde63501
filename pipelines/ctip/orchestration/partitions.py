"""One dynamic partition per submission, keyed by its content-derived id."""

import dagster as dg

submission_partitions = dg.DynamicPartitionsDefinition(name="submission")
WAREHOUSE_POOL = "warehouse"
