"""Shared test settings: a bounded, derandomised hypothesis profile under CI."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Without CI: hypothesis's own default of 100 examples a test (the README's command, in
# about three minutes on two cores); HYPOTHESIS_PROFILE=thorough draws 500.
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine-only",
        action="store_true",
        help="send every group of report(table) to the engine (the reference path)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # The table path's quick fold is a second executor of the event program; CI runs
    # the table, replay and metrics suites again with it off, as pendulum runs its
    # suite again without its compiled extension. A private module switch, set for the
    # session only when asked.
    if config.getoption("--engine-only"):
        from cadencekit import _columnar

        _columnar.ENGINE_ONLY = True
