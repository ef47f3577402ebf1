# The command line, through twinnet_cli(): exit status 0 on success, 1 for a
# twinnet error, 2 for a usage error (as Python's argparse).

test_that("train writes a model and reports it", {
  config <- toy_config(epochs = 200)
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--config", config, "--out", out))
  expect_identical(res$status, 0L)
  expect_match(res$out, "trained \\[4, 3, 1\\] \\(exact mode\\) for 200 epochs")
  expect_match(res$out, "model written to ", fixed = TRUE)
  expect_identical(res$err, "")
  model <- load_model(out)
  expect_length(model$loss_history, 200)
  expect_identical(model, fit(mlp(c(4, 3, 1), mode = "exact"), toy_X(),
                              toy_y(), 200))
})

test_that("train trains the toy fixture to the frozen results", {
  root <- fixtures_dir()
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--config",
                   file.path(root, "seed000_toy", "config.json"),
                   "--out", out, "--quiet"))
  expect_identical(res$status, 0L)
  expect_identical(res$out, "")
  model <- load_model(out)
  expect_length(model$loss_history, 5000)
  expect_identical(model$weights[[1]], read_matrix(
    file.path(root, "seed000_toy", "expected", "weights_1.csv")))
})

test_that("train's --mode and --epochs override the config", {
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--config", toy_config(), "--out", out,
                   "--mode", "blas", "--epochs", "7"))
  expect_identical(res$status, 0L)
  model <- load_model(out)
  expect_identical(model$mode, "blas")
  expect_length(model$loss_history, 7)
})

test_that("predict writes a CSV with one row per input row", {
  config <- toy_config(epochs = 50)
  model_path <- tempfile(fileext = ".json")
  expect_identical(run_cli(c("train", "--config", config, "--out", model_path,
                             "--quiet"))$status, 0L)
  x_path <- file.path(dirname(config), "x.csv")
  pred_path <- tempfile(fileext = ".csv")
  res <- run_cli(c("predict", "--model", model_path, "--x", x_path,
                   "--out", pred_path))
  expect_identical(res$status, 0L)
  expect_match(res$out, "predictions for 3 rows written to ", fixed = TRUE)
  lines <- readLines(pred_path)
  expect_identical(lines[1], "y1")
  expect_length(lines, 4)
  expect_identical(read_matrix(pred_path, "P"),
                   predict(load_model(model_path), toy_X()))
})

test_that("compare of a model with itself returns 0 and says identical", {
  path <- tempfile(fileext = ".json")
  save_model(fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 5), path)
  res <- run_cli(c("compare", "--a", path, "--b", path))
  expect_identical(res$status, 0L)
  expect_match(res$out, "verdict: identical")
  expect_match(res$out, "loss_history")
})

test_that("compare of two different models returns 1 unless within tolerance", {
  a <- tempfile(fileext = ".json")
  b <- tempfile(fileext = ".json")
  save_model(fit(mlp(c(4, 3, 1), seed = 1), toy_X(), toy_y(), 5), a)
  save_model(fit(mlp(c(4, 3, 1), seed = 2), toy_X(), toy_y(), 5), b)
  res <- run_cli(c("compare", "--a", a, "--b", b))
  expect_identical(res$status, 1L)
  expect_match(res$out, "verdict: different: largest difference")
  res <- run_cli(c("compare", "--a", a, "--b", b, "--tolerance", "100"))
  expect_identical(res$status, 0L)
  expect_match(res$out, "verdict: within tolerance")
})

test_that("--help returns 0 and prints the usage", {
  res <- run_cli("--help")
  expect_identical(res$status, 0L)
  expect_match(res$out, "usage: twinnet VERB")
  expect_match(res$out, "train ")
  expect_match(res$out, "predict ")
  res <- run_cli(character(0))
  expect_identical(res$status, 0L)
  expect_match(res$out, "usage: twinnet VERB")
  res <- run_cli(c("train", "--help"))
  expect_identical(res$status, 0L)
  expect_match(res$out, "usage: twinnet train --config CONFIG --out OUT")
})

test_that("usage errors return 2 and name the problem", {
  expect_usage_error <- function(args, regexp) {
    res <- run_cli(args)
    expect_identical(res$status, 2L, label = paste(args, collapse = " "))
    expect_match(res$err, "usage: twinnet")
    expect_match(res$err, paste0("twinnet: error: ", regexp))
    expect_identical(res$out, "")
  }
  config <- toy_config()
  expect_usage_error("fly", "argument VERB: invalid choice: 'fly' \\(choose from 'train'")
  expect_usage_error(c("train", "--config", config, "--colour", "red"),
                     "unrecognized arguments: --colour")
  expect_usage_error(c("train", "--config", config),
                     "the following arguments are required: --out")
  expect_usage_error(c("predict", "--model", "m.json"),
                     "the following arguments are required: --x, --out")
  expect_usage_error(c("train", "--config", config, "--out", "m.json",
                       "--mode", "fast"),
                     "argument --mode: invalid choice: 'fast'")
  expect_usage_error(c("train", "--config", config, "--out"),
                     "argument --out: expected one argument")
  expect_usage_error(c("train", "--config", config, "--out", "m.json",
                       "--epochs", "2.5"),
                     "argument --epochs: invalid int value: '2.5'")
  expect_usage_error(c("compare", "--a", "a.json", "--b", "b.json",
                       "--tolerance", "tiny"),
                     "argument --tolerance: invalid float value: 'tiny'")
})

test_that("twinnet errors return 1 with 'twinnet: error: '", {
  missing <- file.path(tempdir(), "no-such-config.json")
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--config", missing, "--out", out))
  expect_identical(res$status, 1L)
  expect_match(res$err, "^twinnet: error: config file not found: ")
  expect_false(file.exists(out))
  res <- run_cli(c("predict", "--model", missing, "--x", "x.csv",
                   "--out", out))
  expect_identical(res$status, 1L)
  expect_match(res$err, "twinnet: error: model file not found")
  diverging <- toy_config(lr = 1e300, epochs = 5)
  write_matrix(matrix(toy_y() * 1e150), file.path(dirname(diverging), "y.csv"))
  res <- run_cli(c("train", "--config", diverging, "--out", out))
  expect_identical(res$status, 1L)
  expect_match(res$err, paste0("twinnet: error: training diverged: the loss ",
                               "is nan at epoch 2; try a smaller lr"))
  expect_false(file.exists(out))
})

test_that("the Rscript launcher exits with the command line's status", {
  root <- dirname(fixtures_dir())
  script <- file.path(root, "R", "exec", "twinnet.R")
  skip_if_not(file.exists(script), "R/exec/twinnet.R not found")
  rscript <- file.path(R.home("bin"), "Rscript")
  env <- paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep))
  run <- function(...) {
    suppressWarnings(system2(rscript, c(shQuote(script), ...), env = env,
                             stdout = TRUE, stderr = TRUE))
  }
  status <- function(out) {
    s <- attr(out, "status")
    if (is.null(s)) 0L else s
  }
  expect_identical(status(run("--help")), 0L)
  expect_identical(status(run("train", "--config",
                              shQuote(file.path(tempdir(), "none.json")),
                              "--out", "m.json")), 1L)
  expect_identical(status(run("fly")), 2L)
})

test_that("evaluate prints loss, accuracy and the confusion matrix", {
  config <- toy_config(epochs = 300)
  out <- tempfile(fileext = ".json")
  expect_identical(run_cli(c("train", "--config", config, "--out", out, "--quiet"))$status, 0L)
  dir <- dirname(config)
  res <- run_cli(c("evaluate", "--model", out, "--x", file.path(dir, "x.csv"),
                   "--y", file.path(dir, "y.csv")))
  expect_identical(res$status, 0L)
  expect_match(res$out, "rows      3")
  expect_match(res$out, "accuracy  1.0000")
  expect_match(res$out, "confusion matrix \\(rows: true class, columns: predicted class\\)")
})

test_that("trace prints the article's steps and writes the CSV", {
  config <- toy_config()
  csv <- tempfile(fileext = ".csv")
  res <- run_cli(c("trace", "--config", config, "--out", csv, "--digits", "2"))
  expect_identical(res$status, 0L)
  expect_match(res$out, "Step 2: hidden_layer_input = matrix_dot_product\\(X, wh\\) \\+ bh")
  expect_match(res$out, "Step 11: bh = bh \\+ sum\\(d_hiddenlayer, axis=0\\) \\* lr")
  table <- utils::read.csv(csv)
  expect_identical(names(table), c("step", "name", "formula", "row", "col", "value"))
  expect_identical(unique(table$step), c(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L))
})

test_that("datasets lists the generators and writes one's data", {
  res <- run_cli("datasets")
  expect_identical(res$status, 0L)
  expect_match(res$out, "moons     two interleaving half circles")
  dir <- tempfile("data-")
  dir.create(dir)
  res <- run_cli(c("datasets", "--name", "moons", "--n", "20", "--out", dir))
  expect_identical(res$status, 0L)
  expect_identical(dim(read_matrix(file.path(dir, "x.csv"))), c(20L, 2L))
  expect_identical(run_cli(c("datasets", "--name", "moons"))$status, 1L)
})

test_that("train with checkpoints resumes to the same model", {
  config <- toy_config(epochs = 30)
  whole <- tempfile(fileext = ".json")
  part <- tempfile(fileext = ".json")
  run_cli(c("train", "--config", config, "--out", whole, "--quiet"))
  run_cli(c("train", "--config", config, "--out", part, "--epochs", "12",
            "--checkpoint-every", "5", "--quiet"))
  res <- run_cli(c("train", "--config", config, "--out", part, "--resume"))
  expect_identical(res$status, 0L)
  expect_match(res$out, "resuming .* after epoch 12")
  expect_identical(load_model(part), load_model(whole))
})

test_that("a flag's value of the wrong type is a usage error naming the flag", {
  res <- run_cli(c("train", "--config", "c", "--out", "m", "--epochs", "0"))
  expect_identical(res$status, 2L)
  expect_match(res$err, "argument --epochs: must be a positive integer: '0'")
  res <- run_cli(c("datasets", "--name", "spirals"))
  expect_identical(res$status, 2L)
  expect_match(res$err, "argument --name: invalid choice: 'spirals'")
})

test_that("plot draws the model's pictures", {
  config <- toy_config()
  model <- tempfile(fileext = ".json")
  run_cli(c("train", "--config", config, "--out", model, "--quiet"))
  for (kind in c("loss", "network")) {
    png <- tempfile(fileext = ".png")
    res <- run_cli(c("plot", "--model", model, "--kind", kind, "--out", png))
    expect_identical(res$status, 0L)
    expect_identical(readBin(png, "raw", 8), as.raw(c(0x89, 0x50, 0x4e, 0x47, 0x0d,
                                                      0x0a, 0x1a, 0x0a)))
  }
  res <- run_cli(c("plot", "--model", model, "--kind", "boundary", "--out",
                   tempfile(fileext = ".png")))
  expect_identical(res$status, 1L)
  expect_match(res$err, "plot --kind boundary needs --x and --y")
})
