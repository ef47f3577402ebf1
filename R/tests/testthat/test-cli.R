# The command line, through twinnet_cli(): exit status 0 on success, 1 for a
# twinnet error, 2 for a usage error (as Python's argparse).

test_that("train writes a model and reports it", {
  config <- toy_config(epochs = 200)
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--config", config, "--out", out))
  expect_identical(res$status, 0L)
  expect_match(res$out, "trained \\[4, 3, 1\\] \\(exact mode\\) for 200 epochs")
  expect_match(res$out, "model written to ", fixed = TRUE)
  expect_identical(res$err, "")  # no tol in the config: fit never warns
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
  res <- run_cli(c("train", "--help"))
  expect_identical(res$status, 0L)
  expect_match(res$out, paste("usage: twinnet train [--config CONFIG] [--data DATA]",
                              "[--label LABEL] [--layers LAYERS] --out OUT"),
               fixed = TRUE)
})

test_that("a usage error shows the verb's usage line, then one twinnet: error: line", {
  res <- run_cli(c("train", "--config", "c.json", "--epoch", "3", "--out", "m.json"))
  expect_identical(res$status, 2L)
  lines <- strsplit(res$err, "\n")[[1]]
  expect_length(lines, 2L)
  expect_match(lines[1], "^usage: twinnet train \\[--config CONFIG\\]")
  expect_identical(lines[2], "twinnet: error: unrecognized arguments: --epoch 3")
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
  # no verb at all: status 2, as Python's argparse (it was 0)
  expect_usage_error(character(0), "the following arguments are required: VERB")
  expect_usage_error("fly", "argument VERB: invalid choice: 'fly' \\(choose from 'train'")
  expect_usage_error(c("train", "--config", config, "--out", "m.json", "--colour", "red"),
                     "unrecognized arguments: --colour red")
  # as argparse: a missing required flag is reported before an unknown one
  expect_usage_error(c("train", "--config", config, "--colour", "red"),
                     "the following arguments are required: --out")
  expect_usage_error(c("train", "--config", config),
                     "the following arguments are required: --out")
  expect_usage_error(c("predict", "--model", "m.json"),
                     "the following arguments are required: --out")
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
  expect_usage_error(c("parity", "--out", "o"),
                     "the following arguments are required: --config")
  expect_usage_error(c("parity", "--config", "c"),
                     "the following arguments are required: --out")
  expect_usage_error(c("parity", "--config", "c", "--out", "o", "--mode", "fast"),
                     "argument --mode: invalid choice: 'fast' \\(choose from 'exact', 'blas'\\)")
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
  diverging <- toy_config(lr = 1e300, epochs = 5, activation = "identity")
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
  # numbers are read by one grammar in both languages (docs/inputs.md)
  cases <- list(
    list(c("compare", "--a", "a", "--b", "b", "--tolerance", "nan"), "invalid float value: 'nan'"),
    list(c("compare", "--a", "a", "--b", "b", "--tolerance", "-1"), "must be a number >= 0: '-1'"),
    list(c("datasets", "--name", "moons", "--noise", "1_0"), "invalid float value: '1_0'"),
    list(c("datasets", "--name", "blobs", "--sd", "0x10"), "invalid float value: '0x10'"),
    list(c("datasets", "--name", "moons", "--noise", "inf"), "invalid float value: 'inf'"),
    list(c("datasets", "--name", "moons", "--noise", "1e999"), "must be a finite number: '1e999'"),
    list(c("train", "--config", "c", "--out", "m", "--zz", "--yy", "3"),
         "unrecognized arguments: --zz --yy 3"))
  for (case in cases) {
    res <- run_cli(case[[1]])
    expect_identical(res$status, 2L)
    expect_match(res$err, case[[2]], fixed = TRUE)
  }
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

xor_csv <- c("a,label,b", "0,0,0", "0,1,1", "1,1,0", "1,0,1")

test_that("train --data --label --layers trains from one CSV (issue 10)", {
  data <- tempfile(fileext = ".csv")
  writeLines(xor_csv, data)
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--data", data, "--label", "label", "--layers", "2,4,1",
                   "--epochs", "50", "--mode", "exact", "--lr", "1", "--seed", "3",
                   "--out", out))
  expect_identical(res$status, 0L)
  expect_match(res$out, "trained [2, 4, 1] (exact mode) for 50 epochs", fixed = TRUE)
  X <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), 4)  # columns a and b
  expected <- fit(mlp(c(2, 4, 1), lr = 1, seed = 3, mode = "exact"), X,
                  c(0, 1, 1, 0), 50)
  model <- load_model(out)
  expect_identical(model$weights, expected$weights)
  expect_identical(model$biases, expected$biases)
  expect_identical(model$loss_history, expected$loss_history)
  expect_identical(c(model$loss, model$activation), c("half_sse", "sigmoid"))
})

test_that("train --data takes several label columns and a config's defaults", {
  data <- tempfile(fileext = ".csv")
  writeLines(c("y2,x1,y1", "1,0.5,0", "0,-1,1", "1,2,0"), data)
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--data", data, "--label", "y1, y2", "--layers", "1,3,2",
                   "--epochs", "7", "--out", out, "--quiet"))
  expect_identical(res$status, 0L)
  X <- matrix(c(0.5, -1, 2))
  Y <- matrix(c(0, 1, 0, 1, 0, 1), 3)  # in --label's order
  expected <- fit(mlp(c(1, 3, 2)), X, Y, 7)
  model <- load_model(out)
  expect_identical(c(model$mode, model$lr, model$seed), c("blas", "0.1", "42"))
  expect_identical(predict(model, X), predict(expected, X))
})

test_that("train needs --config or --data, and --data's flags go with --data", {
  expect_usage <- function(extra, message) {
    res <- run_cli(c("train", "--out", "m.json", extra))
    expect_identical(res$status, 2L, label = paste(extra, collapse = " "))
    expect_match(res$err, paste0("twinnet: error: ", message, "$"), fixed = FALSE)
  }
  expect_usage(character(0), "the following arguments are required: --config or --data")
  expect_usage(c("--config", "c.json", "--data", "d.csv"),
               "argument --data: not allowed with argument --config")
  expect_usage(c("--config", "c.json", "--lr", "1"),
               "argument --lr: not allowed with argument --config")
  expect_usage(c("--config", "c.json", "--label", "y"),
               "argument --label: not allowed with argument --config")
  expect_usage(c("--data", "d.csv", "--layers", "2,1"),
               "the following arguments are required with --data: --label, --epochs")
  expect_usage(c("--data", "d.csv", "--label", "y", "--layers", "2,x", "--epochs", "3"),
               paste0("argument --layers: must be two or more sizes separated by ",
                      "commas, such as 2,4,1: '2,x'"))
  expect_usage(c("--data", "d.csv", "--label", "y", "--layers", "3", "--epochs", "3"),
               paste0("argument --layers: must be two or more sizes separated by ",
                      "commas, such as 2,4,1: '3'"))
  expect_usage(c("--data", "d.csv", "--label", "y", "--layers", "2,0", "--epochs", "3"),
               "argument --layers: each size must be in \\[1, 2147483647\\]: '2,0'")
})

test_that("train --data names a bad label or size", {
  data <- tempfile(fileext = ".csv")
  writeLines(xor_csv, data)
  out <- tempfile(fileext = ".json")
  expect_failure_message <- function(label, layers, message) {
    res <- run_cli(c("train", "--data", data, "--label", label, "--layers", layers,
                     "--epochs", "2", "--out", out))
    expect_identical(res$status, 1L)
    expect_identical(res$err, paste0("twinnet: error: ", message))
    expect_false(file.exists(out))
  }
  expect_failure_message("lab", "2,4,1", paste0(
    "data file ", data, " has no column named 'lab' (its columns: 'a', 'label', 'b')"))
  expect_failure_message("label,label", "2,4,2", "--label names the column 'label' twice")
  expect_failure_message("a,label,b", "1,1", paste0(
    "data file ", data, " has no input columns besides the label"))
  expect_failure_message("label", "3,4,1", paste0(
    "--layers starts with 3 but data file ", data,
    " has 2 input columns besides the label"))
  expect_failure_message("a,label", "1,4,1", paste0(
    "--layers ends with 1 but --label names 2 columns (one output unit per label column)"))
  writeLines(c("x,y,y", "0,1,0", "1,0,1"), data)
  expect_failure_message("y", "1,1", paste0("data file ", data, " has 2 columns named 'y'"))
  writeLines(c("x,class", "0,0", "1,1", "2,2"), data)
  expect_failure_message("class", "1,1", paste0(
    "Y has the value 2 (row 3, column 1) but a sigmoid output gives values between 0 ",
    "and 1: scale the targets into [0, 1], use an identity output, or give classes ",
    "one-hot (one column per class, 0 or 1)"))
})

test_that("datasets creates a folder that does not exist", {
  folder <- file.path(tempfile("datasets-"), "new", "deeper")
  res <- run_cli(c("datasets", "--name", "xor", "--out", folder))
  expect_identical(res$status, 0L)
  expect_identical(dim(read_matrix(file.path(folder, "x.csv"))), c(4L, 2L))
  file <- tempfile()
  writeLines("", file)
  res <- run_cli(c("datasets", "--name", "xor", "--out", file))
  expect_identical(res$status, 1L)
  expect_identical(res$err, paste0("twinnet: error: could not write to ", file,
                                   ": it is a file, not a folder"))
  res <- run_cli(c("datasets", "--name", "xor", "--out", file.path(file, "sub")))
  expect_identical(res$err, paste0("twinnet: error: could not create the folder ",
                                   file.path(file, "sub"), ": Not a directory"))
})

test_that("compare of a model with a CSV says which is which", {
  model <- tempfile(fileext = ".json")
  run_cli(c("train", "--config", toy_config(), "--out", model, "--quiet"))
  csv <- tempfile(fileext = ".csv")
  write_matrix(matrix(toy_y()), csv)
  res <- run_cli(c("compare", "--a", model, "--b", csv))
  expect_identical(res$status, 1L)
  expect_identical(res$err, paste0(
    "twinnet: error: cannot compare ", model, " with ", csv, ": ", model,
    " is a model file and ", csv, " is a CSV file; compare two model files or two ",
    "CSV files"))
})

test_that("compare says when two runs differ by rounding only", {
  a <- tempfile(fileext = ".json")
  b <- tempfile(fileext = ".json")
  run_cli(c("train", "--config", toy_config(), "--out", a, "--epochs", "5", "--quiet"))
  model <- load_model(a)
  model$weights[[1]][1, 1] <- model$weights[[1]][1, 1] + 5e-15
  save_model(model, b)
  res <- run_cli(c("compare", "--a", a, "--b", b))
  expect_identical(res$status, 1L)
  delta <- abs(load_model(a)$weights[[1]][1, 1] - model$weights[[1]][1, 1])
  expect_true(endsWith(res$out, paste0(
    "verdict: different by rounding only: largest difference ", sprintf("%.3g", delta),
    "; the two runs agree to rounding, as blas mode promises; for identical bits ",
    "train both with --mode exact, or accept rounding with --tolerance 1e-12")))
  expect_identical(run_cli(c("compare", "--a", a, "--b", b, "--tolerance", "1e-12"))$status,
                   0L)
  model$weights[[1]][1, 1] <- model$weights[[1]][1, 1] + 1e-3
  save_model(model, b)
  res <- run_cli(c("compare", "--a", a, "--b", b))
  expect_true(endsWith(res$out, "verdict: different: largest difference 0.001"))
})

test_that("targets the output cannot reach are refused (issue 10, defect 9)", {
  message <- function(value, row, activation, text, low, high) {
    paste0("Y has the value ", value, " (row ", row, ", column 1) but a ", activation,
           " output gives values ", text, ": scale the targets into [", low, ", ",
           high, "], use an identity output, or give classes one-hot (one column ",
           "per class, 0 or 1)")
  }
  expect_twinnet_error <- function(expr, msg, fixed) {
    expect_identical(twinnet_error_message(expr), msg)
  }
  model <- mlp(c(4, 3, 1), mode = "exact")
  expect_twinnet_error(fit(model, toy_X(), c(0, 1, 2), 5),
                       message(2, 3, "sigmoid", "between 0 and 1", 0, 1), fixed = TRUE)
  expect_twinnet_error(fit(model, toy_X(), c(5, -3, 0), 5),
                       message(5, 1, "sigmoid", "between 0 and 1", 0, 1), fixed = TRUE)
  tanh_model <- mlp(c(4, 3, 1), activation = "tanh", mode = "exact")
  expect_twinnet_error(fit(tanh_model, toy_X(), c(0.5, -3, 1), 5),
                       message(-3, 2, "tanh", "between -1 and 1", -1, 1), fixed = TRUE)
  expect_twinnet_error(fit(tanh_model, toy_X(), c(1, -1, 1.25), 5),
                       message(1.25, 3, "tanh", "between -1 and 1", -1, 1), fixed = TRUE)
  net <- use(add(add(network(seed = 1), dense(4, 2)), activation("softmax")), "mse")
  expect_twinnet_error(fit(net, toy_X(), matrix(c(1, 0, 0, 0, 1, 3), 3), 2),
                       sub("column 1", "column 2",
                           message(3, 3, "softmax", "between 0 and 1", 0, 1)),
                       fixed = TRUE)
  expect_length(fit(mlp(c(4, 3, 1), activation = "identity"), toy_X(), c(5, -3, 2),
                    2)$loss_history, 2L)
})

test_that("flags are never abbreviated and take --flag=value", {
  res <- run_cli(c("train", "--config", "c.json", "--out", "m.json", "--epoch", "3"))
  expect_identical(res$status, 2L)
  expect_match(res$err, "twinnet: error: unrecognized arguments: --epoch")
  folder <- tempfile("datasets-")
  expect_identical(run_cli(c("datasets", "--name=xor", paste0("--out=", folder)))$status,
                   0L)
  expect_true(file.exists(file.path(folder, "y.csv")))
  res <- run_cli(c("predict", "--model", "m", "--x", "x", "--out", "o", "--quiet=1"))
  expect_identical(res$status, 2L)
  expect_match(res$err, "argument --quiet: ignored explicit argument '1'", fixed = TRUE)
})

test_that("a missing test file stops train before anything is written", {
  # x_test/y_test are read before training, with --quiet too (they were read
  # only to print the evaluation, so --quiet skipped a missing file)
  config <- toy_config(x_test = "nope.csv", y_test = "y.csv")
  out <- tempfile(fileext = ".json")
  writeLines("keep", out)
  res <- run_cli(c("train", "--config", config, "--out", out, "--quiet"))
  expect_identical(res$status, 1L)
  expect_match(res$err, paste0("X test file not found: ",
                               file.path(dirname(normalizePath(config)), "nope.csv")),
               fixed = TRUE)
  expect_identical(readLines(out), "keep")
})

test_that("train warns on stderr when training has not converged", {
  # A config with tol: fit's convergence warning (scikit-learn's test, tol and
  # n_iter_no_change from the config, docs/formats.md) as one line on standard
  # error after the report; exit status 0; nothing with --quiet, nothing
  # without tol (the articles). Twin: python/tests/test_cli.py.
  out <- tempfile(fileext = ".json")
  config <- toy_config(epochs = 20, lr = 0.1)
  expect_identical(run_cli(c("train", "--config", config, "--out", out))$err, "")
  config <- toy_config(epochs = 20, lr = 0.1, tol = 1e-4)  # still falling at epoch 20
  res <- run_cli(c("train", "--config", config, "--out", out))
  expect_identical(res$status, 0L)
  expect_identical(res$err, paste0("twinnet: warning: ", not_converged(20)))
  expect_match(res$out, "for 20 epochs", fixed = TRUE)
  expect_false(grepl("stopped", res$out))
  res <- run_cli(c("train", "--config", config, "--out", out, "--quiet"))
  expect_identical(res[c("status", "out", "err")], list(status = 0L, out = "", err = ""))
  # lr 1e-6: the loss moves by less than 1e-4, the count passes 10 at epoch 12
  config <- toy_config(epochs = 30, lr = 1e-6, tol = 1e-4)
  res <- run_cli(c("train", "--config", config, "--out", out))
  expect_identical(res$err, "")
  expect_match(res$out, paste0(
    "stopped after epoch 12: the loss did not improve by tol = 0.0001 or more for ",
    "more than n_iter_no_change = 10 epochs in a row"), fixed = TRUE)
  expect_identical(load_model(out)$stop_reason, "tol")
  # resuming a run that stopped: an uninterrupted run ends there too
  res <- run_cli(c("train", "--config", config, "--out", out, "--resume"))
  expect_identical(res$out, paste0(out, " stopped after epoch 12 (tol); nothing to do"))
  # 5 epochs do not stop (warning); resumed, the count carries on and stops at 12
  res <- run_cli(c("train", "--config", config, "--out", out, "--epochs", "5"))
  expect_identical(res$err, paste0("twinnet: warning: ", not_converged(5)))
  res <- run_cli(c("train", "--config", config, "--out", out, "--resume"))
  expect_match(res$out, "resuming", fixed = TRUE)
  expect_match(res$out, "stopped after epoch 12", fixed = TRUE)
  expect_identical(res$err, "")
  expect_length(load_model(out)$loss_history, 12)
  # without tol the config no longer stops there: training goes on to its epochs
  config <- toy_config(epochs = 30, lr = 1e-6)
  run_cli(c("train", "--config", config, "--out", out, "--resume", "--quiet"))
  expect_length(load_model(out)$loss_history, 30)
  expect_null(load_model(out)$stop_reason)
})

test_that("a bad --out is refused before any training", {
  # 2147483647 epochs would run for days: the missing folder of --out must be
  # reported at once, not after training
  config <- toy_config(epochs = 2147483647)
  out <- file.path(tempfile("nope-"), "m.json")
  res <- run_cli(c("train", "--config", config, "--out", out))
  expect_identical(res$status, 1L)
  expect_identical(res$err, paste0("twinnet: error: could not write ", out, ": folder ",
                                   dirname(out), " does not exist"))
  res <- run_cli(c("train", "--config", config, "--out", tempdir()))
  expect_identical(res$err, paste0("twinnet: error: could not write ", tempdir(),
                                   ": it is a folder"))
})

test_that("--resume without a model says it trains from the start", {
  out <- tempfile(fileext = ".json")
  res <- run_cli(c("train", "--config", toy_config(), "--out", out, "--epochs", "2",
                   "--resume"))
  expect_identical(res$status, 0L)
  expect_match(res$out, paste0("^no model at ", out, " yet: training from the start\n"))
})

test_that("predict and evaluate take the CSV train --data took", {
  # --data FILE --label COL: the label columns are left out of the inputs
  # (predict) or are the targets (evaluate), as train --data reads them
  data <- text_file(c("x1,xor,x2", "0,0,0", "0,1,1", "1,1,0", "1,0,1"), ".csv")
  model <- tempfile(fileext = ".json")
  out <- tempfile(fileext = ".csv")
  flags <- c("--data", data, "--label", "xor")
  expect_identical(run_cli(c("train", flags, "--layers", "2,3,1", "--epochs", "5",
                             "--out", model))$status, 0L)
  expect_identical(run_cli(c("predict", "--model", model, flags, "--out", out,
                             "--quiet"))$status, 0L)
  X <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), 4, 2)
  expect_identical(read_matrix(out, "P"), predict(load_model(model), X))
  res <- run_cli(c("evaluate", "--model", model, flags))
  expect_identical(res$status, 0L)
  expect_match(res$out, "^rows      4\n")
  res <- run_cli(c("predict", "--model", model, "--x", data, flags, "--out", out))
  expect_identical(res$status, 2L)
  expect_match(res$err, "twinnet: error: argument --x: not allowed with argument --data$")
})

test_that("every type, verb, check and generator of the command line's table has its function", {
  table <- cli_table()
  expect_identical(names(table$verbs), names(cli_verbs))
  for (verb in names(table$verbs)) {
    spec <- table$verbs[[verb]]
    if (!is.null(spec$check)) expect_true(spec$check %in% names(cli_checks), info = verb)
    for (name in names(spec$flags)) {
      f <- spec$flags[[name]]
      expect_true(f$type %in% c("string", "switch", "choice", names(cli_flag_types)),
                  info = name)
      expect_identical(!is.null(f$choices), f$type == "choice", info = name)
    }
  }
  expect_identical(table$verbs$datasets$flags$name$choices, names(table$generators))
  for (generator in table$generators) {
    expect_true(is.function(get(generator[["function"]], envir = asNamespace("twinnet"))))
  }
})

test_that("each verb's help shows the table's flags and help texts", {
  table <- cli_table()
  for (verb in names(table$verbs)) {
    res <- run_cli(c(verb, "--help"))
    expect_identical(res$status, 0L)
    for (name in names(table$verbs[[verb]]$flags)) {
      expect_match(res$out, paste0("--", name), fixed = TRUE)
      expect_match(res$out, table$verbs[[verb]]$flags[[name]]$help, fixed = TRUE)
    }
  }
})

test_that("parity without Python's command line is a clear error, exit 2", {
  out <- file.path(tempfile("parity-"), "out")
  config <- toy_config()
  old <- Sys.getenv(c("PATH", "TWINNET_PYTHON"), unset = NA)
  here <- setwd(tempdir())  # no .venv/bin/twinnet here
  on.exit({
    setwd(here)
    for (name in names(old)) {
      if (is.na(old[[name]])) Sys.unsetenv(name) else do.call(Sys.setenv, as.list(old[name]))
    }
  })
  Sys.unsetenv("TWINNET_PYTHON")
  Sys.setenv(PATH = tempfile("empty-"))  # no twinnet, no python3
  res <- run_cli(c("parity", "--config", config, "--out", out))
  expect_identical(res$status, 2L)
  expect_identical(res$err, paste0(
    "twinnet: error: parity needs Python's command line, and it was not found: no ",
    "TWINNET_PYTHON, no .venv/bin/twinnet here, no twinnet on the PATH, and no python3 ",
    "with the twinnet package (pip install ./python, or set TWINNET_PYTHON to its launcher)"))
  expect_false(file.exists(out))  # nothing trained
})

# A model of data X, y (exact mode, 5 epochs) and its copy changed by `edit`.
parity_pair <- function(X, y, edit) {
  a <- tempfile(fileext = ".json")
  b <- tempfile(fileext = ".json")
  save_model(fit(mlp(c(ncol(X), 3, 1), mode = "exact"), X, y, 5), a)
  save_model(edit(load_network(a)), b)
  list(a = a, b = b)
}

test_that("parity's report names the first epoch and quantity that differ", {
  # epoch 3's loss, a bias of layer 1, a weight of layer 2
  pair <- parity_pair(toy_X(), toy_y(), function(net) {
    net$loss_history[3] <- net$loss_history[3] + 1e-3
    net$biases[[1]][2] <- net$biases[[1]][2] + 1e-3
    net$weights[[2]][1, 1] <- net$weights[[2]][1, 1] + 1e-3
    net
  })
  out <- utils::capture.output(status <- cli_parity_report(pair$a, pair$a))
  expect_identical(status, 0L)
  expect_identical(out[length(out)], "verdict: identical: every value equal to the last bit")
  out <- utils::capture.output(status <- cli_parity_report(pair$a, pair$b))
  expect_identical(status, 1L)
  # layer by layer: layer 1's biases before layer 2's weights (compare lists weights first)
  expect_true("first difference: epoch 3 of the loss history" %in% out)
  expect_true("first quantity that differs: biases[1]" %in% out)
  expect_identical(out[length(out)], paste0("verdict: different: largest difference 0.001; ",
                                            "exact mode requires identical bits"))
  out <- utils::capture.output(status <- cli_parity_report(pair$a, pair$b, "blas"))
  expect_identical(status, 1L)  # 1e-3 is far beyond 1e-9
  expect_match(out[length(out)], "verdict: different: largest difference 0.001 (", fixed = TRUE)
})

test_that("parity's report in blas mode accepts a relative difference up to 1e-9", {
  # one weight 2 ULPs off, as blas rounding is
  pair <- parity_pair(toy_X(), toy_y(), function(net) {
    w <- net$weights[[1]][1, 1]
    net$weights[[1]][1, 1] <- w + 2 * 2^(floor(log2(abs(w))) - 52)
    net
  })
  out <- utils::capture.output(status <- cli_parity_report(pair$a, pair$b))
  expect_identical(status, 1L)  # exact mode: not identical
  out <- utils::capture.output(status <- cli_parity_report(pair$a, pair$b, "blas"))
  expect_identical(status, 0L)
  expect_true("first difference: none in the loss history (5 epochs equal)" %in% out)
  expect_true("first quantity that differs: weights[1]" %in% out)
  expect_match(out[length(out)], "verdict: within tolerance: largest difference ", fixed = TRUE)
  expect_match(out[length(out)], "(2 ULPs)", fixed = TRUE)
  expect_match(out[length(out)], "<= 1e-09", fixed = TRUE)
})
