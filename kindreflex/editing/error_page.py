"""The preview's error page: every error as `validate` prints it, with its code frame, and
its place a link that opens the file in the editor; no absolute path ever shows."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlencode

from ..code_frames import format_issue
from ..errors import Issue, Sources, printable

# The preview's own address that sends the browser on to the editor (preview_server), and
# where it sends it by default: VS Code's address of a file at a line (`serve --editor-url`).
OPEN_PATH = "/_open"
DEFAULT_EDITOR_URL = "vscode://file/{path}:{line}:{column}"

# An absolute path: a '/' that does not follow a word, ':' or '/' (not a URL), then parts.
_ABSOLUTE = re.compile(r"(?<![\w:/.-])/(?:[^\s/'\"<>:]+/)*([^\s/'\"<>:]+)")
# A file URL (`file:///home/…`, `file://host/…`): its path is redacted like any other.
_FILE_URL = re.compile(r"\bfile://[^/\s'\"<>]*(?=/)", re.IGNORECASE)

STYLE = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
         "padding:0 1rem;line-height:1.5}"
         "pre{white-space:pre-wrap;background:#fff4f4;border:2px solid #b00020;padding:1rem}")


def redact(text: str, root: Path | None = None) -> str:
    """`text` without absolute paths, written as paths or as file URLs: the preview may be
    seen by others than the editor."""
    text = _FILE_URL.sub("", text)
    if root is not None:
        for form in {str(root.resolve()), str(root.absolute())}:
            text = text.replace(form + "/", "").replace(form, ".")
    return _ABSOLUTE.sub(lambda m: f"…/{m.group(1)}", text)


def document(title: str, body: str) -> str:
    """A page of the preview's own (the index when there is no plan, errors)."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>\n")


def open_link(issue: Issue) -> str:
    """The preview's address that opens the issue's file at its line in the editor."""
    return OPEN_PATH + "?" + urlencode({"file": issue.file, "line": issue.line,
                                        "column": issue.column})


def issue_html(issue: Issue, sources: Sources | None) -> str:
    """One issue as `validate` prints it (code frame included), its place a link."""
    text = redact(format_issue(issue, sources))
    place = f"{printable(issue.file)}:{issue.line}:{issue.column}"
    if issue.file and text.startswith(place):
        link = (f'<a class="kr-open" href="{html.escape(open_link(issue))}" '
                f'title="Open in the editor">{html.escape(place)}</a>')
        return f'<pre class="kr-issue">{link}{html.escape(text[len(place):])}</pre>'
    return f'<pre class="kr-issue">{html.escape(text)}</pre>'


def error_page(errors: list[Issue], title: str = "", sources: Sources | None = None) -> str:
    """The errors, in the same words and with the same code frames as `kindreflex validate`,
    as a page; `title` (already redacted) replaces the count as its heading."""
    heading = title or f"The plan has {len(errors)} error(s)"
    shown = "".join(issue_html(issue, sources) for issue in errors)
    body = (f'<h1 id="kr-errors">{html.escape(heading)}</h1>'
            "<p>Fix them in the YAML files; this page updates by itself when you save. "
            "Each place opens the file in your editor.</p>"
            f'<div role="alert">{shown}</div>')
    return document("Errors – kindreflex preview", body)
