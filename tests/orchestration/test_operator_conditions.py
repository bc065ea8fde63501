"""attack5 J-N.6: a run stopped by a condition the operator must act on (here: the release history
missing) printed the one useful sentence inside Dagster's step-failure stack trace, and `ctip run`
ended with Dagster's wrapper ("Error occurred while executing op ...") instead of it. The console
now tells such a condition in one line, without the trace; a bug keeps its full trace."""

from __future__ import annotations

import dagster as dg

from ctip.export.releases import ReleaseHistoryMissing
from ctip.orchestration.console import console_logger
from ctip.runner import _execute

SENTENCE = "the release history is missing although a release was published; restore it (docs/operations.md)"


def _job(exc: Exception):
    @dg.asset(name="open_exports")
    def stopped():
        raise exc

    defs = dg.Definitions(assets=[stopped], jobs=[dg.define_asset_job("main", selection="*")], loggers={"console": console_logger})
    return defs.resolve_job_def("main")


def test_an_operator_condition_is_one_line_without_a_stack_trace(capfd):
    outcome = _execute(_job(ReleaseHistoryMissing(SENTENCE)), dg.DagsterInstance.ephemeral())
    err = capfd.readouterr().err
    assert not outcome.success
    assert outcome.error == SENTENCE
    failure = [line for line in err.splitlines() if "STEP_FAILURE" in line]
    assert len(failure) == 1 and failure[0].endswith(SENTENCE)
    assert "Stack Trace" not in err and "Traceback" not in err and "DagsterExecutionStepExecutionError" not in err


def test_a_bug_keeps_its_trace_and_its_own_words(capfd):
    outcome = _execute(_job(KeyError("fact_observation")), dg.DagsterInstance.ephemeral())
    err = capfd.readouterr().err
    assert not outcome.success
    assert "fact_observation" in outcome.error and "Error occurred while executing" not in outcome.error
    assert "Stack Trace" in err
