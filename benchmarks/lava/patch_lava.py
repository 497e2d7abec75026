#!/usr/bin/env python3
"""Makes a Lava source checkout importable on Python 3.11 (Debian 12's python3).

Lava (lava-nc/lava, tested at b6822fbc0e85730fc0da6979451f42fef038fb71) declares
python ">=3.10, <3.11". On 3.11, dataclasses refuse a mutable default that is an
instance of an unhashable dataclass, so importing lava.magma.compiler.var_model fails with
"ValueError: mutable default <class 'ByteEncoder'> for field x is not allowed: use
default_factory". The only change needed is to give those eight fields a default_factory.

The patch is idempotent: running it again on a patched checkout changes nothing.
Usage: patch_lava.py LAVA_DIR   (the checkout's root, holding src/lava)
"""
import pathlib
import re
import sys


def patch(lava_dir: pathlib.Path) -> int:
    path = lava_dir / "src" / "lava" / "magma" / "compiler" / "var_model.py"
    if not path.is_file():
        sys.exit(f"patch_lava.py: {path} not found; LAVA_DIR must be the root of a lava-nc/lava checkout")
    text = path.read_text()
    pattern = re.compile(r"^(\s+\w+): ByteEncoder = ByteEncoder\(\)$", re.MULTILINE)
    text, count = pattern.subn(r"\1: ByteEncoder = field(default_factory=ByteEncoder)", text)
    if count:
        imports = "from dataclasses import dataclass, InitVar\n"
        if imports not in text:
            sys.exit(f"patch_lava.py: {path}: expected the line {imports.strip()!r} to add 'field' to")
        text = text.replace(imports, "from dataclasses import dataclass, field, InitVar\n", 1)
        path.write_text(text)
    return count


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: patch_lava.py LAVA_DIR")
    n = patch(pathlib.Path(sys.argv[1]))
    print(f"patch_lava.py: {n} ByteEncoder default(s) changed to default_factory" if n
          else "patch_lava.py: already patched (no ByteEncoder() default left)")
