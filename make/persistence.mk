# Conversations outlive the Rasa server in a SQLite log (bot/conversation_log.py); `make purge` deletes those
# silent for longer than the retention (endpoints.yml `retention_days`, 30; personal data, 152-ФЗ). The server
# purges hourly by itself; this is for now (it may run beside the server).
.PHONY: purge

purge: install
	$(PY) -m bot.conversation_log
