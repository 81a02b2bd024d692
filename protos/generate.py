"""Generate the Python stubs of the Vedette API from ``protos/vedette/v1/*.proto``.

Usage: ``python protos/generate.py [--out DIR]`` (``make protos``).

The ``.proto`` files live under the proto package path ``vedette/v1`` (as the buf
style guide wants), but the Python package is ``vedette_api.v1``: a top-level
``vedette`` import package would be too generic a name to claim. protoc names Python
modules after the proto path, so this script:

1. runs ``python -m grpc_tools.protoc -I protos`` over every ``vedette/v1/*.proto``,
   producing ``*_pb2.py``, ``*_pb2.pyi`` and ``*_pb2_grpc.py`` in a temporary directory;
2. rewrites the Python module references ``vedette.v1`` → ``vedette_api.v1`` (import
   statements in both ``from vedette.v1 import x_pb2`` and ``import vedette.v1.x_pb2``
   forms, dotted references, and the module name protobuf gives the generated classes),
   leaving proto names untouched: messages stay ``vedette.v1.MediaPacket`` on the wire
   and gRPC methods stay ``/vedette.v1.CameraService/...``;
3. writes the result into ``protos/vedette_api/v1/`` (or ``--out``), touching only
   files whose content changed, and deletes generated files of protos that no longer
   exist.

Invariant: the output depends only on the ``.proto`` sources and the grpcio-tools
version (pinned exactly in ``pyproject.toml``), so the committed stubs can be checked
byte for byte (``tests/unit/test_generated_stubs.py``).
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path

PROTOS_DIR = Path(__file__).resolve().parent
PROTO_PACKAGE_DIR = Path("vedette", "v1")  # relative to PROTOS_DIR, the -I root
PROTO_MODULE = "vedette.v1"
PYTHON_MODULE = "vedette_api.v1"
DEFAULT_OUT_DIR = PROTOS_DIR / "vedette_api" / "v1"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")

# String literals that name the Python module (not the proto package) and so must
# follow the rename: the module protobuf assigns to the generated classes (this is
# what pickle and repr use), and the file named in grpc's version-check message.
_MODULE_NAME_LITERAL = re.compile(
    r"(BuildTopDescriptorsAndMessages\(\s*DESCRIPTOR,\s*['\"])" + re.escape(PROTO_MODULE + ".")
)
_MODULE_PATH_IN_MESSAGE = re.compile(
    r"(generated code in )" + re.escape(PROTO_MODULE.replace(".", "/") + "/")
)


def is_generated_file(name: str) -> bool:
    """Whether a file name is one this script produces (and may therefore delete)."""
    return name.endswith(GENERATED_SUFFIXES)


def rewrite_module_references(source: str) -> str:
    """Rename the Python module ``vedette.v1`` to ``vedette_api.v1`` in generated code.

    Works on tokens, so string literals (serialized descriptors, gRPC method paths)
    and comments keep the proto names; only code that names the module changes.
    """
    head, _, tail = PROTO_MODULE.partition(".")
    new_head = PYTHON_MODULE.partition(".")[0]
    tokens = [
        tok
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    starts: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens[:-2]):
        follows_dot = i > 0 and tokens[i - 1].string == "."
        if (
            tok.type == tokenize.NAME
            and tok.string == head
            and not follows_dot
            and tokens[i + 1].string == "."
            and tokens[i + 2].string == tail
        ):
            starts.append(tok.start)
    lines = source.splitlines(keepends=True)
    for row, col in reversed(starts):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new_head + line[col + len(head) :]
    rewritten = "".join(lines)
    rewritten = _MODULE_NAME_LITERAL.sub(r"\g<1>" + PYTHON_MODULE + ".", rewritten)
    return _MODULE_PATH_IN_MESSAGE.sub(r"\g<1>" + PYTHON_MODULE.replace(".", "/") + "/", rewritten)


def run_protoc(proto_files: list[Path], work_dir: Path) -> None:
    """Run grpc_tools' protoc over ``proto_files``, writing the raw output to ``work_dir``.

    Blocks until protoc exits; raises ``SystemExit`` with protoc's message on failure.
    """
    command = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        f"-I{PROTOS_DIR}",
        f"--python_out={work_dir}",
        f"--pyi_out={work_dir}",
        f"--grpc_python_out={work_dir}",
        *(str(path) for path in proto_files),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"protoc failed ({result.returncode}):\n{result.stderr}{result.stdout}")


def generate(out_dir: Path) -> list[str]:
    """Generate every stub into ``out_dir``; return the names of the files it changed.

    Stale generated files in ``out_dir`` (their ``.proto`` is gone) are deleted and
    reported as changed too. Hand-written files there are never touched.
    """
    proto_files = sorted((PROTOS_DIR / PROTO_PACKAGE_DIR).glob("*.proto"))
    if not proto_files:
        raise SystemExit(f"no .proto files in {PROTOS_DIR / PROTO_PACKAGE_DIR}")
    with tempfile.TemporaryDirectory(prefix="vedette-protoc-") as tmp:
        work_dir = Path(tmp)
        run_protoc(proto_files, work_dir)
        generated_dir = work_dir / PROTO_PACKAGE_DIR
        outputs = {
            path.name: rewrite_module_references(path.read_text(encoding="utf-8"))
            for path in sorted(generated_dir.iterdir())
            if is_generated_file(path.name)
        }
    out_dir.mkdir(parents=True, exist_ok=True)
    changed: list[str] = []
    for name, text in outputs.items():
        target = out_dir / name
        data = text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            changed.append(name)
    for stale in sorted(out_dir.iterdir()):
        if is_generated_file(stale.name) and stale.name not in outputs:
            stale.unlink()
            changed.append(stale.name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate the Python stubs of the Vedette API from protos/vedette/v1."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help=f"directory for the generated modules (default: {DEFAULT_OUT_DIR})",
    )
    args = parser.parse_args(argv)
    changed = generate(args.out)
    if changed:
        print(f"{args.out}: written or removed: {', '.join(changed)}")
    else:
        print(f"{args.out}: stubs up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
