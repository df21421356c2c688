# The one entry point for people and CI. `make help` lists the targets.
CARGO ?= cargo

.PHONY: help test report validate review lint bench mutants fuzz fuzz-fixtures

help:
	@echo "make test      run every test and clippy (what CI runs: .ci/run)"
	@echo "make report    score the extractor on the bundled corpus"
	@echo "make validate  check every annotation against its source"
	@echo "make review    review changed snapshots (installs cargo-insta if missing)"
	@echo "make lint      clippy with warnings as errors, rustfmt check"
	@echo "make bench     throughput and memory benchmark (release build)"
	@echo "make mutants   mutation testing of the scorer, the word index and normalize"
	@echo "make fuzz      fuzz the annotation reader and the extractor (FUZZ_SECONDS each, nightly)"
	@echo "make fuzz-fixtures  minimise the fuzz corpora into tests/fixtures/fuzz"

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

# Mutation testing (cargo-mutants, installed if missing): every mutant of the
# scorer (src/eval/), the word index and normalize must make a test fail.
# Each group of files builds and runs only the tests that exercise it (the
# -C arguments reach both cargo's build and its test run); the release
# profile, built incrementally, rebuilds a mutant in seconds and runs the
# property tests fast; the groups share one target directory, so the
# dependencies are built once. One mutant at a time, niced: the machine is
# shared. Results: mutants.out/GROUP/mutants.out/{caught,missed,timeout,unviable}.txt.
MUTANTS = nice -n 10 env CARGO_PROFILE_RELEASE_INCREMENTAL=true \
	CARGO_TARGET_DIR=$(CURDIR)/target/mutants \
	$(CARGO) mutants --jobs 1 --profile release

mutants:
	@command -v cargo-mutants >/dev/null 2>&1 || $(CARGO) install cargo-mutants --locked
	@status=0; \
	$(MUTANTS) -o mutants.out/eval -f src/eval/align.rs -f src/eval/score.rs \
		-C --lib -C --test=score || status=1; \
	$(MUTANTS) -o mutants.out/eval_corpus -f src/eval/compare.rs -f src/eval/corpus.rs \
		-C --lib -C --test=compare -C --test=cli -C --test=ratchet || status=1; \
	$(MUTANTS) -o mutants.out/word_index -f src/extract/word_index.rs \
		-C --lib -C --test=word_index -C --test=extract_props -C --test=golden || status=1; \
	$(MUTANTS) -o mutants.out/normalize -f src/text/normalize.rs \
		-C --lib -C --test=normalize -C --test=extract_props -C --test=golden || status=1; \
	exit $$status

# Fuzzing (cargo-fuzz on the nightly toolchain, installed if missing): the
# annotation reader + validator and the extractor, FUZZ_SECONDS each,
# starting from the bundled annotations and sources and the regression
# fixtures. A finding is left in fuzz/artifacts/TARGET/ and fails the run.
# `make fuzz-fixtures` minimises what the runs found (inputs up to
# FIXTURE_MAX_BYTES) into tests/fixtures/fuzz/TARGET/, which `cargo test`
# replays on stable.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = annotation extract
# The fixtures keep the inputs of at most this size that add coverage: the
# whole corpus (megabytes, thousands of files) is the fuzzer's, not git's.
FIXTURE_MAX_BYTES = 2048

fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	@mkdir -p fuzz/corpus/annotation fuzz/corpus/extract
	@cp -n annotations/*.yaml annotations/*/*.yaml tests/fixtures/fuzz/annotation/* fuzz/corpus/annotation/ 2>/dev/null || true
	@cp -n corpus/*.txt corpus/*/*.txt tests/fixtures/fuzz/extract/* fuzz/corpus/extract/ 2>/dev/null || true
	@for t in $(FUZZ_TARGETS); do \
		nice -n 10 $(CARGO) +nightly fuzz run $$t fuzz/corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 || exit 1; \
	done

fuzz-fixtures:
	@for t in $(FUZZ_TARGETS); do \
		rm -rf fuzz/min/$$t && mkdir -p fuzz/min/$$t tests/fixtures/fuzz/$$t && \
		find fuzz/corpus/$$t -type f -size -$$(($(FIXTURE_MAX_BYTES) + 1))c -exec cp {} fuzz/min/$$t/ \; && \
		$(CARGO) +nightly fuzz cmin $$t fuzz/min/$$t -- -max_len=$(FIXTURE_MAX_BYTES) && \
		rm -f tests/fixtures/fuzz/$$t/* && cp fuzz/min/$$t/* tests/fixtures/fuzz/$$t/ || exit 1; \
	done
