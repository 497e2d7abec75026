"""Finds the user's Lava checkout, applies patch_lava.py to it and puts its src/ on sys.path."""
import os
import pathlib
import sys

import patch_lava


def import_lava(lava_dir):
    """lava_dir: the root of a lava-nc/lava checkout (argument, else $LAVA_DIR)."""
    lava_dir = lava_dir or os.environ.get("LAVA_DIR")
    if not lava_dir:
        sys.exit("no Lava checkout: give --lava DIR or set LAVA_DIR (see benchmarks/lava/README.md)")
    root = pathlib.Path(lava_dir).resolve()
    patch_lava.patch(root)
    sys.path.insert(0, str(root / "src"))
    import lava  # noqa: F401  (fails here, with Python's own message, when a dependency is missing)
    return root


def lava_commit(root):
    """The commit of the checkout, when it is a git work tree or carries a LAVA_COMMIT file."""
    marker = root / "LAVA_COMMIT"
    if marker.is_file():
        return marker.read_text().strip()
    head = root / ".git"
    try:
        import subprocess
        return subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown" if not head.exists() else "unknown (git failed)"
