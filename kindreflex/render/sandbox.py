"""Templates are content, not code: Jinja's sandbox, a loader that reads theme files only, and
template problems as located errors.

A theme may lay out the plan it is given: read the plan, the view and the helpers the
context holds, call their public methods, use Jinja's filters, tests and macros, include
and extend templates of the theme, and name theme files with `asset_url`. It may not reach
Python internals (attributes starting with `_`, `__globals__`, `mro`, …), change what it
is given (lists, dicts), read files outside the theme folders, or build huge values.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import ContentError, Issue, OutputError
from ..framework.files import FileProblem, is_regular_file, read_bounded
from .theme import Theme

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# `"x" * n` and `n ** m` are the two ways a template can ask for a huge value.
MAX_REPEAT = 100_000
MAX_POWER = 1_000


class ThemeLoader(jinja2.BaseLoader):
    """Loads templates from the theme's folders (overrides first); `default/NAME` is the
    built-in one. A file is used only if it really lies inside its folder (no link out of
    it) and is a regular file; it is read with a bound."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        folders = self.theme.dirs
        if pieces and pieces[0] == "default":
            folders, pieces = (self.theme.default,), pieces[1:]
        for folder in folders:
            path = folder.joinpath(*pieces)
            if not path.exists() and not path.is_symlink():
                continue
            resolved = path.resolve()
            if not resolved.is_relative_to(folder.resolve()) or not is_regular_file(resolved):
                raise SecurityError(f"the template {template!r} is not a file inside the "
                                    f"theme folder {self.theme.label(folder)}")
            try:
                source = read_bounded(resolved, MAX_TEMPLATE_BYTES).decode("utf-8")
            except (FileProblem, UnicodeDecodeError) as problem:
                raise jinja2.TemplateNotFound(template, f"{template}: {problem}") from None
            mtime = resolved.stat().st_mtime_ns
            return source, str(path), functools.partial(_unchanged, resolved, mtime)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: int) -> bool:
    try:
        return path.stat().st_mtime_ns == mtime
    except OSError:
        return False


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of every template, the default theme's too; bounded `*` and `**`."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator_name: str, left: Any,
                   right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > MAX_POWER:
                raise SecurityError(f"the power {right} is too large for a template")
            return operator.pow(left, right)
        for count, other in ((right, left), (left, right)):
            if isinstance(count, int) and isinstance(other, str | list | tuple | bytes) and \
                    count * max(1, len(other)) > MAX_REPEAT:
                raise SecurityError("a template may not repeat a text or list that often")
        return operator.mul(left, right)


CODES: tuple[tuple[type[BaseException], str, str], ...] = (
    (jinja2.TemplateSyntaxError, "template-syntax", "fix the template at this line"),
    (SecurityError, "template-unsafe",
     "a theme lays out the plan it is given; it cannot reach Python, files or the system"),
    (jinja2.TemplateNotFound, "template-not-found",
     "check the name, and that the file is in the theme folder"),
    (OutputError, "template-asset",
     "asset_url names a file inside the theme folders (for example 'fonts/x.ttf')"),
)


def template_error(exc: BaseException, theme: Theme, name: str, what: str,
                   lang: str) -> ContentError:
    """A located error (`theme file:line:1: error[template-…]`) for a template problem."""
    code, hint = "template-error", "fix the template at this line"
    for kind, kind_code, kind_hint in CODES:
        if isinstance(exc, kind):
            code, hint = kind_code, kind_hint
            break
    file, line = name, 1
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        file, line = exc.filename or exc.name or name, exc.lineno
    else:
        file, line = _template_frame(exc.__traceback__) or (file, line)
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"there is no template {exc.name!r}"
    detail = f"rendering {what} ({lang}): {message}" if code == "template-error" else message
    return ContentError([Issue(theme.label_of(file), line, 1, code, detail, (hint,))])


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    where = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".css")):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where
