"""The output stage: requested plans in, files on disk out.

In: a `build.BuildRequest` (root, sectors, context, languages, formats, layouts, OUT).
Out: files under OUT written atomically by the one `writer.OutputWriter`, and
`build-manifest.json` (`manifest`), which records the inputs and bytes of every file so a
rerun writes only what changed. `build` is the pipeline (load → resolve every plan →
render → write); `pool` chooses how worker processes start.
"""
