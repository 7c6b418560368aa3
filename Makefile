# Two commands: `make run` (set up from nothing, index seeds/, start the chat UI) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
INDEX  ?= index
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: run test setup browser index clean

setup: $(STAMP)

# torch first and pinned: the CPU wheel lies on this disk; an unpinned torch pulls a CUDA build of several GB.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check "torch==2.13.0"
	$(BIN)/pip install --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

# Headless Chromium for the browser test (Debian's package; Playwright's own download cannot work offline).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium: the browser test will be skipped"; \
	else echo "chromium not available (need apt-get as root): the browser test will be skipped"; fi

# Incremental: only new or changed files are embedded, so this is quick when the index is current.
index: $(STAMP)
	$(BIN)/rag ingest seeds --index $(INDEX)

run: index
	$(BIN)/rag ui --index $(INDEX) --host $(HOST) --port $(PORT)

# pytest exits 5 when it collected nothing: that must not pass as green.
test: $(STAMP) browser
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
