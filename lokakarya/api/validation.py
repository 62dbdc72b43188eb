"""Requests checked against the OpenAPI document (pure but for the document lookup).

The document is the contract: what it forbids in a JSON body or a query string (a wrong type,
a value outside an enum or a range, text longer than its column, a missing required field,
characters that may not be stored) is refused here with field errors, before any service sees
it, so every endpoint refuses it the same way and the document and the server cannot drift.
Rules that need stored data (does this agency exist?) stay with the services.
"""
import re
from functools import cache

from flask_babel import format_decimal
from flask_babel import gettext as _

from lokakarya.core.forms import FORBIDDEN_CHARACTERS, TOO_LONG
from lokakarya.core.text import has_forbidden_characters

JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int,
              "number": (int, float)}


def type_message(kind: str) -> str:
    return {
        "object": _("Harus berupa objek."),
        "array": _("Harus berupa daftar."),
        "string": _("Harus berupa teks."),
        "boolean": _("Harus true atau false."),
        "integer": _("Harus berupa bilangan bulat."),
        "number": _("Harus berupa angka."),
    }[kind]


def resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        _hash, _components, group, name = schema["$ref"].split("/")
        schema = document["components"][group][name]
    return schema


def _has_type(value, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, JSON_TYPES[kind])


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def problems(value, schema: dict, document: dict, path: str = "") -> dict[str, str]:
    """Field path → message for everything in `value` that `schema` forbids (first per field)."""
    schema = resolve(schema, document)
    if value is None:
        return {} if schema.get("nullable") else {path: _("Wajib diisi.")}
    if value == "" and schema.get("type") in ("integer", "number") and not schema.get("nullable"):
        return {path: _("Wajib diisi.")}  # to a person, an empty number is a missing one
    found: dict[str, str] = {}
    for part in schema.get("allOf", []):
        found.update(problems(value, part, document, path))
    if found:
        return found
    kind = schema.get("type")
    if kind and not _has_type(value, kind):
        return {path: type_message(kind)}
    if "enum" in schema and value not in schema["enum"]:
        return {path: _("Pilih salah satu dari: %(values)s.", values=", ".join(map(str, schema["enum"])))}
    if isinstance(value, str):
        message = _text_problem(value, schema)
        return {path: message} if message else {}
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            return {path: _("Harus antara %(low)s dan %(high)s.", low=format_decimal(low),
                              high=format_decimal(high))}
        return {}
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return {path: _("Paling banyak %(n)s isian.", n=schema["maxItems"])}
        for index, item in enumerate(value):
            found.update(problems(item, schema.get("items", {}), document, _join(path, index)))
        return found
    if isinstance(value, dict):
        return _object_problems(value, schema, document, path)
    return {}


def _text_problem(value: str, schema: dict) -> str | None:
    if has_forbidden_characters(value):
        return str(FORBIDDEN_CHARACTERS)
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return str(TOO_LONG % {"max": schema["maxLength"]})
    if len(value) < schema.get("minLength", 0):
        return _("Wajib diisi.")
    if "pattern" in schema and not _pattern(schema["pattern"]).search(value):
        return _("Bentuknya tidak sesuai.")
    return None


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _object_problems(value: dict, schema: dict, document: dict, path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    declared = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            found[_join(path, name)] = _("Wajib diisi.")
    for name, item in value.items():
        if name in declared:
            found.update(problems(item, declared[name], document, _join(path, name)))
        elif isinstance(schema.get("additionalProperties"), dict):
            if has_forbidden_characters(name):
                found[_join(path, name)] = str(FORBIDDEN_CHARACTERS)
            else:
                found.update(problems(item, schema["additionalProperties"], document, _join(path, name)))
        # Other keys are not part of the contract: ignored, as the document allows.
    return found


# --- query strings -----------------------------------------------------------------------

INT_TEXT = re.compile(r"^-?[0-9]+$")


def query_problems(args, parameters: list[dict], document: dict) -> dict[str, str]:
    """Field → message for documented query parameters whose (first) value the document forbids."""
    found = {}
    for parameter in parameters:
        parameter = resolve(parameter, document)
        if parameter.get("in") != "query" or parameter["name"] not in args:
            continue
        name, text = parameter["name"], args.get(parameter["name"])
        schema = resolve(parameter.get("schema", {}), document)
        value = _typed(text, schema.get("type"))
        if value is None:
            found[name] = type_message(schema.get("type", "string"))
            continue
        found.update(problems(value, {**schema, "nullable": False}, document, name))
    return found


def _typed(text: str, kind: str | None):
    """The query value as the document's type, or None when it is not one."""
    if kind == "integer":
        return int(text) if INT_TEXT.match(text) else None
    if kind == "boolean":
        return {"true": True, "false": False}.get(text)
    return text
