#!/usr/bin/env python3
"""Check the reader rules of tests/test_reader_rules.py on papers built elsewhere.

The test module builds the papers it checks. To learn which rules papers of another commit
break (issue 20's first acceptance point: every rule fails on the main before it), build
that commit's papers into a folder of their own and run

    .venv/bin/python scripts/reader_rules_on.py OUT [--root ROOT] [--batch DIR]

OUT holds `<lang>/<paper>.pdf` (and the `.html` beside each, for the page-break rule and
the rules of the web pages) as a build writes them; ROOT (default: this repository) is the
project their plans are read from: the rules name contacts, roles and texts by the plans of
ROOT, so the papers of an older commit are judged by today's content, by their text.
`--batch DIR` gives the PDFs of a batch of the test's organisation with long names
(`LONG_NAMES_ORG`) for the rules about names. Each rule is printed with the number of
papers it finds broken and its first lines.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import test_reader_rules as rules  # noqa: E402  (the repository's tests package)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder of a build's papers")
    parser.add_argument("--root", type=Path, default=REPO, help="project the plans come from")
    parser.add_argument("--batch", type=Path, help="folder of a batch of LONG_NAMES_ORG")
    parser.add_argument("--shown", type=int, default=3, help="lines shown of each broken rule")
    args = parser.parse_args()
    given = {"papers": rules.papers_in(args.root.resolve(), args.out.resolve()),
             "web_pages": rules.web_pages_in(args.root.resolve(), args.out.resolve()),
             "batch_papers": sorted(args.batch.glob("orgs/*/*.pdf")) if args.batch else None}
    broken_rules = 0
    for name, test in inspect.getmembers(rules, inspect.isfunction):
        wanted = list(inspect.signature(test).parameters)
        if not name.startswith("test_") or not wanted or set(wanted) - set(given):
            continue  # a rule of its own making (property tests, the rule's own check)
        if any(given[fixture] is None for fixture in wanted):
            print(f"skipped  {name}: no --batch")
            continue
        try:
            test(*(given[fixture] for fixture in wanted))
        except AssertionError as failure:
            broken_rules += 1
            lines = [line for line in str(failure).split("\nassert ")[0].splitlines()
                     if line.strip()] or [repr(failure)]
            papers = {found.group(0) for line in lines
                      if (found := re.match(r"\S+?\.pdf", line))}
            print(f"BROKEN   {name}: {len(lines)} finding(s) on {len(papers)} paper(s)")
            for line in lines[:args.shown]:
                print(f"           {line}")
        except Exception as error:  # a rule that cannot read these papers at all
            broken_rules += 1
            print(f"ERROR    {name}: {type(error).__name__}: {error}")
        else:
            print(f"holds    {name}")
    return 1 if broken_rules else 0


if __name__ == "__main__":
    sys.exit(main())
