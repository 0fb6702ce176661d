# Chats left mid-topic after identification: the Rasa server sweeps them every minute (bot/abandonment.py);
# `make abandoned` runs one sweep now (IDLE_MINUTES= to override the server's 15 minutes).
.PHONY: abandoned

abandoned: install
	$(PY) -m bot.abandonment --url http://127.0.0.1:$(or $(RASA_PORT),5005) $(if $(IDLE_MINUTES),--idle-minutes $(IDLE_MINUTES))
