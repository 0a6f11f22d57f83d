"""Problems found in a catalogue file: errors fail it, warnings never do.

Loaders report *every* problem they find (up to a cap) with file, line,
column, field, what is wrong and how to fix it, so a manager fixes a file in
one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import CatalogueError, Location

MAX_ISSUES = 500


@dataclass(frozen=True, slots=True)
class Issue:
    severity: str             # "error" | "warning"
    code: str                 # stable id, e.g. "gtin-check-digit"
    message: str
    location: Location
    fix: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} (fix: {self.fix})"

    def to_error(self) -> CatalogueError:
        return CatalogueError(self.message, location=self.location, fix=self.fix)


class CatalogueErrors(CatalogueError):
    """A catalogue with one or more errors; ``issues`` holds all of them (and the warnings)."""

    def __init__(self, issues: list[Issue]):
        errors = [i for i in issues if i.severity == "error"]
        first = errors[0]
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        super().__init__(first.message + more, location=first.location, fix=first.fix)
        self.issues = issues

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


class Diagnostics:
    """Collects issues for one file; ``downgrade`` lists codes reported as warnings.

    Importers of other systems' exports (Shopify, Merchant Center) downgrade what
    those systems cannot express (no sizes, colour names we do not know) so the
    export still imports as it is; the native format keeps them as errors.
    """

    def __init__(self, file: str, downgrade: frozenset[str] = frozenset()):
        self.file = file
        self.downgrade = downgrade
        self.issues: list[Issue] = []
        self.dropped = 0
        self.dropped_errors = 0

    def error(self, code: str, message: str, fix: str, line: int | None = None,
              column: int | None = None, field: str | None = None,
              lenient: frozenset[str] = frozenset()) -> None:
        """``lenient``: codes this row's ``review`` cell keeps as warnings (an import draft)."""
        severity = "warning" if code in self.downgrade or code in lenient else "error"
        self._add(Issue(severity, code, message, Location(self.file, line, column, field), fix))

    def warning(self, code: str, message: str, fix: str, line: int | None = None,
                column: int | None = None, field: str | None = None) -> None:
        self._add(Issue("warning", code, message, Location(self.file, line, column, field), fix))

    def _add(self, issue: Issue) -> None:
        if len(self.issues) >= MAX_ISSUES:
            self.dropped += 1
            self.dropped_errors += issue.severity == "error"
            return
        self.issues.append(issue)

    @property
    def has_errors(self) -> bool:
        return self.dropped_errors > 0 or any(i.severity == "error" for i in self.issues)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise CatalogueErrors(list(self.issues))
