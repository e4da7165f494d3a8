"""The render stage: a resolved plan in, HTML and PDF bytes out.

In: a frozen `framework.model.Plan`, a language, a `theme.Theme` (template folders) and the
date to print. Out: HTML text (`pages.render_plan`, `pages.render_index`) and PDF bytes
(`pdf.html_to_pdf`). `environment` is the Jinja environment of a theme, `plan_view` the
template-facing view of a plan (numbers, roles, targets), `localizer` fills placeholders
and renders inline Markdown, `i18n` holds the UI strings and dates, `flowchart` gives the
overview chart's data to `templates/flowchart.html.j2` (HTML text, CSS lines), `qr` draws
inline SVG. Nothing here writes files.
"""
