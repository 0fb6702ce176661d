"""The local speech service: Whisper ASR and festival TTS behind one HTTP server, in its own virtual environment."""
