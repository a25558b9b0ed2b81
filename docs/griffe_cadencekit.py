"""A griffe extension so the API reference reads cadencekit's docstrings as written.

Two things griffe does not know on its own:

- cadencekit's values are ``@attrs.frozen`` classes, whose ``__init__`` attrs
  writes at import time. Static analysis sees no ``__init__``, so the
  ``Args:`` of a class docstring would name parameters griffe cannot find.
  This extension writes the ``__init__`` signature from the fields, the way
  griffe's built-in dataclasses support does (positional fields first,
  ``kw_only`` ones after, ``default=``/``factory=``, ``alias=``, a leading
  underscore dropped, ``init=False`` left out).
- Docstrings name other objects with Sphinx roles (``:class:`~cadencekit.Touchpoint```,
  ``:meth:`start```), which Markdown would show as written; they become
  inline code with the name a reader would type (``Touchpoint``, ``start``).
- The house style heads examples ``Example:`` (singular); griffe's Google
  parser only treats ``Examples:`` as a section of doctests, so the singular
  is read as the plural.

mkdocs.yml loads it with ``extensions: [docs/griffe_cadencekit.py]``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ATTRS_DECORATORS = {"attrs.frozen", "attrs.define", "attrs.mutable", "attr.s", "attr.attrs"}
EXAMPLE_HEADING = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)
SPHINX_ROLE = re.compile(r":(?:class|meth|func|attr|mod|obj|exc|data):`~?([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    if match.group(0).split("`")[1].startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def _call_arguments(expr: object) -> dict[str, Any]:
    if not isinstance(expr, griffe.ExprCall):
        return {}
    return {
        argument.name: argument.value
        for argument in expr.arguments
        if isinstance(argument, griffe.ExprKeyword)
    }


def _attrs_decorator(cls: griffe.Class) -> griffe.Expr | None:
    for decorator in cls.decorators:
        value = decorator.value
        if isinstance(value, griffe.Expr) and value.canonical_path in ATTRS_DECORATORS:
            return value
    return None


def _parameters(cls: griffe.Class, decorator: griffe.Expr) -> list[griffe.Parameter]:
    class_kw_only = str(_call_arguments(decorator).get("kw_only")) == "True"
    positional: list[griffe.Parameter] = []
    keyword: list[griffe.Parameter] = []
    for member in cls.members.values():
        if member.is_alias or not isinstance(member, griffe.Attribute):
            continue
        if member.annotation is None or "property" in member.labels:
            continue
        if "class-attribute" in member.labels and "instance-attribute" not in member.labels:
            continue
        value = member.value
        field = {}
        if isinstance(value, griffe.ExprCall) and value.canonical_path in {
            "attrs.field",
            "attr.ib",
        }:
            field = _call_arguments(value)
        if str(field.get("init")) == "False":
            continue
        name = field.get("alias")
        name = str(name).strip("'\"") if name is not None else member.name.lstrip("_")
        if "factory" in field:
            default: str | griffe.Expr | None = f"{field['factory']}()"
        elif field:
            default = field.get("default")
        else:
            default = value
        kw_only = class_kw_only or str(field.get("kw_only")) == "True"
        parameter = griffe.Parameter(
            name,
            annotation=member.annotation,
            kind=griffe.ParameterKind.keyword_only
            if kw_only
            else griffe.ParameterKind.positional_or_keyword,
            default=default,
        )
        (keyword if kw_only else positional).append(parameter)
    return positional + keyword


def _visit(obj: griffe.Module | griffe.Class) -> None:
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Class):
            decorator = _attrs_decorator(member)
            if decorator is not None and "__init__" not in member.members:
                init = griffe.Function(
                    "__init__",
                    lineno=0,
                    endlineno=0,
                    parent=member,
                    parameters=griffe.Parameters(
                        griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
                        *_parameters(member, decorator),
                    ),
                    returns="None",
                )
                member.set_member("__init__", init)
            _visit(member)
        elif isinstance(member, griffe.Module):
            _visit(member)


class CadencekitDocs(griffe.Extension):
    """Synthesize attrs ``__init__`` signatures; read ``Example:`` as ``Examples:``."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        docstring = obj.docstring
        if docstring is not None:
            text = EXAMPLE_HEADING.sub(r"\1Examples:", docstring.value)
            docstring.value = SPHINX_ROLE.sub(_role, text)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _visit(pkg)
