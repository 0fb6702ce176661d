# Local speech service (speech/): Whisper ASR and festival TTS for Telegram voice notes, the FastAGI server's
# self-hosted mode and jambonz's custom speech vendor. Its own venv (.venv-speech, speech/requirements.lock.txt).
# `make serve` starts it when SPEECH=1. `make bench-speech`: WER, speed and phone/yes-no recognition on a
# synthetic set (not part of `make test`: timing is never asserted).
.PHONY: speech speech-deps bench-speech test-speech

SPEECH_PY := .venv-speech/bin/python
SPEECH_PORT ?= 5070
BENCH_SPEECH_ARGS ?=

speech-deps:
	scripts/install_speech.sh

speech: speech-deps
	$(SPEECH_PY) -m speech --port $(SPEECH_PORT)

bench-speech: install speech-deps
	$(PY) -m bench.speech $(BENCH_SPEECH_ARGS)

test-speech: install speech-deps
	$(PY) -m pytest -q tests/speech

test: test-speech

# The voice-note tests in tests/telegram start the speech service too.
test-telegram: speech-deps
# So do the FastAGI calls in the self-hosted mode (tests/voice/test_fastagi_local_speech.py).
test-voice: speech-deps
