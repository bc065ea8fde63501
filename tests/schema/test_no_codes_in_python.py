"""No indicator or dimension code is written in Python: codes live in schemas/ and code asks the
schema for them by role (`load_schema().role("headline")`, `load_schema().total_code`, ...).

The scan reads every module's string literals with `ast` (not a regex, so comments and docstrings
that mention a code in prose are not literals that compare or build anything). An indicator code
is flagged wherever it appears. A dimension code is flagged where it is used as a code: next to a
dimension (compared with `df["sex"]`, `row.sex`, `d.get("sex")`, set as `sex=...`, the value of
`{"sex": ...}` or of `("sex", ...)`), inside a loop or comprehension over the DIMENSIONS, bound to
a constant of its own name (`TOTAL = "total"`), or in a collection made only of one dimension's
codes (`("female", "male")`). The same words are ordinary English elsewhere and are not flagged
there: a label's kind `"total"`, a file of kind `"other"`, a submission's source `"national"`, the
mart column `total`. Dimension names used as column names (`"sex"`) are table contracts, not codes.

Only the schema loader may write codes; it reads them from the YAML and writes none itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ctip.schema import DIMENSIONS, load_schema

PACKAGE = Path(__file__).resolve().parents[2] / "pipelines" / "ctip"
# The loaders: the only modules that may name a code (they read them from schemas/).
LOADERS = {PACKAGE / "schema.py"}


def _codes():
    schema = load_schema()
    indicators = frozenset(schema.indicators)
    by_dimension = {name: frozenset(dim.codes) for name, dim in schema.dimensions.items()}
    return indicators, by_dimension


def _names(node: ast.AST) -> set[str]:
    """The dimension-like names an expression refers to: a literal, a variable, an attribute, a
    subscript, or `x.get(...)` of one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name):
        return {node.id.lower()}
    if isinstance(node, ast.Attribute):
        return {node.attr.lower()}
    if isinstance(node, ast.Subscript):
        return _names(node.slice)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        return _names(node.args[0])
    return set()


def _literals(node: ast.AST) -> list[ast.Constant]:
    """String constants of an expression, looking into tuples, lists, sets and conditionals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [c for e in node.elts for c in _literals(e)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def find_codes(source: str, indicators: frozenset[str], by_dimension: dict[str, frozenset[str]]) -> list[tuple[int, str]]:
    """(line, literal) of every indicator or dimension code written as a code in `source`."""
    dimensions = set(by_dimension)
    codes = frozenset().union(*by_dimension.values())
    tree = ast.parse(source)
    found: set[tuple[int, int, str]] = set()

    def flag(nodes):
        for c in nodes:
            if c.value in codes or c.value in indicators:
                found.add((c.lineno, c.col_offset, c.value))

    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in indicators:
            found.add((node.lineno, node.col_offset, node.value))
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_names(o) & dimensions for o in operands):
                for o in operands:
                    flag(_literals(o))
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if k is not None and _names(k) & dimensions:
                    flag(_literals(v))
            values = [v.value for v in node.values if isinstance(v, ast.Constant)]
            if len(values) >= 2 and len(values) == len(node.values) and any(set(values) <= s for s in by_dimension.values()):
                flag(node.values)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            elts = node.elts
            if len(elts) == 2 and _names(elts[0]) & dimensions and not isinstance(elts[0], ast.Name):
                flag(_literals(elts[1]))
            values = [e.value for e in elts if isinstance(e, ast.Constant)]
            if len(values) >= 2 and len(values) == len(elts) and any(set(values) <= s for s in by_dimension.values()):
                flag(elts)
        elif isinstance(node, ast.keyword) and node.arg in dimensions:
            flag(_literals(node.value))
        elif isinstance(node, ast.Call) and any(_names(a) & dimensions for a in node.args):
            flag(c for a in node.args for c in _literals(a))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is None:
                continue
            for t in targets:
                if isinstance(t, ast.Subscript) and _names(t) & dimensions:
                    flag(_literals(value))
                elif isinstance(t, ast.Name) and isinstance(value, ast.Constant) and value.value == t.id.lower():
                    flag([value])
                elif isinstance(t, (ast.Name, ast.Attribute)) and _names(t) & dimensions:
                    flag(_literals(value))
        elif isinstance(node, ast.arguments):
            params = node.posonlyargs + node.args
            for arg, default in zip(params[len(params) - len(node.defaults) :], node.defaults):
                if arg.arg in dimensions:
                    flag(_literals(default))
            for arg, default in zip(node.kwonlyargs, node.kw_defaults):
                if default is not None and arg.arg in dimensions:
                    flag(_literals(default))
        elif isinstance(node, (ast.For, ast.comprehension)):
            iterated = node.iter
            if any(isinstance(n, ast.Name) and "DIMENSIONS" in n.id for n in ast.walk(iterated)):
                scope = node if isinstance(node, ast.For) else None
                if scope is None:  # a comprehension: the whole expression it belongs to
                    continue
                flag(c for n in ast.walk(scope) for c in _literals(n))
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            if any(isinstance(n, ast.Name) and "DIMENSIONS" in n.id for g in node.generators for n in ast.walk(g.iter)):
                flag(c for n in ast.walk(node) for c in _literals(n))
    return sorted((line, value) for line, _, value in found)


def test_no_code_is_written_in_python():
    indicators, by_dimension = _codes()
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in LOADERS:
            continue
        for line, value in find_codes(path.read_text(encoding="utf-8"), indicators, by_dimension):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}")
    assert not offenders, "codes written in Python (ask ctip.schema for the role instead):\n" + "\n".join(offenders)


def test_the_scan_catches_a_planted_code():
    indicators, by_dimension = _codes()
    planted = {
        'x = df[df["indicator"] == "victims_detected"]': "victims_detected",
        'x = df[df["sex"] == "female"]': "female",
        'x = frame[SEX] != "total"': "total",
        'x = row.exploitation in ("sexual", "labour")': "sexual",
        'x = {"age_group": "child"}': "child",
        'x = dims.get("citizenship") == "national"': "national",
        'key.update(sex="male")': "male",
        'x = (("age_group", "adult"),)': "adult",
        'TOTAL = "total"': "total",
        'PARTS = ("female", "male")': "female",
        'x = {d: "total" for d in DIMENSIONS}': "total",
        'def f(indicator, sex="unknown"):\n    pass': "unknown",
        'df["citizenship"] = "foreign"': "foreign",
    }
    for source, code in planted.items():
        assert code in {v for _, v in find_codes(source, indicators, by_dimension)}, source
    # The same words in another sense, and column names, are not codes.
    for source in (
        'x = label.kind == "total"',
        'kind = "other"',
        'source_kind = "national"',
        'x = mart["total"]',
        'x = df["sex"]',
        'x = ("indicator", "dims", "total")',
    ):
        assert find_codes(source, indicators, by_dimension) == [], source


# A dimension compared with a literal in SQL (`sex = 'total'`, `f.exploitation <> 'total'`,
# `citizenship in ('national', ...)`): the macros of ctip.warehouse.cells say it once, from the schema.
_SQL_DIMENSION_LITERAL = r"\b({dims})\s*(=|<>|!=|\bin\b)\s*\(?\s*'"


def _sql_offences(text: str) -> list[str]:
    pattern = re.compile(_SQL_DIMENSION_LITERAL.format(dims="|".join(DIMENSIONS)), re.IGNORECASE)
    return [m.group(0) for m in pattern.finditer(text)]


def test_no_sql_compares_a_dimension_with_a_literal():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.sql")):
        offenders += [f"{path.relative_to(PACKAGE.parent)}: {o}" for o in _sql_offences(path.read_text(encoding="utf-8"))]
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                offenders += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {o}" for o in _sql_offences(node.value)]
    assert not offenders, "use is_total_row / one_way_column (ctip.warehouse.cells):\n" + "\n".join(offenders)
    # the check itself catches the filter it replaced
    assert _sql_offences("where sex = 'total' and f.age_group='total' and citizenship in ('national')") == ["sex = '", "age_group='", "citizenship in ('"]
