# zhsearch: make test runs everything CI runs.
GO      ?= go
INDEX   ?= .zhsearch
CORPUS  ?= testdata
FUZZTIME ?= 30s

.PHONY: test vet build index bench relevance fuzz clean

test: vet
	$(GO) test -race -count=1 ./...

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

build:
	$(GO) build -o bin/zhsearch ./cmd/zhsearch

# Build or update an index from a folder, as a CI job would:
#   make index INDEX=/path/to/index CORPUS=/path/to/folder [STRICT=1]
# zhsearch index exits 0 (done), 1 (done; some files skipped, named on stderr)
# or 2 (error; the index is as it was). make cannot pass a status on: a failed
# recipe is always make's exit 2. So this target succeeds on 0 and 1 and fails
# on 2; with STRICT=1 a skipped file fails it too (and the index is left as it
# was). For all three statuses, run bin/zhsearch index directly.
index: build
	@status=0; ./bin/zhsearch index --index '$(INDEX)' $(if $(STRICT),--strict) $(CORPUS) || status=$$?; \
	if [ $$status -eq 1 ]; then echo "make index: the index was updated; the files named above were skipped" >&2; status=0; fi; \
	exit $$status

# Run every fuzz target for FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(INDEX)

# Compare zhsearch with bleve's stock cjk analyzer (see bench/compare); reads
# ../shared/corpus when it is there. RUNS=n for fewer or more runs.
RUNS ?= 5
#
# Then load "zhsearch serve" with 4 and 64 clients on loopback (see
# bench/load); BASELINE=path/to/older/zhsearch measures that build too.
bench:
	$(GO) run ./bench/compare -runs $(RUNS)
	$(GO) test -run '^$$' -bench . -benchtime 3x ./segment/ ./index/ ./query/
	$(GO) run ./bench/load $(if $(BASELINE),-baseline $(BASELINE))

# Ranking quality: zhsearch against bleve's stock cjk analyzer on known-item
# and judged queries (see bench/relevance); needs ../shared/corpus.
# RELEVANCE_FLAGS=-v for per-query figures, -pool to write what needs grading.
RELEVANCE_FLAGS ?=
relevance:
	$(GO) run ./bench/relevance $(RELEVANCE_FLAGS)
