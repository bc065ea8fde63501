"""The console logger of ctip's runs: Dagster's own, except that a step stopped by a condition the
operator must act on (the release history missing, damaged or behind the last release; exports
or a report refused because a small count would stay derivable; the warehouse unusable) is told
in its own words, without the Python stack trace around them (attack5 J-N.6: the one useful
sentence was buried in Dagster's step-failure trace). Any other failure keeps Dagster's full
text: it is a bug, and its trace is what a developer needs. The trace of every failure stays in
the run's event log (the Dagster UI)."""

from __future__ import annotations

import logging

import dagster as dg

# ctip's exceptions that mean "an operator must decide", by class name (the step failure carries
# the user's exception as serialised error info, not as the exception object).
OPERATOR_CONDITIONS = frozenset(
    {"ReleaseHistoryDamaged", "ReleaseHistoryMissing", "ReleaseHistoryBehind", "ExportError", "ReportDataError", "WarehouseUnusable"}
)


def operator_condition(error) -> tuple[str, str] | None:
    """(class name, message) of the operator condition in a step failure's error chain, or None."""
    while error is not None:
        if error.cls_name in OPERATOR_CONDITIONS:
            # 'ctip.export.releases.ReleaseHistoryMissing: <what to do>' -> '<what to do>'
            return error.cls_name, error.message.strip().split(f"{error.cls_name}: ", 1)[-1]
        error = error.cause
    return None


def failure_message(error) -> str:
    """The sentence a step failure is summed up with: the operator condition's own words, else the
    innermost error's message (the user's exception, not Dagster's wrapper around it)."""
    found = operator_condition(error)
    if found:
        return found[1]
    while error is not None and error.cause is not None:
        error = error.cause
    return error.message.strip() if error is not None else "run failed"


class _OperatorConditionsInOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        # the step's failure, and the run's failure that repeats its error
        error = getattr(event.event_specific_data, "error", None) if event is not None and (event.is_step_failure or event.is_run_failure) else None
        if error is not None:
            found = operator_condition(error)
            if found:
                head = record.getMessage().split("\n", 1)[0]
                record.msg, record.args = f"{head} {found[1]}", ()
        return True


@dg.logger(
    {
        "log_level": dg.Field(str, is_required=False, default_value="INFO", description="The logger's threshold."),
        "name": dg.Field(str, is_required=False, default_value="dagster", description="The logger's name."),
    },
    description="Dagster's colored console logger; a condition for the operator told without a stack trace.",
)
def console_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = dg.colored_console_logger.logger_fn(init_context)
    logger.addFilter(_OperatorConditionsInOneLine())
    return logger
