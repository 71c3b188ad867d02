# Everything installs itself: uv from PyPI into .tools/, then the locked dependencies into .venv/.
SHELL := /bin/bash
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
PYTHON ?= python3.11
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: install demo test lint clean guides system-packages bench bench-quick bench-offices bench-province bench-province-sheets bench-documents fuzz attack attack-quick

install: .venv/.synced

# Debian packages: chromium for the browser tests, Thai fonts for rich-menu images and screenshots,
# redis-server for the state-store tests (the suite starts its own server on a free port), nginx for the
# front server shipped in deploy/ (the slow-client tests and make attack start their own on a free port),
# LibreOffice (no GUI) to turn the documents' .docx into PDF and poppler-utils (pdftoppm) to check its pages.
SYSTEM_PACKAGES := chromium fonts-thai-tlwg redis-server nginx libreoffice-writer-nogui poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

system-packages: /usr/bin/chromium /usr/share/fonts/truetype/tlwg/Loma.ttf /usr/bin/redis-server /usr/sbin/nginx \
	/usr/bin/soffice /usr/bin/pdftoppm

/usr/bin/chromium /usr/share/fonts/truetype/tlwg/Loma.ttf /usr/bin/redis-server /usr/sbin/nginx /usr/bin/soffice \
	/usr/bin/pdftoppm:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python $(PYTHON)
	touch $@

demo: install
	.venv/bin/ita-bot demo

test: install system-packages
	.venv/bin/pytest

bench: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.run
	PYTHONPATH=. .venv/bin/python -m bench.documents_bench
	PYTHONPATH=. .venv/bin/python -m bench.row_update_bench
	PYTHONPATH=. .venv/bin/python -m bench.transparency_bench

bench-documents: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.documents_bench

bench-offices: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.offices_bench --offices 50

bench-province: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.province_bench --offices 300
	PYTHONPATH=. .venv/bin/python -m bench.province_sheets --out bench/results/province-sheets-300.json

bench-province-sheets: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.province_sheets --out bench/results/province-sheets-300.json

bench-quick: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.run --quick
	PYTHONPATH=. .venv/bin/python -m bench.row_update_bench --quick
	PYTHONPATH=. .venv/bin/python -m bench.transparency_bench --quick
	PYTHONPATH=. .venv/bin/python -m bench.province_bench --quick
	PYTHONPATH=. .venv/bin/python -m bench.province_sheets --quick --out bench/results/province-sheets-quick.json

# The recorded attacks against a real `ita-bot serve` behind the shipped nginx, loopback only, bounded.
attack: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.attack

attack-quick: install system-packages
	PYTHONPATH=. .venv/bin/python -m bench.attack --quick

fuzz: install
	PYTHONPATH=. .venv/bin/python -m bench.fuzz webhook -max_total_time=60
	PYTHONPATH=. .venv/bin/python -m bench.fuzz sheet -max_total_time=60

# The guides' screenshots (docs/img/): the demo simulator in Chromium at a phone's width. The emoji font draws
# the emoji LINE shows on phones (the complaint notice's 🔒, ⚠️) instead of empty boxes.
guides: install system-packages /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
	PYTHONPATH=. .venv/bin/python -m tests.e2e.guide_shots

/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends fonts-noto-color-emoji

lint: install
	.venv/bin/ruff check .
	.venv/bin/mypy

clean:
	rm -rf .venv $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
