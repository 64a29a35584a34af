"""What an import found: each table's counts and every problem, by table, row and column."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None  # counted from the first data row, as the admin's import preview counts
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.table} row {self.row}" if self.row else self.table
        return f"{where}, {self.column}: {self.message}"


@dataclass
class ImportReport:
    counts: dict[str, Counter] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rejected_rows(self) -> int:
        return len({(problem.table, problem.row) for problem in self.problems})

    @property
    def rows(self) -> int:
        return sum(
            counts[kind] for counts in self.counts.values() for kind in ("created", "updated", "unchanged")
        )

    def reject(self, table: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(table, row, column, message))

    def reject_error(self, table: str, row: int | None, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            for message in messages:
                self.reject(table, row, "row" if name == "__all__" else name, message)
