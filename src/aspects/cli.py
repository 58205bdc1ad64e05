"""The ``aspects`` command: serve, load, LRS credentials, settings."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from aspects.auth.command import token_app, user_app
from aspects.commands import DataDir, command_settings, console, rebuild_facts

app = typer.Typer(help="Aspects: learning analytics for Open edX.", no_args_is_help=True)
lrs_user = typer.Typer(
    help="LRS credentials that event-routing-backends uses.", no_args_is_help=True
)
app.add_typer(lrs_user, name="lrs-user")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (ASPECTS_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (ASPECTS_PORT).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Run the LRS and API server on the data directory (uvicorn)."""
    import uvicorn

    from aspects.app import create_app
    from aspects.ingest.facts import LearnerFacts
    from aspects.store import StoreError, open_store

    settings = command_settings(data_dir, host=host, port=port)
    try:
        store = open_store(settings)
    except StoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    try:
        # Facts of an older definition (or left behind by a crash) are rebuilt here, with a
        # progress bar, rather than silently in the app's start-up.
        if LearnerFacts(store).stale():
            rebuild_facts(store)
    finally:
        store.close()  # checked early for a clear message; the app reopens it in its lifespan
    console.print(
        f"Aspects LRS on http://{settings.host}:{settings.port}/xAPI/ "
        f"(data: {settings.data_dir.resolve()})"
    )
    # uvicorn drains on SIGTERM, then re-raises it, so the process would end "killed by
    # SIGTERM" (143) after a clean drain; with this handler it ends with status 0.
    signal.signal(signal.SIGTERM, _exit_after_drain)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


def _exit_after_drain(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="NDJSON, JSON or xapi_events_all CSV (.gz).")],
    data_dir: DataDir = None,
    lms_table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="Load LMS rows into this event_sink table instead of statements: "
            "course_overviews, course_blocks, course_enrollment, external_id, user_profile "
            "(headerless or header CSV, NDJSON; .gz too).",
        ),
    ] = None,
) -> None:
    """Load statements (or, with --table, LMS rows) from files, with the checks of HTTP."""
    from aspects.ingest import tune_gc
    from aspects.ingest.loader import LoadSummary, load_file
    from aspects.ingest.rejection_log import RejectionLog
    from aspects.ingest.writer import Writer
    from aspects.rejects import each_file_with_progress
    from aspects.store import StoreError, open_store

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        console.print(f"[red]no such file: {', '.join(missing)}[/red]")
        raise typer.Exit(2)
    settings = command_settings(data_dir)
    if lms_table is not None:
        from aspects.lms.command import load_tables

        raise typer.Exit(load_tables(settings, lms_table, files, console))
    try:
        store = open_store(settings)
    except StoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    tune_gc()
    writer = Writer(store, settings.writer)
    writer.start()
    summary = LoadSummary()
    try:
        each_file_with_progress(
            console, files, lambda path, advance: load_file(path, writer, summary, advance)
        )
    finally:
        writer.stop()
        rejections = RejectionLog(store, source="load")  # issue 6: the operator view's counts
        for reason, count in summary.rejected.items():
            rejections.add(reason, count)
        rejections.stop()
        store.close()
    table = Table(title="aspects load")
    table.add_column("outcome")
    table.add_column("statements", justify="right")
    table.add_row("accepted", str(summary.accepted))
    table.add_row("already stored", str(summary.already_stored))
    for reason, count in sorted(summary.rejected.items()):
        table.add_row(f"rejected: {reason}", str(count))
    Console().print(table)
    for path in summary.rejects_files:
        console.print(f"rejected statements written to {path}")
    if summary.total_rejected:
        raise typer.Exit(1)


@app.command()
def rebuild(data_dir: DataDir = None) -> None:
    """Recompute every learner fact from the stored statements (a server does it at start)."""
    from aspects.store import StoreError, open_store

    settings = command_settings(data_dir)
    try:
        store = open_store(settings)
    except StoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    try:
        statements, seconds = rebuild_facts(store)
    finally:
        store.close()
    rate = statements / seconds if seconds else 0.0
    console.print(
        f"learner facts rebuilt from {statements:,} statements in {seconds:.1f} s "
        f"({rate:,.0f} statements/s)"
    )


@app.command()
def demo(
    courses: Annotated[int, typer.Option(min=1, help="Courses in the deployment.")] = 3,
    learners: Annotated[int, typer.Option(min=1, help="Learners (ignored with --to-files).")] = 300,
    seed: Annotated[int, typer.Option(help="Same seed, same data (ids and bodies).")] = 42,
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Data directory to build the demo in.")
    ] = Path("./aspects-demo"),
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build only; do not serve.")] = False,
    host: Annotated[str | None, typer.Option(help="Listen address (ASPECTS_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (ASPECTS_PORT).")] = None,
    to_files: Annotated[
        Path | None,
        typer.Option("--to-files", help="Write NDJSON files for `aspects load` here instead."),
    ] = None,
    statements: Annotated[
        int, typer.Option(min=1, help="Statements to write with --to-files.")
    ] = 1_000_000,
    gzip: Annotated[bool, typer.Option("--gzip", help="Compress --to-files output.")] = False,
) -> None:
    """Build a realistic Open edX deployment through the ingest path, then serve it."""
    from aspects.demo.command import run_demo, run_to_files
    from aspects.store import StoreError

    if to_files is not None:
        raise typer.Exit(run_to_files(to_files, statements, courses, seed, gzip, console))
    settings = command_settings(data_dir)
    try:
        status = run_demo(settings, courses, learners, seed, console)
    except StoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    if status or no_serve:
        raise typer.Exit(status)
    serve(host=host, port=port, data_dir=data_dir)


@lrs_user.command("add")
def lrs_user_add(
    username: Annotated[str, typer.Option(help="Basic auth username.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, help="Basic auth password (≥ 8 chars).")
    ],
    data_dir: DataDir = None,
) -> None:
    """Add an HTTP Basic user (or change its password)."""
    from aspects.ingest.credentials import add_user

    settings = command_settings(data_dir)
    try:
        new = add_user(settings.credentials_path, username, password)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(f"{'added' if new else 'updated'} LRS user {username}")


@lrs_user.command("key")
def lrs_user_key(
    name: Annotated[str, typer.Option(help="A name for the key, e.g. the LMS it is for.")],
    data_dir: DataDir = None,
) -> None:
    """Issue a Bearer key; prints only the key (stored hashed, shown once)."""
    from aspects.ingest.credentials import issue_key

    settings = command_settings(data_dir)
    try:
        token = issue_key(settings.credentials_path, name)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    sys.stdout.write(token + "\n")


@lrs_user.command("list")
def lrs_user_list(data_dir: DataDir = None) -> None:
    """List LRS users and keys (never their secrets)."""
    from aspects.ingest.credentials import list_credentials

    settings = command_settings(data_dir)
    for credential in list_credentials(settings.credentials_path):
        typer.echo(f"{credential.kind}\t{credential.name}\t{credential.created}")


@lrs_user.command("remove")
def lrs_user_remove(
    name: Annotated[str, typer.Argument(help="The user or key name.")],
    data_dir: DataDir = None,
) -> None:
    """Remove an LRS user or key."""
    from aspects.ingest.credentials import remove

    settings = command_settings(data_dir)
    if not remove(settings.credentials_path, name):
        console.print(f"[red]no LRS user or key named {name}[/red]")
        raise typer.Exit(1)
    console.print(f"removed {name}")


@app.command("settings")
def show_settings() -> None:
    """List every setting, its environment variable, default and help."""
    from aspects.settings import describe

    for name, default, help_text in describe():
        typer.echo(f"{name}={default}\n    {help_text}")


def main() -> None:
    """Entry point of the ``aspects`` command."""
    app()


app.add_typer(user_app, name="user")
app.add_typer(token_app, name="api-token")


i18n_app = typer.Typer(help="Translations of the dashboard pages (gettext).", no_args_is_help=True)
app.add_typer(i18n_app, name="i18n")


@i18n_app.command("extract")
def i18n_extract() -> None:
    """Collect the marked text of the pages into web/locale/aspects.pot (run after editing)."""
    from aspects.web import i18n

    count = i18n.write_template()
    console.print(f"{count} messages in {i18n.TEMPLATE}")


@i18n_app.command("init")
def i18n_init(
    lang: Annotated[str, typer.Option("--lang", help="Language tag, e.g. fr or pt_BR.")],
) -> None:
    """Start a language's catalogue (web/locale/<lang>/LC_MESSAGES/aspects.po) from the .pot."""
    from aspects.web import i18n

    console.print(f"translate {i18n.init_language(lang)}")
