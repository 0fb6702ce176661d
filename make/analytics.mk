# The supervisor's analytics (store/analytics.py, fed by Rasa's event broker; dashboard in the desk at /supervisor).
# `make nlu-suggestions` writes the examples supervisors proposed for «не поняла» messages to var/nlu-suggestions.yml
# (OUT= elsewhere) for review: nothing goes into data/nlu/ by itself. `make purge-analytics` deletes transcripts and
# anonymises conversations older than DAYS= (default ANALYTICS_RETENTION_DAYS or 30); `make purge` runs it too.
.PHONY: nlu-suggestions purge-analytics purge

nlu-suggestions: install
	$(PY) -m store.misunderstood $(if $(OUT),--out "$(OUT)")

purge-analytics: install
	$(PY) -m store.retention $(if $(DAYS),--days $(DAYS))

purge: purge-analytics
