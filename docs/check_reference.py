"""Check that every name in nrm_core.__all__ is documented in the built reference.

Run after an HTML build:  python docs/check_reference.py docs/_build/html
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from sphinx.util.inventory import InventoryFile

import nrm_core


def main() -> int:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    with (build / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    documented = {name for entries in inventory.values() for name in entries}
    missing = []
    for name in nrm_core.__all__:
        if name == "__version__":
            continue
        obj = getattr(nrm_core, name)
        module = getattr(obj, "__module__", None)
        is_code = inspect.isclass(obj) or callable(obj)
        candidates = {f"{module}.{name}"} if module and is_code else set()
        candidates |= {entry for entry in documented if entry.endswith(f".{name}")}
        if not candidates & documented:
            missing.append(name)
    if missing:
        print(f"Not in the reference: {', '.join(missing)}")
        return 1
    print(f"All {len(nrm_core.__all__) - 1} public names are in the reference.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
