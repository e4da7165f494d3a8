"""The framework stage: YAML files in, checked and resolved plans out.

In: a root folder (`frameworks/` with the framework, `sectors/` and `contexts/` overlays) and,
for `batch`, organisation layers as plain data. Out: a `project.Project` that knows every
file, a list of located `errors.Issue`s, `overlay.Resolution`s (resolved data with the
provenance of every field) and frozen `model.Plan`s. Modules in pipeline order: `workspace`
(find files) → `yaml_source` (strict YAML with positions) → `schema` (+ `schema_messages`,
`schema_places`, `schema_words`: JSON Schema in plain words) → `overlay` (the operations
of DESIGN §4) → `checks` and `refs` (references, flow, placeholders, contacts) → `freeze`
(resolved data → `model.Plan`); `project` runs them for a root. Nothing here renders: no
Jinja, WeasyPrint or click (an import-linter contract).
"""
