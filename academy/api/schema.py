"""Schema post-processing: every operation documents its problem+json error responses."""

from typing import Any

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "title", "status"],
}
ERROR_STATUSES = ("400", "401", "403", "404", "405", "406", "415", "429")


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (ETag matched)."})
            for code in ERROR_STATUSES:
                responses.setdefault(
                    code,
                    {
                        "description": "Problem details",
                        "content": {"application/problem+json": {"schema": reference}},
                    },
                )
    return result
