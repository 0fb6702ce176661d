# Operator desk: `make desk` serves it (RASA_URL: the assistant, default http://127.0.0.1:5005; DESK_PORT 5080);
# `make desk-user NAME=… ROLE=operator|supervisor` makes an account (password asked, or DESK_PASSWORD).
# Tests: the desk in headless Chromium (Debian's, scripts/install_browser.sh) against the real assistant.
.PHONY: desk desk-user desk-browser test-desk

desk: install
	$(PY) -m desk

desk-user: install
	@test -n "$(NAME)" -a -n "$(ROLE)" || { echo "usage: make desk-user NAME=ivanova ROLE=operator|supervisor" >&2; exit 2; }
	$(PY) -m desk user "$(NAME)" "$(ROLE)"

desk-browser:
	scripts/install_browser.sh

test-desk: install train desk-browser telegram-emulator
	$(PY) -m pytest -q tests/desk

test: test-desk
