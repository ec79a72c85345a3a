"""Prints how many generated examples the fuzz tests (and the schemathesis run) tried."""

from tests.fuzz.strategies import EXAMPLES


def pytest_terminal_summary(terminalreporter):
    if EXAMPLES:
        total = sum(EXAMPLES.values())
        parts = ", ".join(f"{name} {n}" for name, n in sorted(EXAMPLES.items()))
        terminalreporter.write_line(f"fuzz examples run: {total} ({parts})")
