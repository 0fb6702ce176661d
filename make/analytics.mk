# The supervisor's analytics (store/analytics.py, fed by Rasa's event broker; dashboard in the desk at /supervisor).
# `make nlu-suggestions` writes the examples supervisors proposed for «не поняла» messages to var/nlu-suggestions.yml
# (OUT= elsewhere) for review: nothing goes into data/nlu/ by itself. `make purge-analytics` deletes transcripts and
# anonymises conversations older than DAYS= (default ANALYTICS_RETENTION_DAYS or 30); `make purge` runs it too.
# At scale the events travel through RabbitMQ (Rasa's Pika broker; Debian's rabbitmq-server, scripts/install_rabbitmq.sh):
# `make rabbitmq` runs a throw-away node and prints its URL; `make analytics-consumer RABBITMQ_URL=…` writes the queue
# into the same events table. Test: tests/analytics_broker (a real node, the consumer killed, RabbitMQ restarted).
.PHONY: nlu-suggestions purge-analytics purge rabbitmq-deps rabbitmq analytics-consumer test-analytics-broker

nlu-suggestions: install
	$(PY) -m store.misunderstood $(if $(OUT),--out "$(OUT)")

purge-analytics: install
	$(PY) -m store.retention $(if $(DAYS),--days $(DAYS))

purge: purge-analytics

rabbitmq-deps:
	scripts/install_rabbitmq.sh

rabbitmq: install rabbitmq-deps
	$(PY) -m bot.rabbitmq_server

analytics-consumer: install
	$(PY) -m bot.analytics_consumer

test-analytics-broker: install train rabbitmq-deps
	$(PY) -m pytest -q tests/analytics_broker

test: test-analytics-broker
