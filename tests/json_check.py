# SPDX-License-Identifier: BSD-3-Clause
"""json_check.py NAME FILE - validates the tool's --json output in FILE against
docs/schemas/NAME.schema.json (JSON Schema 2020-12, Debian's python3-jsonschema), run with
/usr/bin/python3. FILE is read as bytes and must be strict UTF-8 JSON; commands that print
one report per line (iostat, nettop, iotop) are validated line by line. Prints "ok N"."""
import json
import os
import sys

import jsonschema

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "schemas")


def validate(name, data):
    """None when data (bytes: one JSON document, or one per line) follows NAME's schema,
    else the first error."""
    store = {}
    for f in os.listdir(HERE):
        if f.endswith(".schema.json"):
            s = json.load(open(os.path.join(HERE, f), encoding="utf-8"))
            store[s["$id"]] = s
    schema = store[[k for k in store if k.endswith("/" + name + ".schema.json")][0]]
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
    docs = [json.loads(line) for line in data.splitlines() if line.strip()]
    if not docs:
        return "no JSON document"
    for doc in docs:
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            return "%s: %s at %s" % (name, e.message[:300], "/".join(map(str, e.path)))
    return None


def main(name, path):
    data = open(path, "rb").read()
    err = validate(name, data)
    if err:
        sys.exit(err)
    print("ok", len([line for line in data.splitlines() if line.strip()]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
