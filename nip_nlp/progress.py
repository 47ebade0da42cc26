"""A progress bar for the CLI (rich). The library never draws; it only calls back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # transient: the bar disappears when done, leaving only the summary line
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), TextColumn("{task.fields[doc]}"), transient=True) as bar:
        task = bar.add_task("documents", total=total, doc="")

        def advance(name: str) -> None:
            bar.update(task, advance=1, doc=name[-50:])

        yield advance
