# Benchmark (issue 7): the project's configuration against Rasa's default one, trained on the same data;
# understanding on the held-out set, latency/throughput over REST, start-up, memory, training time.
# Not part of `make test` (timing is never asserted). Options: make bench BENCH_ARGS="--conversations 10 --only project"
# (see `.venv/bin/python -m bench --help`: --concurrency, --skip-train, --force-train, --no-load).
.PHONY: bench

BENCH_ARGS ?=

bench: install
	$(PY) -m bench $(BENCH_ARGS)
