"""LINE's own OpenAPI specification as a JSON-Schema validator, for the fake's request bodies.

The spec (``messaging-api.yml`` from line/line-openapi) is read at run time from
``../shared/reference/line/`` beside the repository; it is never copied into the project. Its polymorphic
schemas (Message, FlexContainer, FlexComponent, Action, …) name their subtypes in
``discriminator.mapping`` on ``type``, which JSON Schema does not understand. We resolve it: where a
schema is *used*, a discriminated base becomes "the mapped subtype chosen by ``type``" (an ``x-dispatch``
keyword added to jsonschema's Draft 2020-12 validator, which looks the subtype up instead of trying each;
an unknown ``type`` is refused, as LINE does); where a subtype *inherits* it (``allOf: [$ref base]``),
the base stays the plain object so the recursion ends.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match

log = logging.getLogger(__name__)

SPEC = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "line" / "messaging-api.yml"
WEBHOOK = SPEC.parent / "webhook.yml"
"""What LINE posts to the bot: tests check that the events they and the simulator make are shaped so."""
PREFIX = "#/components/schemas/"
BASE = "__base"


def _resolve_discriminators(schemas: dict[str, Any]) -> dict[str, Any]:
    """The schemas with every discriminated base split into a plain ``X__base`` and a dispatching ``X``."""
    resolved = {name: _inherit_plain(schema, schemas) for name, schema in copy.deepcopy(schemas).items()}
    for name, schema in schemas.items():
        mapping = (schema.get("discriminator") or {}).get("mapping")
        if not mapping:
            continue
        prop = schema["discriminator"]["propertyName"]
        resolved[name + BASE] = {key: value for key, value in resolved[name].items() if key != "discriminator"}
        resolved[name] = {"type": "object", "required": [prop],
                          "x-dispatch": {"propertyName": prop, "mapping": mapping}}
    return resolved


def _inherit_plain(node: Any, schemas: dict[str, Any]) -> Any:
    """``allOf: [$ref Base]`` in a subtype points at the plain base (no dispatch, no loop)."""
    if isinstance(node, list):
        return [_inherit_plain(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inherit_plain(value, schemas) for key, value in node.items()}
    if "allOf" in out:
        out["allOf"] = [_plain_ref(part, schemas) for part in out["allOf"]]
    if out.get("nullable") is True and "type" in out:  # OpenAPI 3.0's nullable, in JSON Schema terms
        out["type"] = [out["type"], "null"]
    return out


def _plain_ref(part: Any, schemas: dict[str, Any]) -> Any:
    ref = part.get("$ref", "") if isinstance(part, dict) else ""
    name = ref.removeprefix(PREFIX)
    if ref.startswith(PREFIX) and (schemas.get(name, {}).get("discriminator") or {}).get("mapping"):
        return {**part, "$ref": PREFIX + name + BASE}
    return part


def _dispatch(validator: Any, spec: dict[str, Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """The subtype ``discriminator.mapping`` names for this object's ``type``, or an error naming the known ones."""
    if not isinstance(instance, dict) or spec["propertyName"] not in instance:
        return
    value = instance[spec["propertyName"]]
    target = spec["mapping"].get(value) if isinstance(value, str) else None
    if target is None:
        error = ValidationError(f"{value!r} is not one of {list(spec['mapping'])}")
        error.path.appendleft(spec["propertyName"])
        yield error
        return
    yield from validator.descend(instance, {"$ref": target})


Validator: Any = validators.extend(Draft202012Validator, {"x-dispatch": _dispatch})  # type: ignore[no-untyped-call]


class SpecValidator:
    """Validates a request body against one named schema of LINE's spec."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._components = {"schemas": _resolve_discriminators(spec["components"]["schemas"])}
        self._validators: dict[str, Any] = {}

    def errors(self, schema_name: str, body: Any) -> list[str]:
        """Every error, as ``path: message`` (LINE lists them in ``details``); empty when valid.

        Each message of a request is checked on its own and remembered (the bot sends the same cards
        over and over; a card takes milliseconds to check), the rest of the body every time.
        """
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not messages:
            found = self._errors(schema_name, body)
        else:
            found = self._errors(schema_name, {**body, "messages": [{"type": "text", "text": "-"}] * len(messages)})
            for n, message in enumerate(messages):
                found += [(("messages", n, *path), text)
                          for path, text in self._message_errors(json.dumps(message, sort_keys=True))]
        return [f"{'/'.join(str(part) for part in path) or '(body)'}: {text}" for path, text in found]

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one validator per spec file, alive for the whole process
    def _message_errors(self, message: str) -> tuple[tuple[tuple[object, ...], str], ...]:
        return tuple(self._errors("Message", json.loads(message)))

    def _errors(self, schema_name: str, body: Any) -> list[tuple[tuple[object, ...], str]]:
        validator = self._validators.get(schema_name)
        if validator is None:
            root = {"$ref": PREFIX + schema_name, "components": self._components}
            validator = self._validators[schema_name] = Validator(root)
        leaves = [_leaf(error) for error in validator.iter_errors(body)]
        return [(tuple(leaf.absolute_path), leaf.message) for leaf in leaves]


def _leaf(error: ValidationError) -> ValidationError:
    """The most specific cause of an error found under allOf."""
    return best_match([error, *error.context]) if error.context else error


@cache
def load(path: Path | None = None) -> SpecValidator | None:
    """The validator, or None when the spec is not beside the checkout (the demo then uses the SDK models)."""
    path = path or SPEC
    if not path.is_file():
        log.warning("LINE fake: %s not found; checking requests with line-bot-sdk models and limits only", path)
        return None
    with path.open(encoding="utf-8") as handle:
        return SpecValidator(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
