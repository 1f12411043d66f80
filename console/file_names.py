"""Names offered for the documents Cordon writes (its own module, so the window can
offer a name without importing the PDF library)."""

from __future__ import annotations

from datetime import date


def suggested_name(what: str, title: str, day: date, suffix: str = ".pdf") -> str:
    """A file name that says what a document is about and when: "incident-report-
    eastbridge-market-2026-12-06.pdf" (the title cut to 50 characters)."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())[:50]
    return f"{what}-{slug.strip('-') or 'untitled'}-{day.isoformat()}{suffix}"
