"""The size of what a template makes: every text, list and number has a bound, checked before
the operations that multiply sizes (`center(10**9)`, `'{:>1000000000}'`, `**`) run.

A page of a plan is a few hundred thousand characters; the bounds are far above that and far
below what would exhaust the machine. What slips past them (many values within their bound at
once, a loop that runs long) is stopped by the render's own time and memory bound
(`render.isolation`).
"""

from __future__ import annotations

import inspect
import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sized
from functools import wraps
from typing import Any

import jinja2
from jinja2.filters import make_attrgetter
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace
from markupsafe import Markup

MAX_TEXT = 2_000_000  # characters of one text a template makes
MAX_ITEMS = 100_000  # items of one list a template makes, numbers in one range
MAX_INT_BITS = 16_384  # a whole number of about 4,900 digits
_DIGITS_PER_BIT = math.log10(2)


class TemplateTooCostly(jinja2.TemplateRuntimeError):
    """A template asked for a value, a loop or a render beyond the bounds of a theme."""


def _digits(bits: int) -> int:
    return int(bits * _DIGITS_PER_BIT) + 1


def check_text_length(length: int, what: str) -> None:
    """Refuse a text of `length` characters made by `what` if it is beyond the bound."""
    if length > MAX_TEXT:
        raise TemplateTooCostly(f"{what} would make a text of {length:,} characters; a template "
                                f"may make texts of up to {MAX_TEXT:,}")


def check_item_count(count: int, what: str) -> None:
    """Refuse a list of `count` items made by `what` if it is beyond the bound."""
    if count > MAX_ITEMS:
        raise TemplateTooCostly(f"{what} would make a list of {count:,} items; a template may "
                                f"make lists of up to {MAX_ITEMS:,}")


def check_int_bits(bits: int, what: str) -> None:
    """Refuse a whole number of `bits` bits made by `what` if it is beyond the bound."""
    if bits > MAX_INT_BITS:
        raise TemplateTooCostly(f"{what} would make a number of about {_digits(bits):,} digits; "
                                f"a template may make numbers of up to {_digits(MAX_INT_BITS):,}")


def check_value(value: Any, what: str) -> Any:
    """`value`, if it is within the bounds of a value a template makes."""
    if isinstance(value, str | bytes):
        check_text_length(len(value), what)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        check_int_bits(value.bit_length(), what)
    elif isinstance(value, list | tuple | dict | set | frozenset):
        check_item_count(len(value), what)
    return value


def text_length(value: Any) -> int:
    """About how many characters `value` takes when written out (an upper bound for numbers)."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return _digits(value.bit_length()) + 1
    if isinstance(value, float):
        return 330  # '%f' of 1e308 writes every digit
    return len(str(value))


def bounded_range(*args: int) -> range:
    """`range` for templates: a loop over at most MAX_ITEMS numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_ITEMS:
        raise TemplateTooCostly(f"range() of {len(numbers):,} numbers; a template may loop over "
                                f"at most {MAX_ITEMS:,}")
    return numbers


class BoundedNamespace(Namespace):
    """`namespace()` for templates: what it holds stays within the bounds (a text doubled in a
    loop stops there)."""

    def __init__(*args: Any, **kwargs: Any) -> None:  # self is args[0], as in Jinja's
        for value in (*args[1:], *kwargs.values()):
            check_value(value, "namespace()")
        Namespace.__init__(*args, **kwargs)

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, check_value(value, f"setting '{name}' of a namespace"))


# --- operators -----------------------------------------------------------------------------

def product_size(left: Any, right: Any) -> None:
    """Refuse `left * right` if it would be beyond the bounds (a repeated text, list, or a
    whole number)."""
    for count, other in ((right, left), (left, right)):
        if isinstance(count, int) and not isinstance(count, bool):
            if isinstance(other, str | bytes):
                check_text_length(count * len(other), "'*'")
            elif isinstance(other, list | tuple):
                check_item_count(count * len(other), "'*'")
    if _whole(left) and _whole(right):
        check_int_bits(left.bit_length() + right.bit_length(), "'*'")


def power_size(left: Any, right: Any) -> None:
    """Refuse `left ** right` if the whole number it makes would be beyond the bound."""
    if _whole(left) and _whole(right) and right > 0 and abs(left) > 1:
        check_int_bits(left.bit_length() * right, "'**'")


def joined_size(parts: Iterable[Any]) -> None:
    """Refuse `a ~ b ~ …` if the text it makes would be beyond the bound."""
    check_text_length(sum(text_length(part) for part in parts), "'~'")


def sum_size(left: Any, right: Any) -> None:
    """Refuse `left + right` if the text or list it makes would be beyond the bound."""
    if isinstance(left, str | bytes) and isinstance(right, str | bytes):
        check_text_length(len(left) + len(right), "'+'")
    elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
        check_item_count(len(left) + len(right), "'+'")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- printf-style formatting: `'%10s' % x`, `'%10s'|format(x)` ------------------------------

_PERCENT_FIELD = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?"
    r"(?P<kind>[\s\S])")


def percent_size(template: str, values: Any) -> int:
    """An upper bound of the length of `template % values`."""
    mapping = values if isinstance(values, Mapping) else None
    positional = iter(values if isinstance(values, tuple) else (values,))
    total = len(template)
    for field in _PERCENT_FIELD.finditer(template):
        if field.group("kind") == "%":
            continue
        sizes = []
        for part in ("width", "precision"):
            written = field.group(part)
            amount = next(positional, 0) if written == "*" else written
            sizes.append(int(amount) if isinstance(amount, int | str) and
                         str(amount).isdigit() else 0)
        key = field.group("key")
        value = mapping.get(key, "") if mapping is not None and key is not None \
            else next(positional, "")
        total += max(sizes[0], sizes[1] + text_length(value))
    return total


def bounded_percent(template: str, values: Any) -> str:
    """`template % values`, if its result stays within the bound of a text."""
    check_text_length(percent_size(template, values), "'%' formatting")
    result: str = template % values
    return result


# --- str.format and str.format_map ------------------------------------------------------------

_FORMAT_SPEC = re.compile(r"(?:[\s\S]?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?"
                          r"(?:\.(?P<precision>\d+))?[a-zA-Z%]?")


class BoundedFormatting:
    """Counts what one `str.format` call writes, field by field, before each is written.

    Mixed into Jinja's sandboxed formatter, whose `format_field` writes each field.
    """

    written: int = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        """One field, if the text so far and this field stay within the bound."""
        spec = _FORMAT_SPEC.fullmatch(format_spec)
        width = int(spec.group("width") or 0) if spec else len(format_spec)
        precision = int(spec.group("precision") or 0) if spec else 0
        self.written += max(width, precision + text_length(value))
        check_text_length(self.written, "format()")
        return super().format_field(value, format_spec)  # type: ignore[misc]


class BoundedFormatter(BoundedFormatting, SandboxedFormatter):
    """The sandbox's formatter of `str.format`, counting what it writes."""


class BoundedEscapeFormatter(BoundedFormatting, SandboxedEscapeFormatter):
    """The sandbox's formatter of `Markup.format` (escaping), counting what it writes."""


def bounded_format(environment: jinja2.Environment, owner: str, is_map: bool,
                   ) -> Callable[..., str]:
    """`owner.format` (or `format_map`) for templates: sandboxed, and bounded field by field."""
    formatter: BoundedFormatting
    if isinstance(owner, Markup):
        formatter = BoundedEscapeFormatter(environment, escape=owner.escape)
    else:
        formatter = BoundedFormatter(environment)
    kind = type(owner)

    def format_call(*args: Any, **kwargs: Any) -> str:
        if is_map:
            if kwargs or len(args) != 1:
                raise TypeError("format_map() takes exactly one argument")
            mapping = args[0]
            args, kwargs = (), mapping
        formatter.written = len(owner)
        assert isinstance(formatter, string.Formatter)
        return kind(formatter.vformat(owner, args, kwargs))

    return format_call


# --- the str methods that make bigger texts -----------------------------------------------------

def _count(text: str | bytes, old: Any) -> int:
    if isinstance(old, type(text)):
        return text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
    return 0


def _replace_size(text: str | bytes, old: Any, new: Any, count: Any = -1) -> int:
    times = _count(text, old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(0, text_length(new) - text_length(old))


def _padded_size(text: str | bytes, width: Any = 0, *_fill: Any) -> int:
    return max(len(text), width if _whole(width) else 0)


def _tabs_size(text: str | bytes, tabsize: Any = 8) -> int:
    tab = "\t" if isinstance(text, str) else b"\t"
    return len(text) + _count(text, tab) * (tabsize if _whole(tabsize) else 8)


def _translate_size(text: str | bytes, table: Any = None, *_delete: Any) -> int:
    longest = 1
    if isinstance(table, Mapping):
        longest = max([text_length(v) for v in table.values() if v is not None] or [1])
    return len(text) * longest


METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": _padded_size, "ljust": _padded_size, "rjust": _padded_size,
    "zfill": _padded_size, "expandtabs": _tabs_size, "replace": _replace_size,
    "translate": _translate_size,
}


def bounded_method(method: Callable[..., Any], owner: str | bytes) -> Callable[..., Any] | None:
    """A text method that can make a bigger text (`center`, `replace`, `join`, …) with its
    result's size checked before it runs; None for the others."""
    name = getattr(method, "__name__", "")
    if name == "join":
        def join(items: Iterable[Any]) -> Any:
            listed = materialized(items, f"'{name}'")
            size = sum(text_length(item) for item in listed)
            check_text_length(size + max(len(listed) - 1, 0) * len(owner), f"'{name}'")
            return method(listed)

        return join
    measure = METHOD_SIZES.get(name)
    if measure is None:
        return None

    @wraps(method)
    def checked(*args: Any, **kwargs: Any) -> Any:
        check_text_length(measure(owner, *args, *kwargs.values()), f"'{name}'")
        return method(*args, **kwargs)

    return checked


def materialized(items: Iterable[Any], what: str) -> list[Any] | tuple[Any, ...]:
    """`items` as a list (a generator is read once), if it has at most MAX_ITEMS items."""
    if isinstance(items, list | tuple):
        return items
    if isinstance(items, Sized):
        check_item_count(len(items), what)
    listed = []
    for item in items:
        listed.append(item)
        check_item_count(len(listed), what)
    return listed


# --- filters --------------------------------------------------------------------------------

FilterArgs = dict[str, Any]


def _center_size(args: FilterArgs, _env: jinja2.Environment) -> int:
    return _padded_size(str(args["value"]), args["width"])


def _indent_size(args: FilterArgs, _env: jinja2.Environment) -> int:
    width = args["width"]
    step = len(width) if isinstance(width, str) else (width if _whole(width) else 0)
    text = str(args["s"])
    return len(text) + (text.count("\n") + 1) * step


def _replace_filter_size(args: FilterArgs, _env: jinja2.Environment) -> int:
    count = args["count"]
    return _replace_size(str(args["s"]), str(args["old"]), str(args["new"]),
                         -1 if count is None else count)


def _join_filter_size(args: FilterArgs, env: jinja2.Environment) -> int:
    items = args["value"] = materialized(args["value"], "join")
    if args["attribute"] is not None:
        getter = make_attrgetter(env, args["attribute"])
        items = [getter(item) for item in items]
    separator = text_length(args["d"])
    return sum(text_length(item) for item in items) + max(len(items) - 1, 0) * separator


def _wordwrap_size(args: FilterArgs, env: jinja2.Environment) -> int:
    text = str(args["s"])
    wrap = env.newline_sequence if args["wrapstring"] is None else args["wrapstring"]
    width = args["width"] if _whole(args["width"]) and args["width"] > 0 else 1
    lines = len(text) // width + text.count(" ") + text.count("\n") + 1
    return len(text) + lines * text_length(wrap)


def _format_filter_size(args: FilterArgs, _env: jinja2.Environment) -> int:
    return percent_size(str(args["value"]), args["kwargs"] or args["args"])


def _sum_filter_size(args: FilterArgs, _env: jinja2.Environment) -> int:
    items = args["iterable"] = materialized(args["iterable"], "sum")
    start = args["start"]
    if isinstance(start, str | bytes | list | tuple):
        return len(start) + sum(len(i) for i in items if isinstance(i, Sized))
    return 0


def _count_of(name: str) -> Callable[[FilterArgs, jinja2.Environment], int]:
    def count(args: FilterArgs, _env: jinja2.Environment) -> int:
        return args[name] if _whole(args[name]) else 0

    return count


Measure = Callable[[FilterArgs, jinja2.Environment], int]
FILTER_SIZES: dict[str, tuple[Measure, Callable[[int, str], None]]] = {
    "center": (_center_size, check_text_length),
    "indent": (_indent_size, check_text_length),
    "replace": (_replace_filter_size, check_text_length),
    "join": (_join_filter_size, check_text_length),
    "wordwrap": (_wordwrap_size, check_text_length),
    "format": (_format_filter_size, check_text_length),
    "sum": (_sum_filter_size, check_text_length),
    "batch": (_count_of("linecount"), check_item_count),
    "slice": (_count_of("slices"), check_item_count),
}


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The filter `name` with the size of what it makes checked: before it runs for the
    filters that multiply sizes, after it ran for every filter."""
    what = f"the filter '{name}'"
    # Jinja hands some filters its context, eval context or environment first; the sizes
    # are measured on the arguments the template wrote.
    handed = getattr(function, "jinja_pass_arg", None) is not None
    parameters = list(inspect.signature(function).parameters.values())
    if handed and getattr(inspect.unwrap(function), "jinja_pass_arg", None) is not None:
        parameters = parameters[1:]
    written = inspect.Signature(parameters)
    measure = FILTER_SIZES.get(name)

    @wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if measure is not None:
            head, rest = (args[:1], args[1:]) if handed else ((), args)
            bound = written.bind(*rest, **kwargs)
            bound.apply_defaults()
            size, check = measure
            check(size(bound.arguments, _environment_of(head)), what)
            args, kwargs = (*head, *bound.args), bound.kwargs
        return check_value(function(*args, **kwargs), what)

    return checked


def _environment_of(head: tuple[Any, ...]) -> jinja2.Environment:
    handed = head[0] if head else None
    if isinstance(handed, jinja2.Environment):
        return handed
    environment = getattr(handed, "environment", None)
    return environment if isinstance(environment, jinja2.Environment) else jinja2.Environment()
