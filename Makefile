# zhsearch: make test runs everything CI runs.
GO      ?= go
INDEX   ?= .zhsearch
CORPUS  ?= testdata
FUZZTIME ?= 30s

.PHONY: test vet build dist index bench relevance fuzz clean

# Checks of real text that run one goroutine skip themselves under -race
# (skipUnderRace: there they would take minutes and find no race) and run in
# a second pass without it, over the packages that have them. Every test
# that calls skipUnderRace must match REAL_TEXT_CHECKS, in a package of
# REAL_TEXT_PACKAGES (make_test.go checks both).
REAL_TEXT_CHECKS = OnSharedCorpus|OnReports|FormatsRecall|BuiltinSynonymsOccurInCorpus|MatchGse|MatchesGse|SetStatistics|SetRefused|PartWriterMatchesZap|PlaceLengthsAreTheFieldsTerms|OnlyTextIsStored|TitleListIsTheTitles|SeveralIndexes|ScoresDoNotDependOnBuildOrder|LineRecall|FormatsGolden
REAL_TEXT_PACKAGES = ./segment/ ./index/ ./index/extract/ ./query/ ./cmd/zhsearch/

# The index package takes about 2 minutes under -race on a quiet machine,
# and over 10 (go test's default limit) when the machine is busy: the limit
# is for hangs, not load.
test: vet
	$(GO) test -race -count=1 -timeout 30m ./...
	$(GO) test -count=1 -timeout 30m -run '$(REAL_TEXT_CHECKS)' $(REAL_TEXT_PACKAGES)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

build:
	$(GO) build -o bin/zhsearch ./cmd/zhsearch

# Release binaries for the systems zhsearch is used on, into dist/:
#   dist/zhsearch-v1.2.0-windows-amd64.exe, ...-darwin-arm64, ...
# The version is git describe's (a tag, or the commit, "-dirty" with
# uncommitted changes), shown by zhsearch --version; -trimpath keeps the
# build machine's paths out of the binaries.
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
PLATFORMS ?= windows/amd64 darwin/arm64 linux/amd64 linux/arm64
dist:
	@mkdir -p dist
	@for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  out=dist/zhsearch-$(VERSION)-$$os-$$arch$$ext; echo "$$out"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $$out ./cmd/zhsearch || exit 1; \
	done

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
	rm -rf bin dist $(INDEX)

# Compare zhsearch with the lean bleve program the performance targets are
# set against (../shared/anchors/cjk-lean, see bench/compare) on the speech,
# the reports and the whole corpus when ../shared is there; RUNS=n builds of
# each (cold searches: 15 runs each). Then the go test benchmarks; the
# one-line files BenchmarkBuildOneLine indexes are ONELINE_MB megabytes
# (ONELINE_MB=50 for the size of issue 15), indexed once each; then
# "zhsearch serve" under 4 and 64 clients on loopback over the reports and
# the whole corpus (see bench/load; BASELINE=path/to/older/zhsearch
# measures that build too).
#
# make bench SCALE=4 (or 1, 2) measures only how a build scales: 1x, 2x and
# 4x the whole corpus, peak memory and MB/s at each, and an update of the
# largest.
RUNS ?= 5
ONELINE_MB ?= 8
SCALE ?=
bench:
ifneq ($(SCALE),)
	$(GO) run ./bench/compare -corpus none -scale $(SCALE)
else
	$(GO) run ./bench/compare -runs $(RUNS)
	$(GO) test -run '^$$' -bench . -skip 'BuildOneLine' -benchtime 3x ./segment/ ./index/ ./query/
	ZHSEARCH_ONELINE_MB=$(ONELINE_MB) $(GO) test -run '^$$' -bench 'BuildOneLine' -benchtime 1x -timeout 60m ./index/
	$(GO) run ./bench/load $(if $(BASELINE),-baseline $(BASELINE))
endif

# Ranking quality: zhsearch against bleve's stock cjk analyzer on known-item
# and judged queries (see bench/relevance); needs ../shared/corpus.
# RELEVANCE_FLAGS=-v for per-query figures, -pool to write what needs grading.
RELEVANCE_FLAGS ?=
relevance:
	$(GO) run ./bench/relevance $(RELEVANCE_FLAGS)
