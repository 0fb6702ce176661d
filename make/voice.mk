# Voice IVR. The jambonz webhooks are served by the Rasa server (credentials.yml); the FastAGI
# server for Asterisk is a process of its own; `make voice-demo` writes a whole scripted call to a WAV.
.PHONY: voice-demo voice-deps fastagi test-voice jambonz-schemas

FASTAGI_HOST ?= 127.0.0.1
FASTAGI_PORT ?= 4573
VOICE_WEBHOOK_URL ?= http://127.0.0.1:$(or $(RASA_PORT),5005)/webhooks/voice/webhook

voice-deps:
	scripts/install_voice_deps.sh

# jambonz's published verb schemas (pinned jambonz-python-sdk wheel) for the contract tests.
jambonz-schemas:
	@scripts/fetch_jambonz_schemas.sh >/dev/null

fastagi: install
	$(PY) -m bot.voice.fastagi --host $(FASTAGI_HOST) --port $(FASTAGI_PORT) --assistant-url $(VOICE_WEBHOOK_URL)

test-voice: install train jambonz-schemas
	$(PY) -m pytest -q tests/voice

voice-demo: install train voice-deps
	$(PY) -m bot.voice.demo --out var/voice-demo

test: test-voice
