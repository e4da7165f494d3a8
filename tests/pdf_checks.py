"""PDF/UA checks for the tests: the `pdfua` machine check, a walk of the tree, its text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
from pdfua import validate

from kindreflex.render.pdf_tags import DECORATIVE, is_element, kids, number_tree

# Findings we accept, by rule id, each with the reason (none so far).
ACCEPTED: dict[str, str] = {}
# pdfua 0.1.3 cannot evaluate UA-14-001 (empty headings) on any tagged file whose headings
# hold more than one kid: it asks pikepdf for `Array.is_integer`, which raises. The same
# property is checked by `structure_problems` below ("heading without content").
UPSTREAM_SKIP = ("UA-14-001", "is_integer")


def pdfua_problems(path: Path) -> list[str]:
    """Every finding of `pdfua check` (any severity) and every rule it could not run."""
    report = validate(str(path))
    problems = [f"{path.name}: {f.rule_id} {f.severity.name} page {f.location.page}: "
                f"{f.message}" for f in report.findings if f.rule_id not in ACCEPTED]
    for outcome in report.skipped:
        rule, marker = UPSTREAM_SKIP
        if not (outcome.rule_id == rule and marker in (outcome.skipped_reason or "")):
            problems.append(f"{path.name}: {outcome.rule_id} not run: {outcome.skipped_reason}")
    return problems


def _stream_mcids(page: Any) -> Counter[int]:
    """The MCIDs marked in a page's content stream and the form XObjects it draws."""
    found: Counter[int] = Counter()
    owners, seen = [page.obj], set()
    while owners:
        owner = owners.pop()
        for instruction in pikepdf.parse_content_stream(owner):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            if str(instruction.operator) == "BDC":
                properties = instruction.operands[-1]
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    found[int(properties.MCID)] += 1
        for xobject in owner.get("/Resources", {}).get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                owners.append(xobject)
    return found


def _walk(tree: Any) -> Iterator[tuple[Any, Any]]:
    """(element, parent) for every structure element, in reading order."""
    stack = [(kid, tree) for kid in reversed(kids(tree))]
    while stack:
        element, parent = stack.pop()
        if is_element(element):
            yield element, parent
            stack.extend((kid, element) for kid in reversed(kids(element)))


def structure_problems(path: Path) -> list[str]:
    """What is wrong with the structure tree: every MCID of every page must be referenced
    exactly once from /ParentTree, by the one element of the tree that holds it; every link
    annotation likewise; headings hold text; figures are named; /P links are right."""
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return [f"{path.name}: no structure tree"]
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        holders: Counter[tuple[int, int]] = Counter()  # (page, MCID) held by an element
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        links: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> element
        in_tree = set()
        for element, parent in _walk(tree):
            in_tree.add(element.objgen)
            role = str(element.get("/S"))
            if element.get("/P") is None or element.P.objgen != parent.objgen:
                problems.append(f"{role} has a wrong /P")
            if role in {f"/H{n}" for n in range(1, 7)} and not _holds_content(element):
                problems.append(f"{role} heading without content")
            if role == "/Figure" and str(element.get("/Alt", "")).strip() in ("", DECORATIVE):
                problems.append(f"figure without a text alternative: {element.get('/Alt')}")
            page = element.get("/Pg")
            for kid in kids(element):
                if isinstance(kid, int):
                    key = (pages[page.objgen], kid)
                elif kid.get("/Type") == "/MCR":
                    key = (pages[kid.get("/Pg", page).objgen], int(kid.MCID))
                elif kid.get("/Type") == "/OBJR":
                    links[kid.Obj.objgen] = element.objgen
                    continue
                else:
                    continue
                holders[key] += 1
                owner[key] = element.objgen
        problems += [f"page {p} MCID {m} held by {n} elements"
                     for (p, m), n in holders.items() if n != 1]
        parents = dict(number_tree(tree.ParentTree))
        for page in pdf.pages:
            number = pages[page.objgen]
            marked = _stream_mcids(page)
            problems += [f"page {number} MCID {m} marked {n} times"
                         for m, n in marked.items() if n != 1]
            mapping = parents.get(int(page.obj.get("/StructParents", -1)), pikepdf.Array())
            mapped = {m: e for m, e in enumerate(mapping) if e is not None}
            if set(mapped) != set(marked):
                problems.append(f"page {number}: marked {sorted(marked)} but /ParentTree "
                                f"maps {sorted(mapped)}")
            for mcid, element in mapped.items():
                if owner.get((number, mcid)) != element.objgen:
                    problems.append(f"page {number} MCID {mcid}: /ParentTree names an "
                                    f"element that does not hold it")
                if element.objgen not in in_tree:
                    problems.append(f"page {number} MCID {mcid}: element outside the tree")
            for annotation in page.get("/Annots", []):
                key = annotation.get("/StructParent")
                target = parents.get(int(key)) if key is not None else None
                if target is None or links.get(annotation.objgen) != target.objgen:
                    problems.append(f"page {number}: a link annotation is not in the tree")
    return [f"{path.name}: {problem}" for problem in problems]


def reading_order(path: Path) -> list[tuple[str, int, int]]:
    """(role, page, depth) of every structure element, in the tree's order (pikepdf walk)."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        depth = {pdf.Root.StructTreeRoot.objgen: -1}
        found = []
        for element, parent in _walk(pdf.Root.StructTreeRoot):
            depth[element.objgen] = depth[parent.objgen] + 1
            page = element.get("/Pg")
            found.append((str(element.S), pages[page.objgen] if page is not None else 0,
                          depth[element.objgen]))
    return found


def _holds_content(element: Any) -> bool:
    return any(not is_element(kid) or _holds_content(kid) for kid in kids(element))


def structure_text(path: Path) -> list[tuple[str, str]]:
    """(role of the block, text) of each piece of tagged text, in the tree's reading order."""
    found: list[tuple[str, str]] = []
    with pdfplumber.open(path) as pdf:
        chars: dict[tuple[int, int], list[str]] = {}
        for page in pdf.pages:
            for char in page.chars:
                if char.get("mcid") is not None:
                    chars.setdefault((page.page_number, char["mcid"]), []).append(char["text"])

        def walk(element: dict[str, Any], block: str) -> None:
            role = element.get("type", "")
            if role not in ("Span", "NonStruct", "Link", "LBody", "Lbl"):
                block = role
            text = "".join("".join(chars.get((element.get("page_number", 0), mcid), []))
                           for mcid in element.get("mcids", []))
            if text.strip():
                found.append((block, " ".join(text.split())))
            for child in element.get("children", []):
                walk(child, block)

        for top in pdf.structure_tree:
            walk(top, "Document")
    return found


def structure_languages(node: object) -> list[tuple[str, str]]:
    """(type, /Lang) of every structure element under `node` that states its language."""
    found: list[tuple[str, str]] = []
    if isinstance(node, pikepdf.Dictionary):
        if "/Lang" in node:
            found.append((str(node.get("/S")), str(node.Lang)))
        kids = node.get("/K")
        if kids is not None:
            found += structure_languages(kids)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            found += structure_languages(kid)
    return found
