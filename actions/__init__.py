"""Custom actions (rasa_sdk), one module per topic."""
