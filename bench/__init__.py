"""Performance benchmarks: `make bench` (= `python -m bench.run --scale large`).

    python -m bench.run                   demo and large scale (gives the large/demo ratios), 15 reruns per page
    python -m bench.run --quick           smoke run: 3 reruns per page, 1 import repetition
    python -m bench.run --only sag        only benches whose name contains "sag" (repeatable)
    python -m bench.run --recompile-scripts   recompile pages on every rerun (AppTest default; a server compiles once)
    python -m bench.profile_page sag --scale large [--sql] [--cache-scripts]   where one page's rerun time goes
    python -m bench.generate --scale large --out DIR                           keep the databases to look at

Modules:
    registry      registries for data generators, page benches/setups and operation benches; Result; timed()
    generate      the demo and large-scale databases (bulk SQL generators; LARGE holds the sizes)
    pages         page rerun benches via streamlit.testing AppTest: every page in reviews.navigation.PAGES + login
    import_bench  the case import (100,000 events) against DuckDB's own read_csv
    features/     one module per feature, imported automatically, registering its own generators, page setups
                  and operation benches (see bench/registry.py for an example)
    run           command line: builds the data in a temp dir, runs every bench, prints a table, writes
                  bench/results.json (a JSON list; the entry named "meta" holds machine and run information)
"""
