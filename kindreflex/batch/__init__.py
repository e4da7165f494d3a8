"""The batch stage: an organisation file in, one personalised plan per organisation out.

In: a `run.BatchRequest` (sector, organisation file, languages, formats, OUT). Out: files
under OUT (through `output.writer`) and the batch manifest. `org_file` reads the rows (CSV
through `org_csv`) and checks them against the organisations schema (in the words of
`org_messages`) into `organisation.OrgRow`s, `org_layer` turns a row into an organisation
layer (docs/format.md, "Overlays"), `org_pages` renders organisation pages and the shared
part, `pdf_assembly` lays each organisation's pages over the shared part, `whole_render`
renders the layouts each organisation gets whole, `tasks` are the work units of the process
pool, `run` drives it.
"""
