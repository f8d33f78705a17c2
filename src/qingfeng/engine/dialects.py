"""SQL written once in DuckDB's dialect, translated for another engine (sqlglot plus fixes).

Models, resolution and ingest write DuckDB SQL. `translate(sql, "spark")`
gives the Spark SQL text; `plan(sql, "spark")` gives the steps a Spark
backend runs, because one DuckDB construct has no Spark SQL equivalent:

- a recursive CTE joined with `UNION` (duplicates removed, so it stops on a
  cyclic graph such as the relatives graph). Spark 4.x runs `WITH RECURSIVE`
  with `UNION ALL` only, which never ends on a cycle. The plan hoists the
  CTEs of that `WITH` into temporary views and marks the recursive one as a
  fixed point the backend computes with a loop of joins (semi-naive).

Fixes applied on top of sqlglot (each is covered by tests/engine):

- `array_agg(x ORDER BY k)` / `list(x ORDER BY k)`: sqlglot drops the order;
  Spark has none in `collect_list`, so the list is built from sorted structs.
- `regexp_extract(x, p)`: DuckDB's default group is 0, Spark's is 1; the
  group is always written out.
- `regexp_replace` without the `g` flag replaces only the first match in
  DuckDB; Spark always replaces all. Refused with a clear error (write `'g'`).
  The `i` flag becomes an inline `(?i)`.
- `regexp_full_match(x, p)` becomes `x RLIKE '^(?:p)$'`.
- `date_trunc(...)` and `date ± INTERVAL` give a TIMESTAMP in DuckDB even for a DATE;
  in Spark they are cast to TIMESTAMP_NTZ (DuckDB's naive TIMESTAMP).
- `main.<table>` becomes `default.<table>` (Spark's default database).

Known gaps (documented in docs/scale.md): `date - date` is an INTERVAL in
Spark (write `date_diff('day', a, b)`), `collect_list` skips NULLs while
DuckDB's `array_agg` keeps them, `avg` of DECIMAL stays DECIMAL in Spark,
division by zero is an error in Spark (ANSI) and `inf` in DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

SUPPORTED_TARGETS = ("duckdb", "spark")
_SOURCE = "duckdb"


class TranslationError(ValueError):
    """A DuckDB construct that cannot be translated faithfully for the target engine."""


@dataclass(frozen=True)
class TempView:
    """A CTE hoisted out of its query, registered as a session-scoped view."""

    name: str
    sql: str
    columns: tuple[str, ...] = ()
    """Column names the CTE declared (`name(a, b) AS ...`); empty when the query names them."""


@dataclass(frozen=True)
class FixedPoint:
    """A recursive CTE with UNION semantics, to be computed by a loop of joins.

    `anchor` gives the first rows; `step` reads the view `name` (the rows found
    in the previous round when `linear`, else every row found so far) and gives
    the next ones. The loop stops when a round finds no new row.
    """

    name: str
    columns: tuple[str, ...]
    anchor: str
    step: str
    linear: bool


Step = TempView | FixedPoint


@dataclass(frozen=True)
class Statement:
    """One target statement and the views/fixed points it needs registered first."""

    sql: str
    before: tuple[Step, ...] = field(default=())


def translate(sql: str, target: str) -> str:
    """The statements of `sql` in the target dialect, separated by `;` and a new line.

    For Spark, a statement that needs a fixed point is shown with its steps as
    comments and temporary views: readable, and the exact SQL the backend runs.
    """
    _check_target(target)
    if target == _SOURCE:
        return ";\n".join(s.sql(dialect=_SOURCE) for s in _parse(sql))
    return ";\n".join(_render(statement) for statement in plan(sql, target))


def plan(sql: str, target: str = "spark") -> list[Statement]:
    """The statements of `sql` as the target engine runs them, in order."""
    _check_target(target)
    statements: list[Statement] = []
    for tree in _parse(sql):
        if target == _SOURCE:
            statements.append(Statement(tree.sql(dialect=_SOURCE)))
            continue
        statements.extend(_spark_statements(tree))
    return statements


def _check_target(target: str) -> None:
    if target not in SUPPORTED_TARGETS:
        raise TranslationError(f"unknown SQL dialect {target!r}; known: {', '.join(SUPPORTED_TARGETS)}")


def _parse(sql: str) -> list[exp.Expr]:
    try:
        trees = sqlglot.parse(sql, read=_SOURCE)
    except sqlglot.errors.ParseError as error:
        raise TranslationError(f"cannot parse DuckDB SQL: {error}") from error
    return [t for t in trees if t is not None]


def _spark_statements(tree: exp.Expr) -> list[Statement]:
    if isinstance(tree, exp.Command):
        raise TranslationError(f"statement not understood, so not translated for Spark: {tree.sql()[:80]}")
    tree = _fix_for_spark(tree)
    before: list[Step] = []
    with_ = tree.find(exp.With)
    if with_ is not None and _needs_fixed_point(with_):
        before = _hoist(with_)
    statements: list[Statement] = []
    if isinstance(tree, exp.Create) and tree.args.get("replace") and _kind(tree) == "TABLE":
        # Spark's session catalog cannot REPLACE a v1 (parquet) table: drop it, then create it.
        statements.append(Statement(f"DROP TABLE IF EXISTS {tree.this.find(exp.Table).sql('spark')}"))
        tree.set("replace", False)
    statements.append(Statement(tree.sql(dialect="spark"), tuple(before)))
    return statements


def _kind(create: exp.Create) -> str:
    return str(create.args.get("kind") or "").upper()


def _render(statement: Statement) -> str:
    parts: list[str] = []
    for step in statement.before:
        if isinstance(step, TempView):
            declared = f"({', '.join(step.columns)})" if step.columns else ""
            parts.append(f"CREATE OR REPLACE TEMPORARY VIEW {step.name}{declared} AS {step.sql}")
        else:
            mode = "rows of the previous round" if step.linear else "all rows so far"
            parts.append(
                f"-- fixed point {step.name}({', '.join(step.columns)}): repeat the step over the {mode}\n"
                f"-- until no new row; distinct rows, like DuckDB's recursive UNION\n"
                f"-- anchor: {step.anchor}\n-- step: {step.step}"
            )
    parts.append(statement.sql)
    return ";\n".join(parts)


# --- expression fixes -------------------------------------------------------------------------


def _fix_for_spark(tree: exp.Expr) -> exp.Expr:
    return tree.transform(_fix_node)


def _fix_node(node: exp.Expr) -> exp.Expr:
    if _is_timestamp_valued(node):
        # DuckDB gives a (naive) TIMESTAMP here even for a DATE input; Spark gives a DATE or a
        # session-zoned TIMESTAMP. TIMESTAMP_NTZ is DuckDB's TIMESTAMP and reaches Python unshifted.
        return exp.Cast(this=node, to=exp.DataType.build("TIMESTAMP_NTZ", dialect="spark"))
    if isinstance(node, exp.ArrayAgg):
        return _collect(node.this)
    if isinstance(node, exp.GroupConcat):
        return _string_agg(node)
    if isinstance(node, exp.RegexpReplace):
        return _regexp_replace(node)
    if isinstance(node, exp.RegexpExtract):
        return _regexp_extract(node)
    if isinstance(node, exp.RegexpFullMatch):
        return _full_match(node)
    if isinstance(node, exp.RegexpLike) and node.args.get("flag") is not None:
        pattern = _with_flags(node.expression, _modifiers(node, "flag"))
        return exp.RegexpLike(this=node.this.copy(), expression=pattern)
    if isinstance(node, exp.Table) and node.args.get("db") is not None and node.db.lower() == "main":
        node = node.copy()
        node.set("db", exp.to_identifier("default"))
        return node
    return node


def _is_timestamp_valued(node: exp.Expr) -> bool:
    if isinstance(node.parent, exp.Cast):
        return False
    if isinstance(node, exp.TimestampTrunc):
        return True
    return isinstance(node, exp.Add | exp.Sub) and (
        isinstance(node.expression, exp.Interval) or isinstance(node.this, exp.Interval)
    )


def _collect(argument: exp.Expr) -> exp.Expr:
    """array_agg / list, DISTINCT and ORDER BY included, as Spark collect_list / collect_set."""
    order = argument if isinstance(argument, exp.Order) else None
    value = order.this if order is not None else argument
    if isinstance(value, exp.Distinct):
        (item,) = value.expressions
        collected = exp.func("collect_set", item.copy())
        if order is None:
            return collected
        keys: list[exp.Ordered] = list(order.expressions)
        if len(keys) != 1 or keys[0].this != item:
            raise TranslationError(
                "DISTINCT aggregate ordered by another expression has no Spark translation"
            )
        return exp.func("sort_array", collected, exp.Boolean(this=not keys[0].args.get("desc")))
    if order is None:
        return exp.func("collect_list", value.copy())
    return _ordered_collect(order)


def _string_agg(node: exp.GroupConcat) -> exp.Expr:
    """string_agg as array_join over a collected list (Spark's LISTAGG fails beside other DISTINCTs).

    NULLs are skipped (as in DuckDB) and a group with no value gives NULL, not ''.
    """
    separator = node.args.get("separator") or exp.Literal.string(",")
    argument = node.this
    order = argument if isinstance(argument, exp.Order) else None
    value = order.this if order is not None else argument
    inner = value.expressions[0] if isinstance(value, exp.Distinct) else value
    as_text = exp.Cast(this=inner.copy(), to=exp.DataType.build("STRING", dialect="spark"))
    value = exp.Distinct(expressions=[as_text]) if isinstance(value, exp.Distinct) else as_text
    if order is not None:
        keys = [k.copy() for k in order.expressions]
        if isinstance(value, exp.Distinct):
            for key in keys:
                if key.this == inner:
                    key.set("this", as_text.copy())
        value = exp.Order(this=value, expressions=keys)
    listed = _collect(value)
    joined = exp.func("array_join", listed, separator.copy())
    empty = exp.EQ(this=exp.func("size", listed.copy()), expression=exp.Literal.number(0))
    return exp.Case(ifs=[exp.If(this=empty, true=exp.Null())], default=joined)


def _ordered_collect(order: exp.Order) -> exp.Expr:
    """array_agg(v ORDER BY k1, k2) as transform(sort_array(collect_list(struct(k1, k2, v))), s -> s.v)."""
    keys: list[exp.Ordered] = list(order.expressions)
    directions = {bool(k.args.get("desc")) for k in keys}
    if len(directions) > 1:
        raise TranslationError("array_agg with ORDER BY keys in mixed directions has no Spark translation")
    fields = [exp.alias_(k.this.copy(), f"k{i}") for i, k in enumerate(keys)]
    fields.append(exp.alias_(order.this.copy(), "v"))
    collected = exp.func("collect_list", exp.Struct(expressions=fields))
    sorted_list = exp.func("sort_array", collected, exp.Boolean(this=directions != {True}))
    return sqlglot.parse_one("transform(__list__, s -> s.v)", read="spark").transform(
        lambda n: sorted_list if isinstance(n, exp.Column) and n.name == "__list__" else n
    )


def _modifiers(node: exp.Expr, key: str) -> str:
    value = node.args.get(key)
    if value is None:
        return ""
    if not isinstance(value, exp.Literal) or not value.is_string:
        raise TranslationError("regexp options must be a string literal to translate for Spark")
    return str(value.this)


def _with_flags(pattern: exp.Expr, flags: str) -> exp.Expr:
    inline = "".join(f for f in flags if f in "ims")
    if not inline:
        return pattern
    return exp.DPipe(this=exp.Literal.string(f"(?{inline})"), expression=pattern.copy())


def _regexp_replace(node: exp.RegexpReplace) -> exp.Expr:
    flags = _modifiers(node, "modifiers")
    if "g" not in flags:
        raise TranslationError(
            "regexp_replace without the 'g' option replaces only the first match in DuckDB; "
            "Spark always replaces every match. Write regexp_replace(x, pattern, replacement, 'g') "
            "if every match is meant."
        )
    pattern = _with_flags(node.expression, flags)
    return exp.func("regexp_replace", node.this.copy(), pattern, node.args["replacement"].copy())


def _regexp_extract(node: exp.RegexpExtract) -> exp.Expr:
    group = node.args.get("group") or exp.Literal.number(0)
    return exp.Anonymous(
        this="regexp_extract", expressions=[node.this.copy(), node.expression.copy(), group.copy()]
    )


def _full_match(node: exp.RegexpFullMatch) -> exp.Expr:
    opening, closing = exp.Literal.string("^(?:"), exp.Literal.string(")$")
    anchored = exp.func("concat", opening, node.expression.copy(), closing)
    pattern = _with_flags(anchored, _modifiers(node, "options"))
    return exp.RegexpLike(this=node.this.copy(), expression=pattern)


# --- recursive CTEs ----------------------------------------------------------------------------


def _is_self_referencing(cte: exp.CTE) -> bool:
    return any(t.name == cte.alias and not t.db for t in cte.this.find_all(exp.Table))


def _needs_fixed_point(with_: exp.With) -> bool:
    return bool(with_.args.get("recursive")) and any(
        isinstance(cte.this, exp.Union) and cte.this.args.get("distinct") and _is_self_referencing(cte)
        for cte in with_.expressions
    )


def _hoist(with_: exp.With) -> list[Step]:
    """Turn every CTE of `with_` into a view or fixed point under a unique name, and drop the WITH."""
    names = {cte.alias: f"_qf_cte_{cte.alias}" for cte in with_.expressions}
    root = with_.parent
    steps: list[Step] = []
    for cte in with_.expressions:
        body = _rename_tables(cte.this.copy(), names)
        name = names[cte.alias]
        if isinstance(body, exp.Union) and _is_self_referencing(cte):
            steps.append(_fixed_point(name, cte, body))
        else:
            steps.append(TempView(name, body.sql(dialect="spark"), _declared_columns(cte)))
    with_.pop()
    if root is not None:
        _rename_tables(root, names)
    return steps


def _declared_columns(cte: exp.CTE) -> tuple[str, ...]:
    alias = cte.args.get("alias")
    return tuple(c.name for c in alias.columns) if alias is not None and alias.columns else ()


def _fixed_point(name: str, cte: exp.CTE, body: exp.Union) -> FixedPoint:
    columns = _declared_columns(cte)
    anchor, step = body.left, body.right
    if not columns:
        columns = tuple(s.alias_or_name for s in anchor.selects)
    if not body.args.get("distinct"):
        raise TranslationError(f"recursive CTE {cte.alias} mixes UNION ALL into a fixed point")
    references = sum(1 for t in step.find_all(exp.Table) if t.name == name and not t.db)
    return FixedPoint(name, columns, anchor.sql(dialect="spark"), step.sql(dialect="spark"), references == 1)


def _rename_tables(tree: exp.Expr, names: dict[str, str]) -> exp.Expr:
    for table in tree.find_all(exp.Table):
        if not table.db and table.name in names:
            alias = table.alias or table.name
            table.set("this", exp.to_identifier(names[table.name]))
            if not table.alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    return tree
