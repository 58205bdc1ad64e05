"""What every ``aspects`` command shares: the ``--data-dir`` option, settings, the error console."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from aspects.settings import Settings, SettingsError, load_settings
from aspects.store.base import Store

console = Console(stderr=True, soft_wrap=True)  # paths in messages stay whole, copyable

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default ASPECTS_DATA_DIR or ./aspects-data)."),
]


def command_settings(data_dir: Path | None, **more: object) -> Settings:
    """Settings from the environment, with the command's options winning.

    Raises:
        typer.Exit: status 2 after printing which ``ASPECTS_*`` variable is bad.
    """
    overrides: dict[str, object] = {k: v for k, v in more.items() if v is not None}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def rebuild_facts(store: Store) -> tuple[int, float]:
    """Recompute every learner fact with a progress bar; the statements and seconds it took.

    Marks the facts clean: a writer opening the store next finds them current.
    """
    from aspects.ingest.facts import LearnerFacts

    facts = LearnerFacts(store)
    columns = (
        TextColumn("rebuilding the learner facts"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("statements"),
        TimeElapsedColumn(),
    )
    started = time.perf_counter()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("rebuild", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        statements = facts.rebuild(advance)
    facts.close()
    return statements, time.perf_counter() - started
