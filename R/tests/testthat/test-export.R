# export_model (R/R/export.R): the checks R makes itself (the format, the
# model) and its one-line error without Python's twinnet; the export itself,
# which Python's command line does, is compared with Python's in
# parity_tests/test_export_parity.py and runs here only when Python's twinnet
# is found.

export_error <- function(code) {
  tryCatch({
    force(code)
    "NO ERROR"
  }, twinnet_error = function(e) conditionMessage(e))
}

test_that("export_model refuses an unknown format and what is not a model", {
  expect_identical(export_error(export_model(mlp(c(2, 2, 1)), "o.onnx", "keras")),
                   "unknown format 'keras'; choose one of onnx, torch")
  expect_identical(export_error(export_model(list(1, 2), "o.onnx")),
                   "model must be a twinnet model (an MLP, a Network or a fitted estimator)")
})

test_that("without Python's twinnet, export_model says so in one line", {
  folder <- tempfile("export-")
  dir.create(file.path(folder, "bin"), recursive = TRUE)
  writeLines(c("#!/bin/sh", "exit 1"), file.path(folder, "bin", "python3"))
  Sys.chmod(file.path(folder, "bin", "python3"), "755")
  old <- list(wd = setwd(folder), path = Sys.getenv("PATH"),
              launcher = Sys.getenv("TWINNET_PYTHON", NA))
  on.exit({
    setwd(old$wd)
    Sys.setenv(PATH = old$path)
    if (!is.na(old$launcher)) Sys.setenv(TWINNET_PYTHON = old$launcher)
  })
  Sys.unsetenv("TWINNET_PYTHON")
  Sys.setenv(PATH = paste(file.path(folder, "bin"), "/usr/bin", "/bin", sep = ":"))
  said <- export_error(export_model(mlp(c(2, 2, 1)), "m.onnx"))
  expect_match(said, "^export needs Python's command line, and it was not found: ")
  expect_match(said, "set TWINNET_PYTHON to its launcher)$")
  expect_false(file.exists("m.onnx"))
  status <- NULL
  told <- utils::capture.output(type = "message", {
    status <- twinnet_cli(c("export", "--model", "x.json", "--format", "onnx",
                            "--out", "m.onnx"))
  })
  expect_identical(status, 2L)
  expect_identical(told, paste0("twinnet: error: ", said))
})

test_that("export_model writes an ONNX file through Python's twinnet", {
  # the checkout's .venv (make setup), from R/tests or R/tests/testthat
  venv <- file.path(c("../..", "../../.."), ".venv", "bin", "twinnet")
  venv <- venv[file.exists(venv)]
  if (!nzchar(Sys.getenv("TWINNET_PYTHON")) && length(venv)) {
    Sys.setenv(TWINNET_PYTHON = normalizePath(venv[1]))
    on.exit(Sys.unsetenv("TWINNET_PYTHON"))
  }
  launcher <- twinnet:::cli_python_command("export")
  skip_if(is.character(launcher), "Python's twinnet is not found")
  path <- tempfile(fileext = ".onnx")
  model <- fit(mlp(c(2, 3, 1), seed = 1), matrix(c(0, 0, 1, 1, 0, 1, 0, 1), 4),
               c(0, 1, 1, 0), epochs = 5)
  expect_identical(export_model(model, path), path)
  bytes <- readBin(path, "raw", file.size(path))
  expect_gt(length(bytes), 100)
  expect_true(grepRaw("twinnet", bytes, fixed = TRUE) > 0)  # the producer's name
})
