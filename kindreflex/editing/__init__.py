"""The editors' loop: a root being edited in, reports and a live preview out.

In: a root folder (through `framework.project`). Out: text and JSON reports (`plan_report`:
explain and diff; `translation_report`: missing translations), a new overlay file
(`scaffold`, never overwriting), and the preview server (`preview_server`, HTTP and
reload events) with its state (`live_state`: the current project, its errors, pages
rendered on demand).
"""
