"""A progress bar for the CLI (rich). The library never draws; it only calls back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # transient: the bar disappears when done, leaving only the summary line.
    # auto_refresh=False: rich would otherwise redraw from a thread of its own, and with a
    # thread running the runner starts workers with spawn instead of fork (runner.start_method);
    # the bar is redrawn when a document finishes instead.
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), TextColumn("{task.fields[doc]}"), transient=True,
                  auto_refresh=False) as bar:
        task = bar.add_task("documents", total=total, doc="")

        def advance(name: str) -> None:
            bar.update(task, advance=1, doc=name[-50:], refresh=True)

        yield advance
