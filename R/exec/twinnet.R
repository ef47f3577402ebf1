#!/usr/bin/env Rscript
# twinnet's command line, the R twin of Python's `twinnet` command:
#   Rscript R/exec/twinnet.R train --config fixtures/seed000_toy/config.json --out model.json
#   Rscript R/exec/twinnet.R predict --model model.json --x data.csv --out predictions.csv
# (verbs, flags and help texts: the package's table inst/cli.json, read by both)
# Loads the package from the checkout's .Rlib when it is there (make setup),
# or from the library TWINNET_RLIB names.
local({
  here <- dirname(normalizePath(sub("^--file=", "",
    grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))
  lib <- Sys.getenv("TWINNET_RLIB", file.path(dirname(dirname(here)), ".Rlib"))
  if (dir.exists(lib)) .libPaths(c(lib, .libPaths()))
})
# Under the C locale (LANG=C) R's native encoding is ASCII, and a file name
# with non-ASCII characters cannot be joined with one read from config.json
# (UTF-8): like Python there (PEP 538 and 540), read them as UTF-8.
if (identical(l10n_info()$codeset, "ANSI_X3.4-1968")) {
  invisible(suppressWarnings(Sys.setlocale("LC_CTYPE", "C.UTF-8")))
}
# A Ctrl-C while the package loads gets the one line it gets later (twinnet_cli
# handles the ones after), not R's "Execution halted".
status <- tryCatch({
  suppressPackageStartupMessages(library(twinnet))
  twinnet_cli(commandArgs(trailingOnly = TRUE))
}, interrupt = function(e) {
  cat("twinnet: interrupted\n", file = stderr())
  130L
})
quit(status = status, save = "no")
