"""The framework stage: YAML files in, checked and resolved plans out.

In: a root folder (`frameworks/` with the framework, `sectors/` and `contexts/` overlays) and,
for `batch`, organisation layers as plain data. Out: a `project.Project` that knows every
file, a list of located `errors.Issue`s, `overlay.Resolution`s (resolved data with the
provenance of every field) and frozen `model.Plan`s. Modules in pipeline order: `workspace`
(find files) → `yaml_source` (strict YAML with positions) → `schema` (+ `schema_messages`,
`schema_places`, `schema_words`: JSON Schema in plain words; `overlay_schema`: the
operations' part of the overlay schema) → `operations` (the table of overlay operations,
applied to an `overlay.Resolution`) → `checks` (the list of checks on a `checked_plan`:
`reference_checks`, `text_checks`, `form_checks`, `contact_checks`, `claims`) → `freeze`
(resolved data → `model.Plan`); `project` runs them for a root. `schema_facts` says what the
framework schema defines (texts, lists of items, their kinds; `refs` addresses items by them),
`reader` who the plan's front-line reader is, `grammar` the forms of names and the
contractions of a language, `org_params` the params of an organisation layer. Nothing here
renders: no Jinja, WeasyPrint or click (an import-linter contract).
"""
