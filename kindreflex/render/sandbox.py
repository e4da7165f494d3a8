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
import weakref
from collections.abc import Callable
from pathlib import Path
from types import BuiltinMethodType, MethodType, TracebackType
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import ContentError, Issue, OutputError, Sources
from ..framework.files import (
    UTF8_HINT,
    FileProblem,
    NotUtf8,
    is_regular_file,
    read_bounded,
    utf8_text,
)
from .isolation import BoundExceeded
from .template_limits import (
    BoundedNamespace,
    TemplateTooCostly,
    bounded_filter,
    bounded_format,
    bounded_method,
    bounded_percent,
    bounded_range,
    check_value,
    power_size,
    product_size,
    sum_size,
)
from .theme import Theme

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


class TemplateUnreadable(jinja2.TemplateError):
    """A theme file that is there but cannot be read as a template (not UTF-8, too large):
    where, why and what to do (picklable: a theme renders in a process of its own)."""

    def __init__(self, message: str, file: str, line: int = 1, column: int = 1,
                 hint: str = "") -> None:
        super().__init__(message)
        self.file, self.line, self.column, self.hint = file, line, column, hint

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.message, self.file, self.line, self.column, self.hint)


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
                source = utf8_text(read_bounded(resolved, MAX_TEMPLATE_BYTES))
            except NotUtf8 as problem:
                raise TemplateUnreadable(problem.reason, str(path), problem.line,
                                         problem.column, UTF8_HINT) from None
            except FileProblem as problem:
                raise TemplateUnreadable(problem.reason, str(path),
                                         hint=problem.hint) from None
            mtime = resolved.stat().st_mtime_ns
            return source, str(path), functools.partial(_unchanged, resolved, mtime)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: int) -> bool:
    try:
        return path.stat().st_mtime_ns == mtime
    except OSError:
        return False


class BoundedCodeGenerator(CodeGenerator):
    """Compiles templates so that `a ~ b` is checked like the other ways to make a text."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.joined_within_bounds(")
        super().visit_Concat(node, frame)
        self.write(")")


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of every template, the default theme's too, with the size of every text,
    list and number it makes bounded (`render.template_limits`)."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals["range"] = bounded_range
        self.globals["namespace"] = BoundedNamespace
        # Jinja's placeholder-text generator: nothing a plan needs, and an easy way to ask
        # for megabytes of text.
        del self.globals["lipsum"]
        self._references: weakref.WeakKeyDictionary[jinja2.Template, tuple[str, ...]] = \
            weakref.WeakKeyDictionary()

    def call_binop(self, context: jinja2.runtime.Context, operator_name: str, left: Any,
                   right: Any) -> Any:
        if operator_name == "*":
            product_size(left, right)
        elif operator_name == "**":
            power_size(left, right)
        elif operator_name == "+":
            sum_size(left, right)
        elif operator_name == "%" and isinstance(left, str):
            return bounded_percent(left, right)
        return self.binop_table[operator_name](left, right)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any,
             **kwargs: Any) -> Any:
        """A call from a template; what a macro (or a recursive loop) is given and gives back
        stays within the bounds, so recursion cannot grow a text either."""
        if not isinstance(obj, Macro | LoopContext):
            return super().call(context, obj, *args, **kwargs)
        for value in (*args, *kwargs.values()):
            check_value(value, "a macro's argument")
        return check_value(super().call(context, obj, *args, **kwargs), "a macro")

    def wrap_str_format(self, value: Any) -> Callable[..., Any] | None:
        """Text methods reached from a template: `format` sandboxed and bounded, the methods
        that make bigger texts (`center`, `replace`, `join`, …) bounded."""
        owner = getattr(value, "__self__", None)
        if not isinstance(value, MethodType | BuiltinMethodType) or \
                not isinstance(owner, str | bytes):
            return None
        if value.__name__ in ("format", "format_map") and isinstance(owner, str):
            return bounded_format(self, owner, value.__name__ == "format_map")
        return bounded_method(value, owner)

    def joined_within_bounds(self, value: Any) -> Any:
        """The text `a ~ b` made, if it is within the bound (called by compiled templates)."""
        return check_value(value, "'~'")

    def load_with_references(self, name: str) -> jinja2.Template:
        """The template `name`, compiled, and every template it names by a fixed name
        (extends, include, import), so that a render process finds them compiled."""
        template = self.get_template(name)
        pending, seen = [name], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                pending.extend(self._referenced(current))
            except jinja2.TemplateError:
                continue  # the render reports it, at the line that names it
        return template

    def _referenced(self, name: str) -> tuple[str, ...]:
        template = self.get_template(name)
        names = self._references.get(template)
        if names is None:
            assert self.loader is not None
            source, _filename, _uptodate = self.loader.get_source(self, name)
            found = jinja2.meta.find_referenced_templates(self.parse(source))
            names = self._references[template] = tuple(n for n in found if n)
        return names


TOO_COSTLY = "template-too-costly"
CODES: tuple[tuple[tuple[type[BaseException], ...], str, str], ...] = (
    ((jinja2.TemplateSyntaxError,), "template-syntax", "fix the template at this line"),
    ((SecurityError,), "template-unsafe",
     "a theme lays out the plan it is given; it cannot reach Python, files or the system"),
    ((jinja2.TemplateNotFound,), "template-not-found",
     "check the name, and that the file is in the theme folder"),
    ((TemplateUnreadable,), "template-unreadable",
     "give the theme a readable text file (UTF-8) of this name"),
    ((OutputError,), "template-asset",
     "asset_url names a file inside the theme folders (for example 'fonts/x.ttf')"),
    ((TemplateTooCostly, BoundExceeded, MemoryError), TOO_COSTLY,
     "a theme lays out the plan it is given: make texts, lists and loops from the plan, not "
     "from large numbers"),
)


def is_template_problem(exc: BaseException, theme: Theme) -> bool:
    """Whether `exc` comes from a template (its code, or what it asked for), not from a bug
    in kindreflex that merely ran during a render."""
    if isinstance(exc, OutputError | jinja2.TemplateError | BoundExceeded | MemoryError):
        return True
    return _template_frame(exc.__traceback__, theme) is not None


def template_error(exc: BaseException, theme: Theme, name: str, what: str,
                   lang: str) -> ContentError:
    """A located error (`theme file:line:1: error[template-…]`) for a template problem.

    `name` is the file of the template rendered: the place when no line is known.
    """
    code, hint = "template-error", "fix the template at this line"
    for kinds, kind_code, kind_hint in CODES:
        if isinstance(exc, kinds):
            code, hint = kind_code, kind_hint
            break
    file, line, column = name, 1, 1
    if isinstance(exc, TemplateUnreadable):  # the file itself, not the line that asked for it
        file, line, column, hint = exc.file, exc.line, exc.column, exc.hint or hint
    elif isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        file, line = exc.filename or exc.name or name, exc.lineno
    else:
        file, line = _template_frame(exc.__traceback__, theme) or (file, line)
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"there is no template {exc.name!r}"
    elif isinstance(exc, jinja2.TemplateError) and exc.message:
        message = exc.message
    elif isinstance(exc, MemoryError):
        message = "it needed more memory than a render may use"
    elif isinstance(exc, BoundExceeded | OutputError):
        message = str(exc)
    else:  # Python's own error: its name says as much as its message
        message = f"{type(exc).__name__}: {exc}".rstrip(": ")
    if code in ("template-error", TOO_COSTLY):
        message = f"rendering {what} ({lang}): {message}"
    hints = [hint]
    if code == "template-error" and Path(file).is_relative_to(theme.default):
        hints.append("this line is in the built-in theme: a bug in kindreflex; please report "
                      "it with the output of --debug")
    label = theme.label_of(file)
    sources = Sources()
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.source is not None:
        sources.add(label, exc.source)  # the lines around it, as Jinja read them
    return ContentError([Issue(label, line, column, code, message, tuple(hints))],
                        sources=sources)


def _template_frame(tb: TracebackType | None, theme: Theme) -> tuple[str, int] | None:
    """The innermost frame of a theme file (Jinja rewrites tracebacks so template frames
    carry the template's file and line)."""
    where = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(Path(filename).is_relative_to(folder) for folder in theme.dirs):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where
