"""Trains each configuration on the same data (data/, domain.yml) into its own directory, or reuses the
model when the fingerprint of what it is built from has not changed. Training runs through the project's
entry point (bot/rasa_cli.py); Rasa's default configuration trains without the speed-ups, as Rasa ships it."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
MODELS = BENCH / "models"
RASA = [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot.rasa_cli"]

CONFIGS: Dict[str, Path] = {"project": ROOT / "config.yml", "default": BENCH / "default_config.yml"}
SPEEDUPS: Dict[str, bool] = {"project": True, "default": False}  # bot/rasa_speedups.py in its training
# The project's custom components are part of its model: their code counts in its fingerprint.
CODE: Dict[str, List[str]] = {"project": ["bot/nlu/**/*.py", "bot/policies/**/*.py"], "default": []}


@dataclass
class Training:
    name: str
    model: str
    seconds: float
    cached: bool
    fingerprint: str
    trained_at: str


def fingerprint(name: str) -> str:
    import rasa

    files = [CONFIGS[name], ROOT / "domain.yml", *sorted((ROOT / "data").rglob("*.yml"))]
    for pattern in CODE[name]:
        files += sorted(ROOT.glob(pattern))
    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_path(name: str) -> Path:
    return MODELS / name / f"{name}.tar.gz"


def ensure_model(name: str, force: bool = False, skip: bool = False) -> Training:
    """The model of configuration `name`: reused when its fingerprint matches the last training (the
    training time is then the one measured back then, kept in train.json next to the model)."""
    directory, model = MODELS / name, model_path(name)
    meta_file = directory / "train.json"
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else None
    current = fingerprint(name)
    if model.exists() and meta and (skip or (meta["fingerprint"] == current and not force)):
        if meta["fingerprint"] != current:
            print(f"  {name}: --skip-train: reusing a model built from different data/config ({meta['fingerprint']})")
        return Training(**{**meta, "cached": True})
    if skip:
        raise SystemExit(f"--skip-train: no model for '{name}' in {directory}; run without --skip-train first")

    directory.mkdir(parents=True, exist_ok=True)
    log = directory / "train.log"
    print(f"  training '{name}' ({CONFIGS[name].relative_to(ROOT)}), log: {log.relative_to(ROOT)} …", flush=True)
    # --force and no training cache: the time is that of a full training, not of cached components.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "RASA_MAX_CACHE_SIZE": "0", **({} if SPEEDUPS[name] else {"RASA_SPEEDUPS": "0"})}
    started = time.monotonic()
    with open(log, "w") as out:
        done = subprocess.run(
            [*RASA, "train", "--config", str(CONFIGS[name]), "--domain", str(ROOT / "domain.yml"),
             "--data", str(ROOT / "data"), "--out", str(directory), "--fixed-model-name", name, "--force"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0 or not model.exists():
        raise SystemExit(f"training '{name}' failed (exit {done.returncode}); see {log}")
    training = Training(name, str(model.relative_to(ROOT)), seconds, False, current,
                        datetime.now(timezone.utc).isoformat(timespec="seconds"))
    meta_file.write_text(json.dumps(asdict(training), indent=1))
    print(f"  trained '{name}' in {seconds:.0f} s", flush=True)
    return training
