# zeef: plain Makefile. `make` builds the library and CLI (-O2);
# `make test` checks the layering (scripts/check-layers), runs every unit
# test under ASan+UBSan, the case store's again on a PostgreSQL server of
# their own (tests/pg.sh) with two servers sharing it, then every command
# the README shows
# (scripts/readme-examples); `make demo`, `make bench`;
# `make fuzz`, `make fuzz-replay` (libFuzzer, see the block at the end).
# WERROR=1 turns warnings into errors (CI). SANITIZE=1 builds with sanitizers.

CC      ?= cc
BUILD   ?= build
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla \
           -Wno-unused-parameter
OPT     ?= -O2 -g
CSTD     = -std=c11 -D_GNU_SOURCE
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n 2>/dev/null)
ICU_LIBS   := $(shell pkg-config --libs icu-uc icu-i18n 2>/dev/null || echo -licui18n -licuuc -licudata)
CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) $(if $(WERROR),-Werror) -Iinclude $(ICU_CFLAGS) $(XML_CFLAGS) $(CFLAGS)
ifeq ($(SANITIZE),1)
  CFLAGS_ALL += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDSAN = -fsanitize=address,undefined
endif
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
CRYPTO_LIBS := $(shell pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto)
CURL_LIBS  := $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)
AMQP_LIBS  := $(shell pkg-config --libs librabbitmq 2>/dev/null || echo -lrabbitmq)
PQ_CFLAGS  := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
PQ_LIBS    := $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)
LIBS = $(ICU_LIBS) $(XML_LIBS) -ljansson -lcsv $(MHD_LIBS) $(CRYPTO_LIBS) -lsqlite3 $(PQ_LIBS) -lpthread -lm

LIB_SRC = $(wildcard src/*/*.c)
LIB_ASM = src/names/data.S
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(LIB_ASM:%.S=$(BUILD)/%.o)
DATA    = data/name_freq.tsv data/name_freq_ranked.tsv data/name_variants.tsv data/nicknames-odu.csv data/nicknames-more.csv

FRONT_SRC = $(wildcard front/*.c)
FRONT_OBJ = $(FRONT_SRC:%.c=$(BUILD)/%.o)

CLI_SRC = $(wildcard cli/*.c)

WORKER_SRC = $(wildcard worker/*.c)
WORKER_OBJ = $(WORKER_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)

SERVER_SRC = $(wildcard server/*.c)
SERVER_OBJ = $(SERVER_SRC:%.c=$(BUILD)/%.o)
$(SERVER_OBJ): CFLAGS_ALL += $(MHD_CFLAGS)
$(BUILD)/src/store/db.o: CFLAGS_ALL += $(PQ_CFLAGS)
# the review UI's files, built into zeef (scripts/ui-embed, server/ui.c)
UI_FILES = $(sort $(wildcard ui/*.html ui/*.css ui/*.js ui/*.svg))
SERVER_OBJ += $(BUILD)/server/ui_files.o

TEST_SRC = $(wildcard tests/unit/*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)

BENCH_SRC = $(wildcard bench/*.c)
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps test test-ui test-worker bench-worker ui-shots bench-ui demo demo-run bench bench-run clean format install uninstall
all: $(BUILD)/zeef

deps:
	@sh scripts/install-deps

HEADERS = include/zeef.h $(wildcard src/*.h src/*/*.h tests/unit/*.h front/*.h cli/*.h server/*.h worker/*.h)

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The readings of Han characters come from Debian's unicode-data (Unihan),
# made into a table at build time (tools/gen_unihan.sh), not kept here.
$(BUILD)/unihan.tsv: tools/gen_unihan.sh
	@mkdir -p $(dir $@)
	sh tools/gen_unihan.sh > $@.tmp && mv $@.tmp $@

$(BUILD)/src/names/data.o: src/names/data.S $(DATA) $(BUILD)/unihan.tsv
	@mkdir -p $(dir $@)
	$(CC) -Wa,-I$(BUILD) -c $< -o $@

$(BUILD)/server/ui_files.o: $(UI_FILES) scripts/ui-embed
	@mkdir -p $(dir $@)
	sh scripts/ui-embed $(UI_FILES) > $(BUILD)/server/ui_files.S
	$(CC) -c $(BUILD)/server/ui_files.S -o $@

$(BUILD)/libzeef.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/zeef: $(CLI_OBJ) $(SERVER_OBJ) $(WORKER_OBJ) $(FRONT_OBJ) $(BUILD)/libzeef.a
	$(CC) $(LDSAN) -o $@ $^ $(LIBS) $(AMQP_LIBS)

$(BUILD)/run_tests: $(TEST_OBJ) $(BUILD)/libzeef.a
	$(CC) $(LDSAN) -o $@ $^ -lcmocka $(CURL_LIBS) $(LIBS)

$(BUILD)/bench/%: bench/%.c bench/bench.h $(BUILD)/libzeef.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libzeef.a $(LIBS)

# Unit tests always run under ASan+UBSan, in their own build tree.
test: deps
	@sh scripts/check-layers
	$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 OPT="-O1 -g" build/asan/run_tests build/asan/zeef
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ZEEF_CLI=build/asan/zeef build/asan/run_tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ZEEF_CLI=build/asan/zeef sh tests/pg.sh sh -c 'build/asan/run_tests store && build/asan/run_tests serve_pg'
	@sh scripts/readme-examples build/asan/zeef

# The review UI's browser tests (tests/ui/*.test.mjs): node's test runner,
# Playwright and Debian's Chromium against a `zeef serve` each file starts
# (tests/ui/harness.mjs). install-deps ui adds Node.js, npm, Chromium and
# tests/ui/node_modules; the files run one at a time.
test-ui: deps
	@sh scripts/install-deps ui
	@$(MAKE) --no-print-directory $(BUILD)/zeef
	@st=0; for f in tests/ui/*.test.mjs; do ZEEF_BIN=$(BUILD)/zeef node --test "$$f" || st=1; done; exit $$st

# zeef worker against a RabbitMQ node the tests start (tests/worker/run.sh):
# batches, poison messages, a worker killed mid-batch, two workers, reloads,
# the case store on a PostgreSQL server tests/pg.sh starts;
# then on a three-node cluster (tests/worker/cluster.sh), KILL_ROUNDS rounds
# of a worker and a node killed and started again.
KILL_ROUNDS = 3
test-worker: deps
	@sh scripts/install-deps worker
	@$(MAKE) --no-print-directory $(BUILD)/zeef
	sh tests/pg.sh sh tests/worker/run.sh $(BUILD)/zeef
	sh tests/worker/cluster.sh $(BUILD)/zeef $(KILL_ROUNDS)

# The worker's throughput with 1, 2 and 4 workers and three batch sizes,
# against zeef screen in the same run (BENCHMARKS.md, docs/scaling.md);
# the travellers are screen_bench's, the lists UN + OFAC from ../shared/data.
bench-worker: deps
	@sh scripts/install-deps worker
	@$(MAKE) --no-print-directory $(BUILD)/zeef $(BUILD)/bench/screen_bench
	sh bench/worker_bench.sh $(BUILD)/zeef

# The screenshots in docs/ui/, made from the demo data by tests/ui/demo.test.mjs;
# the queue's speed with 10,000 open cases (bench/ui_queue.mjs, BENCHMARKS.md).
ui-shots: test-ui
	ZEEF_UI_SHOTS=docs/ui ZEEF_BIN=$(BUILD)/zeef node --test tests/ui/demo.test.mjs

bench-ui: test-ui
	ZEEF_BIN=$(BUILD)/zeef node bench/ui_queue.mjs

# demo, bench and test install what is missing first, then run a second make:
# the pkg-config flags above are read when a make starts, so only a make
# started after install-deps sees the -dev packages it installed.
demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@sh scripts/demo.sh $(BUILD)/zeef

bench: deps
	@$(MAKE) --no-print-directory bench-run

bench-run: all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

# The zeef command (its tables are inside it), its man page and its bash
# completion, under DESTDIR and PREFIX as packagers expect.
PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/zeef $(DESTDIR)$(PREFIX)/bin/zeef
	install -m 644 share/zeef.1 $(DESTDIR)$(PREFIX)/share/man/man1/zeef.1
	install -m 644 share/zeef.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/zeef

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/zeef $(DESTDIR)$(PREFIX)/share/man/man1/zeef.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/zeef

# clang-format (.clang-format) on the lines of C changed since the last
# commit: the rest keeps the hand layout it has, which no formatter
# reproduces.
format:
	@git clang-format --force --quiet --extensions c,h HEAD >/dev/null || true

clean:
	rm -rf build

# ------------------------------------------------------------------ Fuzzing
# One libFuzzer target per parser of untrusted input (fuzz/fuzz_*.c), built
# with clang under ASan+UBSan into build/fuzz/, over a library compiled in
# its own tree there with -fsanitize=fuzzer-no-link. `make fuzz` runs each
# target for FUZZ_SECONDS on a copy of its committed corpus (in
# build/fuzz/corpus-work/); `make fuzz-replay` runs each over its committed
# corpus only, once. A crash fails the target; the logic, the limits and how
# to reproduce a crash are in fuzz/run.sh.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)

.PHONY: fuzz fuzz-build fuzz-replay
fuzz-build: deps
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	  CFLAGS="-fsanitize=fuzzer-no-link,address,undefined $(FUZZ_FLAGS)" $(FUZZ_BIN)

# Reached through fuzz-build only, where BUILD is build/fuzz.
build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(BUILD)/libzeef.a
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer,address,undefined -o $@ $< $(BUILD)/libzeef.a $(LIBS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh run

fuzz-replay: fuzz-build
	sh fuzz/run.sh replay
