# Two commands do everything on a fresh machine:
#   make demo   runs the main job on the embedded default
#   make test   runs the whole test suite
# Both install what is missing first (system tools, the torch venv, cargo-fuzz).
SHELL := /bin/bash
CARGO ?= cargo
FUZZ_SECONDS ?= 30

.PHONY: setup system-deps build demo test test-rust fuzz-smoke fuzz-divergence cargo-fuzz clean-venv data models

system-deps:
	@scripts/install_system_deps.sh

# The torch venv lives outside the clone (shared by clones and CI runs);
# .libtorch links to its torch package for torch-sys (see .cargo/config.toml).
setup: system-deps
	@venv=$$(scripts/setup_venv.sh) && ln -sfn "$$(ls -d "$$venv"/lib/python3*/site-packages/torch)" .libtorch

build: setup
	$(CARGO) build --release

demo: setup
	scripts/demo.sh

test: setup test-rust fuzz-smoke

test-rust:
	$(CARGO) test --release --no-fail-fast --all-targets
	$(CARGO) test --release --doc

# The clone-detection data set, rebuilt from the Java source tarballs
# (METACOMPRESS_SOURCES, default ../shared/data/sources); needs no libtorch.
# COMMITTED_TEST=DIR also writes the test split alone there.
DATA_DIR ?= target/data/clone-pairs
data:
	scripts/extract_sources.sh $(DATA_DIR) $(if $(COMMITTED_TEST),--committed-test $(COMMITTED_TEST))

cargo-fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --version 0.13.2 --locked

# A short run of the relations fuzz target: parse + apply of arbitrary chains
# on arbitrary input must never panic nor produce an invalid variant. The
# corpus grows in target/, so the committed seeds stay as they are.
fuzz-smoke: cargo-fuzz
	mkdir -p target/fuzz-corpus/relations
	cp -n fuzz/corpus-seeds/relations/* target/fuzz-corpus/relations/ 2>/dev/null || true
	$(CARGO) fuzz run -s none relations target/fuzz-corpus/relations -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=0

# Divergence fuzzing (README, "Divergence fuzzing with cargo fuzz"): teacher
# vs student on a seed corpus, FUZZ_JOBS processes (fork mode when > 1). The
# corpus grows in target/fuzz-corpus/divergence, the committed seeds stay as
# they are; findings go to target/fuzz-findings/divergence (or
# METACOMPRESS_FINDINGS). METACOMPRESS_TEACHER / METACOMPRESS_STUDENT point at
# other bundles than models/.
DIVERGENCE_CORPUS ?= corpus/clone-detection
FUZZ_JOBS ?= 1
fuzz-divergence: setup cargo-fuzz
	mkdir -p target/fuzz-corpus/divergence
	$(CARGO) fuzz run -s none --features divergence -j $(FUZZ_JOBS) divergence \
		target/fuzz-corpus/divergence $(DIVERGENCE_CORPUS)/seeds \
		-- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=0 -max_len=8192

# The embedded models and their card, rebuilt from the Java source tarballs:
# data set (`make data`, which also writes the committed test split) →
# teacher → student → models/card.json. Training times are in models/README.md.
models: setup
	$(MAKE) data COMMITTED_TEST=corpus/clone-detection/test
	$(CARGO) build --release
	target/release/metacompress train --task clone-detection --data $(DATA_DIR) --config models/configs/teacher.toml --out models/teacher
	target/release/metacompress distill --teacher models/teacher --data $(DATA_DIR) --config models/configs/student.toml --out models/student
	target/release/metacompress card --teacher models/teacher --student models/student --data corpus/clone-detection/test --out models/card.json
	target/release/metacompress data seeds --data corpus/clone-detection/test --limit 200 --out corpus/clone-detection
