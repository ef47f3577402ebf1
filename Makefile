# twinnet: `make demo` and `make test` are the two commands; both run `make setup`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RLIB := .Rlib
RSCRIPT := R_LIBS=$(CURDIR)/$(RLIB) Rscript
# libopenblas0-pthread: R's BLAS (Debian's update-alternatives switches R from the
# reference BLAS, 20x slower on the benchmark's medium net); r-cran-nnet: the
# benchmark's R reference (part of r-recommended, which --no-install-recommends skips)
# qpdf: R CMD check --as-cran warns without it once the package has a vignette
# (inst/doc); pandoc, knitr and rmarkdown build the vignette
DEBS := r-base-core r-base-dev r-cran-testthat r-cran-jsonlite libopenblas0-pthread r-cran-nnet \
  r-cran-roxygen2 r-cran-lintr r-cran-generics dataset-fashion-mnist \
  chromium pandoc r-cran-knitr r-cran-rmarkdown qpdf
# setuptools is pinned because `make dist` builds without isolation (offline, with
# this setuptools) rather than downloading one into a throw-away environment.
PYPKGS := numpy==2.4.6 pandas==3.1.1 pytest==9.2.0 rpy2==3.5.17 scikit-learn==1.9.1 matplotlib==3.11.2 \
  ruff==0.17.6 mpmath==1.3.0 setuptools==84.2.1
# optional, for `make bench` only (never for `make test`): threadpoolctl names
# numpy's BLAS; PyTorch is a competitor (the CPU build). scikit-learn and
# matplotlib, the other competitor and the plot, are in PYPKGS already.
BENCH_PKGS := threadpoolctl==3.8.0
# optional extras the tests use (issue 14; the core package never imports them):
# PyTorch (CPU build, a file on this disk), onnx and onnxruntime for `twinnet
# export`; dask for partitioned prediction; build for `make dist`; nbclient,
# nbformat and ipykernel to execute the learner notebook. The same pins are
# python/pyproject.toml's optional extras.
EXTRA_PKGS := torch==2.13.0 onnx==1.23.2 onnxruntime==1.32.0 dask[array,dataframe]==2026.8.0 \
  build==1.6.1 nbclient==0.11.0 nbformat==5.11.1 ipykernel==7.4.0
BENCH_OUT := out/bench
R_SOURCES := $(shell find R -type f ! -path 'R/tests/*' ! -name '*.o' ! -name '*.so' 2>/dev/null)

.PHONY: twins fashion-exact examples bench-cnn sync-core bench-core accuracy setup-portability portability docs-r check-r dist dist-check help setup setup-debs setup-python setup-r setup-bench demo test test-python test-r parity expected bench bench-quick lint clean

help:
	@echo "make demo     train the toy network in Python and in R, compare the weights"
	@echo "make test     Python tests, R tests and the Python-R parity suite"
	@echo "make setup    install what is missing (Debian packages, .venv, .Rlib)"
	@echo "make parity   the parity suite alone"
	@echo "make expected regenerate the frozen R results in fixtures/*/expected"
	@echo "make lint     ruff (format + check) and lintr"
	@echo "make twins    each Python file and its R twin, functions side by side (fails on an unpaired one)"
	@echo "make check-r  R CMD build + check --as-cran"
	@echo "make dist     the release files in $(DIST)/: Python wheel and sdist, R source tarball"
	@echo "make dist-check  make dist, then install each offline in a clean venv / R library and train the toy"
	@echo "make bench    the benchmark suite (minutes); writes $(BENCH_OUT)/table.md, results.json, bench.png"
	@echo "make fashion-exact  Fashion-MNIST in exact mode in Python and R: times, accuracy, verdict (~10 min)"
	@echo "make bench-cnn  the Fashion-MNIST CNN's cost per epoch: twinnet Python, R and PyTorch CPU"
	@echo "make examples  issue 15's examples (Aflak's MNIST solver, the Fashion-MNIST CNN) in Python and R: times, accuracy"
	@echo "make bench-core  the exact core's products against numpy's, 1 and 2 threads"
	@echo "make sync-core   copy the exact core (R/src/tn_*) to python/src/twinnet/_core and R/inst/cli.json to python/src/twinnet"
	@echo "make accuracy the exact core's exp/log/log1p/tanh against mpmath, 10^6 inputs each (out/accuracy.md)"
	@echo "make portability  the exact core (functions, products, sums, two nets) built by gcc, clang and aarch64 gcc (qemu): the same bits"

setup: setup-debs setup-python setup-r

# Debian packages: installed only when one is missing (needs root or sudo).
setup-debs:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: python/pyproject.toml python/setup.py Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check $(PYPKGS)
	$(PIP) install -q --disable-pip-version-check --no-deps -e python
	@touch $@

# The exact core (issue 11): R/src holds its C sources; the Python extension
# (python/setup.py) compiles byte-identical copies in $(CORE_PY), refreshed
# from R/src here (python/tests/test_arith.py checks the bytes). Editing the
# core and running make setup (or make sync-core) rebuilds both packages.
CORE_FILES := tn_core.h tn_math.c tn_linalg.c
CORE_PY := python/src/twinnet/_core

$(CORE_PY)/tn_%: R/src/tn_%
	cp $< $@

# The command line's table (issue 13): R/inst/cli.json, read by R/R/cli.R, and
# its byte-identical copy read by python/src/twinnet/cli.py (package data;
# python/tests/test_cli.py checks the bytes), refreshed here.
CLI_PY := python/src/twinnet/cli.json

$(CLI_PY): R/inst/cli.json
	cp $< $@

sync-core: $(addprefix $(CORE_PY)/,$(CORE_FILES)) $(CLI_PY)

$(VENV)/.core-built: $(VENV)/.installed python/setup.py python/src/twinnet/__init__.py $(CORE_PY)/module.c $(CORE_PY)/blas_kernels.c $(addprefix $(CORE_PY)/,$(CORE_FILES))
	$(PIP) install -q --disable-pip-version-check --no-deps -e python
	@touch $@

$(VENV)/.extras-installed: $(VENV)/.installed
	$(PIP) install -q --disable-pip-version-check $(EXTRA_PKGS)
	@touch $@

# numpy's and pandas' wheels (the pins above and what they need), downloaded
# while the network is there: `make dist-check` installs twinnet's wheel into a
# clean venv from this folder alone (pip --no-index).
WHEELHOUSE := $(VENV)/wheelhouse
$(WHEELHOUSE)/.downloaded: $(VENV)/.installed
	$(PIP) download -q --disable-pip-version-check -d $(WHEELHOUSE) $(filter numpy==% pandas==%,$(PYPKGS))
	@touch $@

setup-python: $(VENV)/.installed $(VENV)/.extras-installed $(VENV)/.core-built $(CLI_PY) $(WHEELHOUSE)/.downloaded

$(RLIB)/twinnet/DESCRIPTION: $(R_SOURCES)
	@mkdir -p $(RLIB)
	R CMD INSTALL --no-multiarch --no-test-load -l $(RLIB) R >/dev/null 2>.Rinstall.log || (cat .Rinstall.log; exit 1)
	@rm -f .Rinstall.log

setup-r: setup-debs $(RLIB)/twinnet/DESCRIPTION

# The benchmark's optional tools, pinned (PyTorch, a competitor, comes with
# the test extras above).
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PIP) install -q --disable-pip-version-check $(BENCH_PKGS)
	@touch $@

setup-bench: setup-python $(VENV)/.bench-installed

TOY := fixtures/seed000_toy
DEMO := out/demo
TWINNET_R := $(RSCRIPT) R/exec/twinnet.R

# The toy network of the Analytics Vidhya article, trained from seed 42 by
# each language's own command line, then the two model files compared; then
# the articles' pictures, drawn by each language.
demo: setup
	@mkdir -p $(DEMO)
	@echo "== Python: twinnet train --config $(TOY)/config.json"
	@$(VENV)/bin/twinnet train --config $(TOY)/config.json --out $(DEMO)/model_python.json
	@$(VENV)/bin/twinnet predict --model $(DEMO)/model_python.json --x $(TOY)/x.csv --out $(DEMO)/output_python.csv --quiet
	@echo "== R: Rscript R/exec/twinnet.R train --config $(TOY)/config.json"
	@$(TWINNET_R) train --config $(TOY)/config.json --out $(DEMO)/model_r.json
	@$(TWINNET_R) predict --model $(DEMO)/model_r.json --x $(TOY)/x.csv --out $(DEMO)/output_r.csv --quiet
	@echo "== final outputs for the targets 1, 1, 0 (the article printed 0.980, 0.968, 0.045)"
	@paste -d, $(TOY)/y.csv $(DEMO)/output_python.csv $(DEMO)/output_r.csv | sed 's/^y1,y1,y1$$/target,Python,R/' | column -t -s,
	@echo "== parity verdict (twinnet compare, the model files of the two languages)"
	@$(VENV)/bin/twinnet compare --a $(DEMO)/model_python.json --b $(DEMO)/model_r.json
	@echo "== pictures: the articles' examples drawn by each language (about half a minute each)"
	@mkdir -p $(DEMO)/pictures/python $(DEMO)/pictures/r
	@$(PY) -c "from twinnet.gallery import example_pictures; example_pictures('$(DEMO)/pictures/python')"
	@$(RSCRIPT) -e "invisible(twinnet::example_pictures('$(DEMO)/pictures/r'))"
	@echo "pictures written to $(DEMO)/pictures/python and $(DEMO)/pictures/r:"
	@ls $(DEMO)/pictures/python | sed 's/^/  /'
	@echo "more: README.md lists one command per article's example, in each language"

test: setup lint twins test-python test-r parity

# The twin files side by side (python/src/twinnet/X.py and R/R/X.R): fails on a
# function or file without a twin and no `one side:` reason, or twins out of order.
twins: setup-python
	$(PY) parity_tests/twins.py --quiet

test-python: setup-python
	$(VENV)/bin/pytest -q python/tests

test-r: setup-r
	cd R/tests && $(RSCRIPT) testthat.R

parity: setup
	$(VENV)/bin/pytest -q parity_tests

# The benchmark suite (issue 6): twinnet Python and R (blas and exact), numpy's
# GEMM bound, a plain numpy loop and a base-R loop, scikit-learn, PyTorch and
# nnet, on the small, medium and large nets: about 20 minutes on the 2-core machine
# (exact mode on the large net alone takes minutes).
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--sizes small,medium".
bench: setup setup-bench
	$(PY) python/benchmarks/bench.py --out $(BENCH_OUT) $(BENCH_ARGS)

# The exact core's products against numpy's BLAS on the benchmark nets'
# shapes, with 1 and 2 threads (a minute; writes $(BENCH_OUT)-core/core.md).
bench-core: setup
	$(PY) python/benchmarks/bench_core.py --out $(BENCH_OUT)-core

bench-quick: setup
	$(PY) python/benchmarks/bench.py --quick --out $(BENCH_OUT)-quick

# The Fashion-MNIST example (fixtures/examples/fashion_mnist) trained with
# --mode exact by each language's command line, one after the other: wall time
# of each, `twinnet compare` (must say identical), `twinnet evaluate` on the
# test set (accuracy >= 0.88 in both, or the target fails); writes
# out/fashion-exact/{python,r}/model.json and out/fashion-exact/report.md.
# Minutes per language; never part of make test.
fashion-exact: setup
	$(PY) python/benchmarks/fashion_exact.py --out out/fashion-exact

# The Fashion-MNIST CNN's cost per epoch: twinnet Python and R (blas) and PyTorch
# CPU (float64, float32), one epoch on 6000 images scaled to 60,000, median of 3
# (a few minutes; writes out/bench-cnn/cnn.md). BENCH_CNN_ARGS, e.g. --rows 12000.
bench-cnn: setup
	$(PY) python/benchmarks/cnn.py --out out/bench-cnn $(BENCH_CNN_ARGS)

# Issue 15's examples (fixtures/examples/aflak_mnist, fashion_cnn) trained in
# full by each language's command line in their config's (blas) mode, Aflak's
# also in exact mode (must be identical): wall time, time per epoch, test
# accuracy (fashion_cnn fails below 0.91), compare; writes out/examples/report.md.
# EXAMPLES_ARGS picks, e.g. make examples EXAMPLES_ARGS=aflak_mnist. Never part of make test.
examples: setup
	$(PY) python/benchmarks/examples.py --out out/examples $(EXAMPLES_ARGS)

# The exact core's elementary functions (R/src/tn_math.c) against mpmath
# (pinned in PYPKGS, since python/tests/test_core_math.py uses it too): 10^6
# inputs per function, max ULP error and share correctly rounded; writes
# out/accuracy.md. About 2 minutes.
accuracy: setup-python
	$(PY) python/benchmarks/core_accuracy.py --out out/accuracy.md

# The cross compiler, qemu-user and clang that `make portability` builds with.
PORTABILITY_DEBS := gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static clang
setup-portability:
	@$(MAKE) --no-print-directory setup-debs DEBS="$(PORTABILITY_DEBS)"

# The core's test driver built by gcc -O0/-O2/-O3 -march=native, clang and
# aarch64-linux-gnu-gcc (run under qemu-aarch64-static): every build must print
# the same bits on 10^6 inputs per function and the same digests of products,
# sums and two fixtures' nets (docs/parity.md). A few minutes; the quick part
# is python/tests/test_core_portability.py, in make test.
portability: setup-python setup-portability
	$(PY) python/benchmarks/core_portability.py

# The R package's man pages and NAMESPACE come from its roxygen comments.
# The package installed in .Rlib is loaded (load_all would need pkgbuild).
docs-r: setup-r
	cd R && R_LIBS=$(CURDIR)/$(RLIB) Rscript -e 'roxygen2::roxygenise(load_code = roxygen2::load_installed)'

# R CMD build + check --as-cran, offline, in a temporary folder (docs/r-package.md).
check-r: setup-r
	@tmp=$$(mktemp -d) && cd $$tmp && R CMD build --no-manual $(CURDIR)/R >/dev/null && \
	  _R_CHECK_CRAN_INCOMING_REMOTE_=false _R_CHECK_CRAN_INCOMING_=false _R_CHECK_SYSTEM_CLOCK_=false \
	  R CMD check --as-cran --no-manual twinnet_*.tar.gz

# Release files (docs/release.md): the Python wheel (for this Python and
# platform: the exact core is a C extension) and sdist by python -m build
# --no-isolation (the pinned setuptools above, no download), and the R source
# tarball by R CMD build --no-manual, into $(DIST)/. R/NEWS.md is the copy of
# NEWS.md that R's news() reads. dist-check installs each with no network (a
# network namespace of its own where unshare allows, pip --no-index from
# $(WHEELHOUSE)) and trains the toy with the installed command lines: the same
# bits as the checkout's Python. parity_tests/dist_check.py does both.
DIST := dist
R/NEWS.md: NEWS.md
	cp $< $@

dist: setup-python setup-debs R/NEWS.md
	$(PY) parity_tests/dist_check.py build --out $(DIST)

dist-check: dist
	$(PY) parity_tests/dist_check.py check --dist $(DIST)

# Lint and format: ruff (format + check) for Python, lintr for R; part of make test.
lint: setup
	$(VENV)/bin/ruff format --check --config python/pyproject.toml python parity_tests docs/notebooks
	$(VENV)/bin/ruff check --config python/pyproject.toml python parity_tests docs/notebooks
	$(RSCRIPT) -e 'l <- lintr::lint_package("R"); print(l); quit(status = length(l) > 0)'

expected: setup-r
	$(RSCRIPT) fixtures/make_expected.R

clean:
	rm -rf $(VENV) $(RLIB) out
