"""The render stage: a resolved plan in, HTML and PDF bytes out.

In: a frozen `framework.model.Plan`, a language, a `theme.Theme` (template folders) and the
date to print. Out: HTML text (`pages.render_plan`, `pages.render_index`) and PDF bytes
(`shrink_to_fit.print_plan` for a layout of `kindreflex.layouts`: `pdf.lay_out`, measured
by `fit_check` from WeasyPrint's Document, then written once; `pdf.html_to_pdf` for other
pages), with WeasyPrint's warnings as located issues (`weasyprint_log`, `css_warnings`).
`environment` is the Jinja environment of a theme, `plan_view` the
template-facing view of a plan (numbers, roles, targets), `localizer` fills placeholders
and renders inline Markdown, `interface_words` gives the interface words of a language (the
theme's catalogues, then kindreflex's; `fallback_marks` marks English fallbacks, and
`interface_checks` checks them for `validate`), `i18n` holds dates and language names,
`flowchart` gives the overview chart's data to `templates/flowchart.html.j2` (HTML text, CSS
lines), `qr` draws inline SVG. Nothing here writes files.
"""
