"""Feature benches, imported automatically by `bench.run` (every module in this package).

A module here registers, via `bench.registry`:
    @generator("findings", order=200)        -- large-scale data, bulk SQL in DuckDB
    @page_setup("pages/meeting.py")          -- session state a page needs (pages in PAGES are benched anyway)
    @operation("Word export", scales=("large",))  -- any other timed operation, returning Result rows
See the docstring of bench/registry.py for an example.
"""
