# 中小学校党建工作管理系统 — the two commands: `make run` and `make test`.
# Everything they need is set up here from the lock files; nothing is installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := dangjian/core/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/dangjian
SCALE  ?= school
DEB_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 chromium chromium-l10n wrk

export DJANGO_SETTINGS_MODULE := config.settings
# Where the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE=1), every Python
# process — each test worker, each subprocess a test starts, the server — compiles the ~1,500
# modules it imports from source again: 2–5 CPU-seconds a process. The virtual environment and
# the working tree are ours, so their bytecode may be written once and read after.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test setup checks system-packages assets venv migrate demo accounts lint imports types migrations-check \
        test-sqlite test-pg e2e bench bench-ci load worker clean

run: setup migrate demo accounts
	@echo "服务地址：http://127.0.0.1:8000 （后台任务进程同时启动；Ctrl+C 结束）"
	@$(BIN)/python manage.py run_huey --quiet & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000

# The browser tests leave part of the two cores idle (the pages wait on each other); the school-scale
# benchmark check, one process, runs beside them (its timings are not recorded from here).
test: setup checks test-sqlite test-pg
	@$(MAKE) --no-print-directory -j2 --output-sync=target e2e bench-ci
	@echo "全部检查通过：ruff、导入分层、类型检查、迁移、SQLite 与 PostgreSQL 测试、浏览器测试、基准（$(SCALE) 规模）"

setup: venv assets system-packages

# The four static checks are independent single-process jobs: run side by side on both cores
# (about 10 s instead of 20 s); any failure still fails `make test`.
checks: venv
	@$(MAKE) --no-print-directory -j4 lint imports types migrations-check

# The virtual environment is rebuilt whenever the lock file changes. uv installs the lock file
# (every hash checked) in seconds where pip took about a minute; pip only brings uv itself.
UV := uv==0.13.9
venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(UV)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.txt
	touch $@

# Front-end assets come from the npm lock file and are served by the app itself (no CDN).
assets: $(VENDOR)/.installed
$(VENDOR)/.installed: package-lock.json scripts/vendor-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/vendor-assets.sh
	touch $@

# Debian packages: CJK fonts and harfbuzz-subset for PDFs, Chromium for the browser tests (with
# chromium-l10n, its own words in Chinese: date and month inputs as our users see them),
# wrk for the load benchmark.
system-packages:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "安装系统软件包：$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "跳过系统软件包安装（需要 root 权限）：$$missing —— 请管理员执行 apt-get install$$missing"; \
	fi

migrate: venv
	$(BIN)/python manage.py migrate --noinput -v 0

# Demo data only into an empty database: a running instance's data is never touched.
demo: migrate
	@if $(BIN)/python manage.py seed_demo --scale school --if-empty --accounts-out var/demo-accounts.json; then :; \
	else echo "演示数据生成失败"; exit 1; fi

accounts:
	@$(BIN)/python scripts/show_accounts.py var/demo-accounts.json

worker: venv
	$(BIN)/python manage.py run_huey

lint: venv
	$(BIN)/ruff check .

# import-linter's contracts (pyproject.toml): the layers, core knowing no domain, no cycles.
imports: venv
	$(BIN)/lint-imports

# mypy with django-stubs over core and every services/rules module (files and settings in pyproject.toml).
types: venv
	@$(call timed,types,$(BIN)/mypy)

migrations-check: venv
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1

# $(call timed,<name>,<command>): run the command, then say how long it took (the figure the
# test-speed budget is checked against), keeping the command's exit status.
timed = echo "$(2)"; start=$$(date +%s); $(2); status=$$?; echo "用时 $(1): $$(( $$(date +%s) - start )) s"; exit $$status

# Two workers; each module (or class) runs on one, so what it shares (the test world, a demo
# scale) is built once, not once per worker. The order in which they take the modules is the
# suite's own (conftest.py, _long_scopes_first): the long ones first, so none is left for last.
# --nomigrations: each worker builds its test database from the models instead of replaying the
# 25 migrations (10 s a worker on SQLite, 20 s on PostgreSQL, nearly all of it Django rendering
# model states). The migrations are still run on both engines: `migrations-check` proves they
# match the models, and test_import_kill and test_backup_restore migrate databases of the
# suite's engine in subprocesses, as `make run` and a restore on a new server do.
PYTEST_PARALLEL := -n 2 --dist loadscope --no-loadscope-reorder --nomigrations

test-sqlite: venv assets
	@$(call timed,test-sqlite,DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q $(PYTEST_PARALLEL))

# PostgreSQL is expected: if it is not reachable this fails, it never skips.
test-pg: venv assets
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL（127.0.0.1:5432）不可用：PostgreSQL 测试不能跳过"; exit 1; }
	@$(call timed,test-pg,DATABASE_URL=$(PG_URL) $(BIN)/pytest -q $(PYTEST_PARALLEL))

# The browser tests on two workers as well, each with its own live server, in-memory test database
# and Chromium; the long flows (marked long_scope) go first, so neither worker is left with one at the end.
e2e: venv assets system-packages
	@test -x /usr/bin/chromium || { echo "缺少 /usr/bin/chromium：浏览器测试无法运行"; exit 1; }
	@$(call timed,e2e,DATABASE_URL=sqlite:///$(CURDIR)/var/e2e.sqlite3 $(BIN)/pytest -q -m e2e $(PYTEST_PARALLEL) tests/e2e)

# Benchmarks: `make bench SCALE=city` (on PostgreSQL set DATABASE_URL); CI runs the school scale.
bench: venv
	$(BIN)/python bench/run.py --scale $(SCALE)

# Pages under concurrent load against an already seeded database (gunicorn + wrk on loopback).
load: venv system-packages
	$(BIN)/python bench/load.py

# In `make test` the benchmarks run at school scale to prove that each still runs and still gives
# its baseline's answer (the exit status says so); three timed runs each are enough for that. The
# figures in docs/benchmarks.md come from `make bench` (or bench/run.py --out) at the scales of
# QUALITY.md, with their full repeats.
bench-ci: venv
	rm -f var/bench.sqlite3*
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python bench/run.py --scale school --repeat 3

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
