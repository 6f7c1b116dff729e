"""The pydantic domain peer as a command: validate a JSON Lines file of cases, line by line.

The like-for-like script for ``nrm-core validate FILE --quiet``: it reads the file a line
at a time, validates each line with the completed domain model (``--as-it-was``: the
first, partial peer) and prints how many records were invalid.

Run:  python benchmarks/pydantic_validate.py FILE [--as-it-was]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pydantic

sys.path.insert(0, str(Path(__file__).parent))
from pydantic_model import CompleteDomainCaseDocument, DomainCaseDocument


def main() -> None:
    model = DomainCaseDocument if "--as-it-was" in sys.argv[2:] else CompleteDomainCaseDocument
    records = invalid = 0
    with open(sys.argv[1], "rb") as lines:
        for line in lines:
            records += 1
            try:
                model.model_validate_json(line)
            except pydantic.ValidationError:
                invalid += 1
    print(f"{records} records, {invalid} invalid")
    sys.exit(1 if invalid else 0)


if __name__ == "__main__":
    main()
