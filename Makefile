# The one entry point for people and CI. `make help` lists the targets.
CARGO ?= cargo

.PHONY: help test report validate review lint bench

help:
	@echo "make test      run every test and clippy (what CI runs: .ci/run)"
	@echo "make report    score the extractor on the bundled corpus"
	@echo "make validate  check every annotation against its source"
	@echo "make review    review changed snapshots (installs cargo-insta if missing)"
	@echo "make lint      clippy with warnings as errors, rustfmt check"
	@echo "make bench     throughput and memory benchmark (release build)"

test:
	bash .ci/run

report:
	$(CARGO) run --release -- report

validate:
	$(CARGO) run --release -- validate

review:
	@command -v cargo-insta >/dev/null 2>&1 || $(CARGO) install cargo-insta --locked
	$(CARGO) insta review

lint:
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) fmt --check

bench:
	$(CARGO) bench --bench throughput
