"""Finds the snnTorch source tree, applies patch_snntorch.py to it and puts it first on sys.path."""
import os
import pathlib
import sys

import patch_snntorch

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "results" / "snntorch-v0.9.4"


def import_snntorch(snntorch_dir=None):
    """snntorch_dir: the root of a snnTorch source tree (argument, else $SNNTORCH_DIR, else setup.sh's default)."""
    root = pathlib.Path(snntorch_dir or os.environ.get("SNNTORCH_DIR") or DEFAULT_DIR).resolve()
    if not (root / "snntorch" / "__init__.py").is_file():
        sys.exit(f"no snnTorch source at {root}: run benchmarks/snntorch/setup.sh, or give --snntorch DIR "
                 "or SNNTORCH_DIR (see benchmarks/snntorch/README.md)")
    patch_snntorch.patch(root)
    sys.path.insert(0, str(root))
    import snntorch  # noqa: F401  (fails here, with Python's own message, when torch is missing)
    if not pathlib.Path(snntorch.__file__).resolve().is_relative_to(root):
        sys.exit(f"imported snntorch from {snntorch.__file__}, not from {root}: uninstall the other copy")
    return root


def snntorch_commit(root):
    """The commit the tree was exported from (setup.sh writes it to SNNTORCH_COMMIT)."""
    marker = pathlib.Path(root) / "SNNTORCH_COMMIT"
    return marker.read_text().strip() if marker.is_file() else "unknown"
