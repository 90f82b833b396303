# Konbit — `make` lists the targets. A new machine needs only `make run` or
# `make test`: missing system packages are installed by scripts/install-deps.sh.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory
# deps and deps-test both may call apt-get: never run targets in parallel.
.NOTPARALLEL:

# Go installed from go.dev into /usr/local/go but not yet on PATH: use it anyway.
ifeq ($(shell command -v go 2>/dev/null),)
export PATH := $(PATH):/usr/local/go/bin
endif

GO       ?= go
BIN      := bin/konbit
ARGS     ?=
FUZZTIME ?= 30s

.PHONY: help deps deps-test build run test smoke netns bench fuzz clean

help: ## List the targets (default)
	@echo "Usage: make <target> [ARGS=\"--data DIR\"] [FUZZTIME=30s]"
	@echo
	@awk 'BEGIN { FS = ":[^#]*## " } /^[a-zA-Z0-9_-]+:[^#]*## / { printf "  %-10s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

deps: ## Install missing build dependencies (C compiler, X11/GL headers; checks Go)
	@bash scripts/install-deps.sh build

deps-test: ## Install missing build + test dependencies (adds Xvfb, xdotool, ImageMagick)
	@bash scripts/install-deps.sh test

build: deps ## Build bin/konbit
	$(GO) build -o $(BIN) ./cmd/konbit

run: build ## Build and start the app (default data dir; pass flags with ARGS="--data /tmp/x")
	@if [ "$$(uname -s)" = Linux ] && [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "run: warning: neither DISPLAY nor WAYLAND_DISPLAY is set, the window cannot open (headless? try 'make smoke')" >&2; \
	fi
	./$(BIN) $(ARGS)

test: deps-test ## go vet, go test -race, the GUI smoke test, then the network lab (as root)
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	$(MAKE) smoke
	$(MAKE) netns

smoke: build deps-test ## Start bin/konbit under Xvfb, screenshot it (build/smoke.png), quit with ctrl+q
	bash scripts/smoke.sh $(BIN)

netns: build ## Laptops as network namespaces (root only; skips otherwise): pairing, discovery, cuts, refusals
	bash scripts/netns.sh $(BIN)

bench: deps ## Run all benchmarks (with system info), output also saved to bench.txt
	@{ \
	  echo "date:   $$(date -u '+%Y-%m-%dT%H:%M:%SZ')"; \
	  echo "arch:   $$(uname -m)"; \
	  echo "cpu:    $$( (grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || sysctl -n machdep.cpu.brand_string 2>/dev/null || echo unknown) | sed 's/^model name[[:space:]]*:[[:space:]]*//')"; \
	  echo "nproc:  $$(nproc 2>/dev/null || sysctl -n hw.ncpu)"; \
	  echo "go:     $$($(GO) env GOVERSION)"; \
	  $(GO) test -run='^$$' -bench=. -benchmem ./... 2>&1; \
	} | tee bench.txt

fuzz: deps ## Run every Fuzz* target for FUZZTIME each (default 30s)
	GO="$(GO)" bash scripts/fuzz.sh $(FUZZTIME)

clean: ## Remove bin/, build/, bench.txt, test binaries and profiles
	rm -rf bin build bench.txt
	rm -f *.test cpu.out mem.out *.prof *.pprof
