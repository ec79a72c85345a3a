"""Figures the safety tests measured (kills survived, conflicts caught), shown at the end of the test run."""

LINES: list[str] = []


def report(line: str) -> None:
    print(line)
    LINES.append(line)
