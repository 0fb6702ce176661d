# Benchmark: the project's configuration against Rasa's default one, trained on the same data, and the project's
# model served with and without its Rasa speed-ups (bot/rasa_speedups.py); understanding on the held-out set,
# latency/throughput over REST, start-up, memory, training time. Not part of `make test` (timing is never
# asserted). Options: make bench BENCH_ARGS="--conversations 10 --only project --only project-no-speedups"
# (see `.venv/bin/python -m bench --help`: --concurrency, --skip-train, --force-train, --no-load).
.PHONY: bench

BENCH_ARGS ?=

bench: install
	$(PY) -m bench $(BENCH_ARGS)
