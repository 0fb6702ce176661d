"""One speech service for the module's tests (loading Whisper costs seconds: not once per test)."""
from __future__ import annotations

import pytest

from speech.local_service import LocalSpeechService

API_KEY = "test-speech-key"


@pytest.fixture(scope="session")
def speech_service(tmp_path_factory):
    root = tmp_path_factory.mktemp("speech")
    service = LocalSpeechService(root / "cache", api_key=API_KEY).start()
    yield service
    service.stop()
