# rtcprice: see README.md. `make serve` and `make test` are the two commands
# a new user needs; the rest are for development.

GO        ?= go
PORT      ?= 8080
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm
# NOINLINE: packages compiled without inlining into calc.wasm. They run at
# start, on errors (fmt builds error messages), in the JS bridge, or once
# per request or field, never in the pricing loops (calc/optimize,
# calc/ledger, decimal and math/big keep their inlining); inlined copies
# of their small functions cost more download than they save time (make
# size: brotli 791 -> 773 KiB). The floor module is built with the same
# flags (it links few of these packages; its size barely moves).
# Measured and not adopted: math/big and decimal without inlining save
# 14.7 KiB of brotli but escape analysis then allocates more in every
# call (BenchmarkQuote trtc/12: 1271 -> 1376 allocs, Simulate: 63359 ->
# 64614); more cold packages (strconv, unicode, bytes, civil, jsonout,
# usage, ...) save under 1 KiB.
NOINLINE  := fmt reflect internal/reflectlite internal/fmtsort sort time os syscall syscall/js \
             internal/godebug internal/bisect io/fs errors io sync strings unicode/utf8 \
             github.com/hack-pad/safejs/... github.com/rtcprice/rtcprice/wasm \
             github.com/rtcprice/rtcprice/calc github.com/rtcprice/rtcprice/calc/fault \
             github.com/rtcprice/rtcprice/calc/jsonin github.com/rtcprice/rtcprice/calc/catalog \
             github.com/rtcprice/rtcprice/calc/calls
GCFLAGS   := $(foreach p,$(NOINLINE),-gcflags=$(p)=-l)
WASMFLAGS := -trimpath -ldflags="-s -w" $(GCFLAGS)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT  := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

.PHONY: all build serve serve-site test test-native test-js test-wasm test-browser lint bench bench-load size \
        dist depfloor wasm-exec check-wasm-exec fuzz clean

all: build

## build: compile the Go core to site/calc.wasm, its data segments packed
## to compress better (cmd/wasmpack), and the offline manifest
build:
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o site/calc.wasm ./wasm
	$(GO) run ./cmd/wasmpack site/calc.wasm
	$(GO) run ./cmd/dist -site site -manifest

## dist: the published site in dist/: the page with its modules bundled
## into one content-hashed file, every asset with .gz and .br copies,
## rtcprice-offline.html, the whole calculator in one file, whose share
## links open BASE_URL (the published site; "" for none), and
## rtcprice-<version>.tgz, the npm package (npm pack; needs npm)
BASE_URL ?= https://rtcprice.github.io/rtcprice/
dist: build
	$(GO) run ./cmd/dist -site site -out dist -base-url "$(BASE_URL)"

## serve: build dist/ and serve it on http://localhost:$(PORT) as a good
## static host would (precompressed, cached, security headers)
serve: dist
	$(GO) run ./cmd/serve -dir dist -addr localhost:$(PORT)

## serve-site: serve site/ unbundled (development: edit, reload)
serve-site: build
	$(GO) run ./cmd/serve -dir site -addr localhost:$(PORT)

## test: every test: native Go, js/wasm under node, browser tests in Chromium
test: check-wasm-exec test-native test-js test-wasm test-browser

test-native:
	$(GO) test ./...

## test-js: the page's pure modules (CSV, statement files) under node --test
test-js:
	node --test test/js/

test-wasm:
	PATH="$(WASM_EXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./wasm/...

test-browser: build node_modules/.package-lock.json
	./scripts/ensure-chromium.sh
	$(GO) test -tags browser -count=1 -timeout 40m ./e2e/...

## node_modules: the browser tests' npm devDependencies (axe-core), exactly
## as package-lock.json pins them
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

## lint: gofmt, go vet (native and js/wasm), staticcheck, actionlint
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(GO) vet -tags browser ./e2e/...
	GOBIN=$(CURDIR)/.tools $(GO) install $(STATICCHECK)
	.tools/staticcheck ./...
	GOOS=js GOARCH=wasm .tools/staticcheck ./wasm/...
	.tools/staticcheck -tags browser ./e2e/...
	$(GO) run $(ACTIONLINT)

## size: raw, gzip and brotli size of site/calc.wasm beside a floor module
## (a Go module that only registers one function) built in the same run,
## what calc.wasm's code is made of, by package, and the dependency floor
## (cmd/depfloor: the floor with safejs and decimal, none of our code)
size:
	@$(MAKE) --no-print-directory -s build
	@GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o site/floor.wasm ./cmd/floor
	@mkdir -p out && GOOS=js GOARCH=wasm $(GO) build -trimpath $(GCFLAGS) -o out/calc-unstripped.wasm ./wasm
	@GOOS=js GOARCH=wasm $(GO) build -trimpath $(GCFLAGS) -o out/floor-unstripped.wasm ./cmd/floor
	@$(GO) run ./cmd/sizes -breakdown out/calc-unstripped.wasm -floor-breakdown out/floor-unstripped.wasm \
	  calc.wasm=site/calc.wasm floor.wasm=site/floor.wasm
	@GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o out/floor-plain.wasm ./cmd/floor
	@echo; echo "Both modules are built with WASMFLAGS (NOINLINE packages without inlining). Against a floor built"
	@echo "with plain -trimpath -ldflags='-s -w' (no -gcflags; wasm-opt is not used for either):"; echo
	@$(GO) run ./cmd/sizes calc.wasm=site/calc.wasm floor-plain.wasm=out/floor-plain.wasm | sed -n '3,7p'
	@cp site/floor.wasm out/floor-packed.wasm && $(GO) run ./cmd/wasmpack out/floor-packed.wasm
	@echo; echo "calc.wasm's data segments are packed (make build: cmd/wasmpack); the floor's above are as Go's"
	@echo "linker wrote them. Against a floor packed the same way:"; echo
	@$(GO) run ./cmd/sizes calc.wasm=site/calc.wasm floor-packed.wasm=out/floor-packed.wasm | sed -n '3,7p'
	@$(MAKE) --no-print-directory -s depfloor
	@echo; echo "The dependency floor (cmd/depfloor: the floor with safejs and decimal, none of our code; built"
	@echo "and packed as calc.wasm is): what the dependencies alone cost, and what calc.wasm adds to them:"; echo
	@$(GO) run ./cmd/sizes depfloor.wasm=out/depfloor.wasm floor.wasm=site/floor.wasm | sed -n '3,7p'
	@$(GO) run ./cmd/sizes calc.wasm=site/calc.wasm depfloor.wasm=out/depfloor.wasm | sed -n '5,7p'

## bench: calc.wasm in node (instantiate-to-ready, per-call median and p99
## of quote and simulate) beside the same requests natively, and the ratio;
## the time at each documented limit (internal/limitreq) and at the worst
## custom lists, as ratios to the ordinary 24-month Agora quote; then the
## client (rtcprice.js, in Chromium) against a direct module call, and at
## its own limits
bench:
	@$(MAKE) --no-print-directory -s build
	@$(GO) run ./cmd/bench -wasm-exec "$(WASM_EXEC)/wasm_exec.js" -wasm site/calc.wasm -client

## bench-load: navigation to the first quote on a phone profile (Chromium
## throttled: 1.6 Mbps, 150 ms RTT, CPU 4x), old make serve vs dist/ vs a
## brotli-served floor page, median of RUNS interleaved runs, the median
## of each step (the page's performance marks), and what a first and a
## repeat visit transfer; also the dependency floor's page (cmd/depfloor,
## the floor with safejs and decimal). BASELINE=DIR also loads an older
## dist/ (copied aside before a change), interleaved. TRACE=FILE also
## traces one load and prints where its tail goes (threads, V8's lazy
## compilations)
RUNS ?= 3
BASELINE ?=
TRACE ?=
bench-load: dist depfloor
	@GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o site/floor.wasm ./cmd/floor
	./scripts/ensure-chromium.sh
	$(GO) run ./cmd/loadbench -runs $(RUNS) -deps-floor out/depfloor.wasm $(if $(BASELINE),-baseline "$(BASELINE)") $(if $(TRACE),-trace "$(TRACE)")

## depfloor: out/depfloor.wasm, the dependency floor (cmd/depfloor), built
## and packed as calc.wasm is, for make size and make bench-load
depfloor:
	@mkdir -p out
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o out/depfloor.wasm ./cmd/depfloor
	$(GO) run ./cmd/wasmpack out/depfloor.wasm

## wasm-exec: refresh site/wasm_exec.js from the Go toolchain
wasm-exec:
	cp "$(WASM_EXEC)/wasm_exec.js" site/wasm_exec.js

check-wasm-exec:
	@cmp -s site/wasm_exec.js "$(WASM_EXEC)/wasm_exec.js" || { \
	  echo "site/wasm_exec.js differs from $(WASM_EXEC)/wasm_exec.js: run 'make wasm-exec' so it matches the Go toolchain"; exit 1; }

## fuzz: run each fuzz target for FUZZTIME (default 30s; CI runs them
## for 10s each: .ci/run). The browser's fuzzing of the client,
## TestClientFuzz, is a bounded browser test (make test-browser).
FUZZTIME ?= 30s
# package:target, every fuzz target of the repository
FUZZ_TARGETS := ./calc:FuzzSimulate ./calc:FuzzQuote ./calc:FuzzEncodingStrings \
                ./calc/jsonin:FuzzParseIsEncodingJSON ./calc/jsonin:FuzzDecimalShapeIsTheRegexp \
                ./calc/jsonin:FuzzFromValidatedIsNewFromString \
                ./internal/wasmdata:FuzzPack
# A run that fails with only "context deadline exceeded" and writes no
# failing input is the Go fuzzing coordinator's race at the end of
# -fuzztime (golang/go#75804), not a finding: that target is run once
# more. Anything else fails at once.
fuzz:
	@for pt in $(FUZZ_TARGETS); do \
	  p=$${pt%%:*}; f=$${pt#*:}; \
	  for try in 1 2; do \
	    echo "$(GO) test $$p -run '^$$' -fuzz '^$$f$$' -fuzztime $(FUZZTIME)"; \
	    out=$$($(GO) test $$p -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) 2>&1); rc=$$?; echo "$$out"; \
	    [ $$rc -eq 0 ] && break; \
	    if [ $$try -eq 1 ] && echo "$$out" | grep -q 'context deadline exceeded' && ! echo "$$out" | grep -q 'Failing input written'; then \
	      echo "fuzz: $$f stopped on the coordinator's deadline race with no failing input: running it once more"; continue; fi; \
	    exit 1; \
	  done; \
	done

clean:
	rm -rf site/calc.wasm site/floor.wasm dist out testout
