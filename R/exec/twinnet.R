#!/usr/bin/env Rscript
# twinnet's command line, the R twin of Python's `twinnet` command:
#   Rscript R/exec/twinnet.R train --config fixtures/seed000_toy/config.json --out model.json
#   Rscript R/exec/twinnet.R predict --model model.json --x data.csv --out predictions.csv
# Loads the package from the checkout's .Rlib when it is there (make setup),
# or from the library TWINNET_RLIB names.
local({
  here <- dirname(normalizePath(sub("^--file=", "",
    grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))
  lib <- Sys.getenv("TWINNET_RLIB", file.path(dirname(dirname(here)), ".Rlib"))
  if (dir.exists(lib)) .libPaths(c(lib, .libPaths()))
})
suppressPackageStartupMessages(library(twinnet))
quit(status = twinnet_cli(commandArgs(trailingOnly = TRUE)), save = "no")
