"""What every CLI command shares: a transaction, the clock, and errors shown plainly."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from liaison.config import get_settings
from liaison.db import make_engine, make_session_factory, transaction
from liaison.errors import Invalid, LiaisonError

console = Console()
err_console = Console(stderr=True)
P = ParamSpec("P")
R = TypeVar("R")

EXIT_CODES = {"invalid": 2, "not_found": 3, "conflict": 4, "not_permitted": 5,
              "not_authenticated": 6}


@contextmanager
def unit_of_work() -> Iterator[Session]:
    engine = make_engine(get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def handled(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn domain errors into a red message and a non-zero exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except LiaisonError as exc:
            err_console.print(f"[bold red]Error:[/] {exc.message}")
            for detail in exc.details:
                err_console.print(f"  [red]{detail.field}[/]: {detail.message}")
            raise typer.Exit(EXIT_CODES.get(exc.code, 1)) from None

    return wrapper


def print_json(value: Any) -> None:
    console.print_json(json.dumps(value, default=str))


def read_json(path: Path) -> Any:
    """A JSON file given on the command line; not JSON is a field error, not a traceback."""
    try:
        return json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Invalid.field("file", f"not JSON: {exc}") from None
