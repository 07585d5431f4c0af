# Two commands for a fresh Debian machine (root or sudo): `make demo` and `make test`.
# Each step leaves a stamp, so a second run only does what is missing.

SHELL := /bin/bash
VENV ?= .venv
# translate-toolkit in a virtualenv of its own: its import name `translate` is ours too. Tests run its
# programs and storage classes from there as subprocesses, to check that it reads what we write.
TTK_VENV ?= .venv-ttk
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APERTIUM_PACKAGES := apertium lttoolbox-dev cg3 apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-es-pt apertium-fr-es apertium-spa-ita
# Extra pip arguments for torch, e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
# on a machine whose pip would otherwise fetch the multi-GB CUDA build.
TORCH_PIP_ARGS ?=
DEMO_LANGS := es,ca,gl,pt,fr,it
DEMO_SOURCES := examples/armenia-csto.md examples/belarus-border.txt examples/donbas-front.html

CATALOGS := $(patsubst %.po,%.mo,$(wildcard translate/locale/*/LC_MESSAGES/messages.po))
BABEL_EXTRACT := extract -F babel.cfg --no-location --sort-output --project translate --version 0.1.0 \
	--copyright-holder "the translate authors" --msgid-bugs-address "" -o translate/locale/messages.pot .

.PHONY: demo test setup apertium clean-state catalogs catalogs-update ttk

demo: setup
	$(VENV)/bin/translate run $(DEMO_SOURCES) --to $(DEMO_LANGS)
	$(VENV)/bin/translate review export --lang es --format xliff --out outputs/review
	$(VENV)/bin/translate review export --lang es --format docx --out outputs/review
	$(VENV)/bin/translate review export --lang es --format omegat --out outputs/review
	$(VENV)/bin/translate publish --release demo --allow-unreviewed
	@echo
	@echo "Look at:"
	@echo "  outputs/drafts/<article>/<lang>.html|.docx|.md   machine-translation drafts"
	@echo "  outputs/review/review-all-es.xlf and .docx      review packages for translators (CAT tool, Word)"
	@echo "  outputs/review/review-all-es/ and .omt           the same as an OmegaT project (folder, package)"
	@echo "  outputs/releases/demo/index.html                 a release (unreviewed: marked as such)"
	@echo
	@echo "Post-edit in the browser: $(VENV)/bin/translate serve   (then open http://127.0.0.1:8765/)"

# LibreOffice renders a review DOCX to count its pages (tests/test_review_docx.py; skipped without it);
# OmegaT's own readers read our glossaries (tests/test_glossary_tbx.py, test_glossary_tables.py), run from a
# Java source file (tests/data/omegat-reader/), which needs the JDK's compiler: default-jdk-headless.
# The workbench's browser tests drive Debian's Chromium with Playwright (pip), never `playwright install`.
test: APERTIUM_PACKAGES += libreoffice-writer-nogui omegat default-jdk-headless chromium
test: setup ttk
	TTK_VENV=$(TTK_VENV) $(VENV)/bin/pytest -q

setup: $(VENV)/.installed apertium catalogs

# The page texts' catalogs, compiled (pip install compiles them too; this keeps them fresh after a .po edit).
catalogs: $(CATALOGS)

translate/locale/%/LC_MESSAGES/messages.mo: translate/locale/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(VENV)/bin/pybabel compile -D messages -i $< -o $@

# For maintainers, after changing a page text in the code or templates: re-extract messages.pot and merge it
# into every catalog (new messages come empty or fuzzy: translate them, then `make catalogs`).
catalogs-update: $(VENV)/.installed
	$(VENV)/bin/pybabel $(BABEL_EXTRACT)
	$(VENV)/bin/pybabel update -i translate/locale/messages.pot -d translate/locale -D messages

# Debian packages: Python's venv module and the Apertium engine with its language pairs.
apertium:
	@missing=""; for p in $(APERTIUM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(VENV)/bin/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)

# torch is pinned to its CPU build first, so argostranslate does not pull a multi-GB CUDA build.
$(VENV)/.installed: $(VENV)/bin/python pyproject.toml setup.py
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q torch==2.13.0 $(TORCH_PIP_ARGS)
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

ttk: $(TTK_VENV)/.installed

$(TTK_VENV)/.installed:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(TTK_VENV)
	$(TTK_VENV)/bin/pip install -q 'translate-toolkit>=3.13,<4'
	touch $@

clean-state:
	rm -rf .translate outputs/drafts
