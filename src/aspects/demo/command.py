"""``aspects demo``: build the demo into a data directory, or write it as files; report it."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from aspects.auth.accounts import add_account
from aspects.auth.files import users_path
from aspects.demo.build import anchor, build_demo
from aspects.demo.files import write_files
from aspects.ingest import tune_gc
from aspects.ingest.credentials import add_user, list_credentials
from aspects.settings import Settings
from aspects.store import open_store

DEMO_USER = "demo"


def _bar(console: Console) -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def ensure_lrs_user(settings: Settings) -> str | None:
    """Create the ``demo`` LRS user when the data dir has no credentials; its password."""
    if list_credentials(settings.credentials_path):
        return None
    password = secrets.token_urlsafe(12)
    add_user(settings.credentials_path, DEMO_USER, password)
    return password


def reset_demo_account(settings: Settings) -> str:
    """Give the ``demo`` dashboard account (an operator) a fresh password; return it."""
    password = secrets.token_urlsafe(12)
    add_account(users_path(settings), DEMO_USER, password, operator=True)
    return password


def run_demo(settings: Settings, courses: int, learners: int, seed: int, console: Console) -> int:
    """Build the demo in ``settings.data_dir``; returns the exit status (0: all stored)."""
    tune_gc()
    now = anchor(settings.data_dir, seed)
    started = time.perf_counter()
    store = open_store(settings)
    try:
        with _bar(console) as bar:
            task = bar.add_task(f"{courses} courses, learners", total=learners)
            summary = build_demo(
                store,
                settings,
                courses=courses,
                learners=learners,
                seed=seed,
                now=now,
                progress=lambda done: bar.update(task, completed=done),
            )
    finally:
        store.close()
    seconds = time.perf_counter() - started
    table = Table(title=f"aspects demo, seed {seed}")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("courses", summary.courses),
        ("learners", summary.learners),
        ("enrollments", summary.enrollments),
        *((f"  track {mode}", n) for mode, n in summary.tracks.most_common()),
        ("statements generated", summary.statements),
        ("  stored", summary.stored),
        ("  already stored (rerun)", summary.duplicates),
        ("  conflicts", summary.conflicts),
        *((f"  rejected: {reason}", n) for reason, n in summary.rejected.items()),
        *((f"LMS rows {t}", n) for t, n in summary.lms_written.items()),
    ]
    for what, count in rows:
        table.add_row(what, f"{count:,}")
    Console().print(table)
    rate = summary.statements / seconds if seconds else 0
    console.print(f"built in {seconds:.1f} s ({rate:,.0f} statements/s through ingest)")
    for error in summary.lms_errors[:10]:
        console.print(f"[red]{error}[/red]")
    password = ensure_lrs_user(settings)
    if password:
        console.print(f"LRS user [bold]{DEMO_USER}[/bold], password [bold]{password}[/bold]")
    sign_in = reset_demo_account(settings)
    console.print(
        f"Sign in at /login as [bold]{DEMO_USER}[/bold] with password [bold]{sign_in}[/bold] "
        "(an operator account: every course; a new password on every run)"
    )
    bad = summary.conflicts or summary.rejected or summary.lms_errors
    return 1 if bad else 0


def run_to_files(
    out: Path, statements: int, courses: int, seed: int, compress: bool, console: Console
) -> int:
    """Write the demo at ``statements`` statements as files in ``out``."""
    with _bar(console) as bar:
        task = bar.add_task("statements", total=statements)
        summary = write_files(
            out,
            statements=statements,
            courses=courses,
            seed=seed,
            now=datetime.now(UTC),
            compress=compress,
            progress=lambda done: bar.update(task, completed=done),
        )
    console.print(
        f"wrote {summary.statements:,} statements of {summary.learners:,} learners in "
        f"{courses} courses to {len(summary.files)} files in {out} "
        f"in {summary.seconds:.1f} s: [bold]{summary.rate:,.0f} statements/s[/bold]"
    )
    console.print("load them with:")
    console.print(f"  aspects load {out}/statements-*")
    for table in ("course_overviews", "course_blocks", "course_enrollment", "external_id"):
        console.print(f"  aspects load --table {table} {out}/lms/{table}*")
    console.print(f"  aspects load --table user_profile {out}/lms/user_profile*")
    return 0
