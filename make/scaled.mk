# The scaled topology (bot/scaled_stack.py): several Rasa workers and action servers behind HAProxy, Rasa's
# RedisLockStore, conversations in Redis, the order store on PostgreSQL; Debian's redis-server, haproxy and
# postgresql (scripts/install_scaled_deps.sh), each started on a free port in a throw-away directory.
# `make serve-scaled` (RASA_WORKERS, ACTION_WORKERS, RASA_PORT); tests: the 100-conversation run, a worker killed,
# Redis restarted, two Telegram fronts sharing a chat, two desk processes sharing live events (headless Chromium:
# desk-browser) (tests/scaled), then the REST conversation suite against the topology.
.PHONY: serve-scaled scaled-deps test-scaled

scaled-deps:
	scripts/install_scaled_deps.sh

serve-scaled: install train scaled-deps
	$(PY) -m bot.scaled_stack

test-scaled: install train scaled-deps desk-browser
	$(PY) -m pytest -q tests/scaled
	ASSISTANT_TOPOLOGY=scaled $(PY) -m pytest -q tests/conversation \
	  --ignore=tests/conversation/test_restart.py --ignore=tests/conversation/test_action_server_down.py

test: test-scaled
