"""The output stage: requested plans in, files on disk out.

In: a `build.BuildRequest` (root, sectors, context, languages, formats, layouts, OUT), which
extends the `request.OutputRequest` that `batch` shares. Out: files under OUT written
atomically by the one `writer.OutputWriter`, and `build-manifest.json` (`manifest`), which
records the inputs and bytes of every file so a rerun writes only what changed; every run
into OUT merges its own entries into it (`shared_manifest`, under OUT's lock). `build` is the
pipeline (load → resolve every plan → render → write); `pool` chooses how many worker
processes start, and how.
"""
