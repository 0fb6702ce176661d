# Two commands matter: `make run` (chat with the assistant in the terminal) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Rasa's CLI with the project's speed-ups (bot/rasa_cli.py; RASA_SPEEDUPS=0 turns them off).
RASA := $(PY) -m bot.rasa_cli
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)
# Rasa's own telemetry and TensorFlow chatter are off: this machine has no outside network.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
# Rasa's dependencies warn about their own deprecations on every start: noise for a newcomer.
export PYTHONWARNINGS := ignore

.PHONY: install train run serve deflection test test-unit test-data test-stories test-conversations nlu-eval nlu-agreement import tickets demo-data clean

# The store's schema is brought up to date too (Alembic migrations, store/migrations/).
install: $(STAMP)
	@$(PY) -m store.cli migrate

$(STAMP): requirements.lock.txt
	@test -x $(PY) || "$$(scripts/python310.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet --no-deps -r requirements.lock.txt
	$(PY) -m pip check
	touch $(STAMP)

train: install
	$(RASA) train --quiet

run: install train
	$(PY) -m store.cli import demo/orders.json
	scripts/run_chat.sh

serve: install
	scripts/serve.sh

import: install
	@test -n "$(FILE)" || { echo "usage: make import FILE=path.json" >&2; exit 2; }
	$(PY) -m store.cli import "$(FILE)"

tickets: install
	@$(PY) -m store.cli tickets

deflection: install
	@$(PY) -m store.cli deflection

demo-data: install
	$(PY) demo/build_demo_data.py

test: install train test-unit test-data test-stories test-conversations nlu-eval

test-unit:
	$(PY) -m pytest -q tests/unit

test-data:
	$(PY) scripts/validate_data.py

test-stories:
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out results/stories --quiet

test-conversations:
	$(PY) -m pytest -q tests/conversation

nlu-eval:
	$(PY) -m bench.nlu_eval --floor 0.96 --public-floor 0.86 --public-max-ood 0.05 --max-speech-gap 0.025
	$(PY) -m tests.nlu.profanity_eval --min-precision 0.97 --min-recall 0.95 --max-false-alarms 0.01
	$(PY) -m tests.nlu.entity_eval --floor 1.0

# A second labeller scored as the model is, on the collected set; the newest model beside it, if there is one.
nlu-agreement:
	@model=$$(ls -t models/*.tar.gz 2>/dev/null | head -1); $(PY) -m bench.label_agreement $${model:+--model "$$model"}

clean:
	rm -rf models results .rasa

# Channel front ends add their targets in make/*.mk (make/telegram.mk, make/voice.mk).
-include make/*.mk
