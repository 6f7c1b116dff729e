"""Build the browser checker: a static folder that checks NRM case files with no upload.

    python web/build.py [DIR]        (default DIR: web/_build/site; then web/serve.py DIR)

What it does, with nothing fetched at run time:

1. Pyodide (Python compiled to WebAssembly) from the ``pyodide`` npm package, pinned in
   ``web/package-lock.json`` and installed with ``npm ci`` into ``web/node_modules``.
2. Checks that Pyodide's Python satisfies nrm_core's ``requires-python`` and that no
   module nrm_core or a dependency imports is one Pyodide ships as a separate package
   (its lock file's ``cpython_module`` entries), which the page could not load offline.
3. The nrm_core wheel, built from this repository, and the wheels of its dependencies
   (resolved by pip from the wheel's metadata, for Pyodide's Python version), each of
   which must be pure Python (``none-any``).
4. Copies the page (``web/page``), Pyodide's runtime files and the wheels into DIR, with
   ``manifest.json`` listing every file the page loads, its size and SHA-256.

Built output is never committed (``web/_build`` and ``web/node_modules`` are ignored).
"""

from __future__ import annotations

import argparse
import ast
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from packaging.specifiers import SpecifierSet

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent
DEFAULT_OUT = WEB / "_build" / "site"
PYODIDE = WEB / "node_modules" / "pyodide"
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PAGE = ("index.html", "app.js", "worker.js", "style.css", "nrm_checker.py")


class BuildError(Exception):
    """The checker cannot be built as it must be (the message says why)."""


def _run(*command: str | Path, cwd: Path = ROOT) -> None:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BuildError(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")


def _pinned_pyodide() -> str:
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/pyodide"]["version"])


def install_pyodide() -> Path:
    """``web/node_modules/pyodide`` at the pinned version (``npm ci`` unless already there)."""
    wanted = _pinned_pyodide()
    installed = PYODIDE / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == wanted:
        return PYODIDE
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is not installed (on Debian: apt-get install npm)")
    _run(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", cwd=WEB)
    return PYODIDE


def _imports(wheel: Path) -> set[str]:
    """The top-level modules the Python files of ``wheel`` import (absolute imports)."""
    found: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if not name.endswith(".py"):
                continue
            tree = ast.parse(archive.read(name))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found


def _metadata(wheel: Path, field: str) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        lines = archive.read(name).decode("utf-8").splitlines()
    prefix = f"{field}: "
    return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


def build_wheels(python: str, out: Path) -> list[Path]:
    """The nrm_core wheel and its dependencies' wheels for Pyodide's ``python`` (X.Y.Z)."""
    out.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run(*pip, "wheel", "--no-deps", "--wheel-dir", out, ROOT)
    (own,) = out.glob("nrm_core-*.whl")
    requires = SpecifierSet(",".join(_metadata(own, "Requires-Python")))
    if python not in requires:
        raise BuildError(f"Pyodide's Python {python} does not satisfy requires-python {requires}")
    major_minor = ".".join(python.split(".")[:2])
    _run(
        *pip, "download", "--only-binary=:all:", "--python-version", major_minor,
        "--platform", "any", "--implementation", "py", "--dest", out, own,
    )  # fmt: skip
    wheels = sorted(out.glob("*.whl"))
    impure = [w.name for w in wheels if not w.name.endswith("-none-any.whl")]
    if impure:
        raise BuildError(f"not pure-Python wheels (cannot run under Pyodide): {impure}")
    return [own, *(w for w in wheels if w != own)]


def check_offline(lock: dict[str, object], wheels: list[Path]) -> None:
    """No module the wheels import is a standard-library module Pyodide ships separately."""
    packages = lock["packages"]
    assert isinstance(packages, dict)
    unvendored = {
        module: name
        for name, entry in packages.items()
        if entry.get("package_type") == "cpython_module"
        for module in entry.get("imports", [])
    }
    needed = set().union(*(_imports(wheel) for wheel in wheels))
    missing = sorted(f"{m} (package {unvendored[m]})" for m in needed & unvendored.keys())
    if missing:
        raise BuildError(
            f"these imports would need a Pyodide package fetched at run time: {missing}"
        )


def _sha256(path: Path) -> str:
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii")


def build(out: Path = DEFAULT_OUT) -> Path:
    """Build the checker into ``out`` (emptied first); returns ``out``."""
    pyodide = install_pyodide()
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    python = lock["info"]["python"]
    if out.exists():
        shutil.rmtree(out)
    (out / "pyodide").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        wheels = build_wheels(python, Path(scratch))
        check_offline(lock, wheels)
        (out / "wheels").mkdir()
        for wheel in wheels:
            shutil.copy2(wheel, out / "wheels" / wheel.name)
    for name in RUNTIME:
        shutil.copy2(pyodide / name, out / "pyodide" / name)
    # No package can be loaded by name: everything the page needs is shipped beside it.
    reduced = {"info": lock["info"], "packages": {}}
    (out / "pyodide" / "pyodide-lock.json").write_text(json.dumps(reduced), encoding="utf-8")
    for name in PAGE:
        shutil.copy2(WEB / "page" / name, out / name)
    wheel_paths = [f"wheels/{w.name}" for w in wheels]
    runtime = ["pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip"]
    loaded = [
        "worker.js",
        "nrm_checker.py",
        "pyodide/pyodide.mjs",
        "pyodide/pyodide.asm.mjs",
        "pyodide/pyodide-lock.json",
        *runtime,
        *wheel_paths,
    ]
    manifest = {
        "files": [
            {"path": p, "size": (out / p).stat().st_size, "sha256": _sha256(out / p)}
            for p in loaded
        ],
        "worker": "worker.js",
        "glue": "nrm_checker.py",
        "loader": "pyodide/pyodide.mjs",
        "module": "pyodide/pyodide.asm.mjs",
        "lock": "pyodide/pyodide-lock.json",
        "runtime": runtime,
        "wheels": wheel_paths,
        "wheel_names": [w.name.split("-")[0] + " " + w.name.split("-")[1] for w in wheels],
        "pyodide": {"version": _pinned_pyodide(), "python": python},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, metavar="DIR")
    args = parser.parse_args(argv)
    try:
        out = build(args.out)
    except BuildError as error:
        print(f"web/build.py: {error}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"Built the checker in {out} ({size / 1e6:.1f} MB). Try it: python web/serve.py {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
