# Files: model JSON, CSV matrices, config.json; numbers read back to the same
# double; files are written whole or not at all.

# Doubles that R's own as.numeric() reads one ULP off from their shortest
# round-trip text (found on 100,000 normals; Python's repr shown).
misread_by_strtod <- function() {
  as.numeric(c("-0x1.5c183f4440542p-8",   # -0.0053115038356293404
               "-0x1.b6954d5045af6p-2",   # -0.42830391695444747
               "0x1.3aaf6c3a54354p-2",    # 0.30730980974208433
               "0x1.5244c118e6a97p-653")) # 3.535367094693657e-197
}

same_doubles <- function(a, b) {
  identical(a, b, num.eq = FALSE)  # also tells -0 from 0
}

test_that("save_model and load_model round-trip every field identically", {
  model <- fit(mlp(c(4, 3, 1), lr = 0.25, seed = 7, mode = "exact",
                   loss = "sse"), toy_X(), toy_y(), 50)
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  loaded <- load_model(path)
  expect_true(same_doubles(loaded$weights, model$weights))
  expect_true(same_doubles(loaded$biases, model$biases))
  expect_true(same_doubles(loaded$loss_history, model$loss_history))
  for (field in c("layers", "lr", "seed", "mode", "loss", "activation",
                  "bias")) {
    expect_identical(loaded[[field]], model[[field]], label = field)
  }
  expect_identical(loaded, model)
  expect_identical(predict(loaded, toy_X()), predict(model, toy_X()))
})

test_that("an untrained, bias-free, two-hidden-layer model round-trips", {
  for (model in list(mlp(c(3, 5, 4, 2), seed = 1, bias = FALSE),
                     mlp(c(1, 1), seed = 2, mode = "exact"))) {
    path <- tempfile(fileext = ".json")
    save_model(model, path)
    expect_identical(load_model(path), model)
  }
})

test_that("a model with explicit weights round-trips with no seed", {
  model <- mlp(c(2, 1), weights = list(matrix(c(1, 2) / 3, 2, 1)),
               biases = list(0.5))
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  loaded <- load_model(path)
  expect_null(loaded$seed)
  expect_true(same_doubles(loaded$weights, model$weights))
  expect_true(same_doubles(loaded$biases, model$biases))
  expect_null(jsonlite::fromJSON(path)$config$seed)
})

test_that("a loaded model keeps a seed field set to NULL", {
  model <- mlp(c(2, 1), weights = list(matrix(c(1, 2) / 3, 2, 1)),
               biases = list(0.5))
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  expect_identical(load_model(path), model)
})

test_that("the model file is JSON with format twinnet-model, version 1", {
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 5)
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  data <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  expect_identical(data$format, "twinnet-model")
  expect_identical(data$version, 1L)
  expect_setequal(names(data), c("format", "version", "config", "weights",
                                 "biases", "loss_history", "rng_state",
                                 "optimizer"))
  expect_length(data$rng_state, 626)
  expect_identical(unlist(data$config$layers), c(4L, 3L, 1L))
  expect_identical(data$config$mode, "blas")
  # weights: a list of matrices, each a list of rows; biases: a list of rows
  expect_length(data$weights, 2)
  expect_length(data$weights[[1]], 4)
  expect_length(data$weights[[1]][[1]], 3)
  expect_identical(as.numeric(unlist(data$weights[[1]][[2]])),
                   model$weights[[1]][2, ])
  expect_length(data$biases[[1]], 3)
  expect_length(data$loss_history, 5)
})

test_that("model files keep values R's own number reader gets wrong, and -0", {
  values <- c(misread_by_strtod(), -0, 5e-324, .Machine$double.xmax)
  model <- mlp(c(1, length(values)), bias = FALSE,
               weights = list(matrix(values, 1)))
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  loaded <- load_model(path)
  expect_true(same_doubles(loaded$weights, model$weights))
  expect_identical(1 / loaded$weights[[1]][1, 5], -Inf)
})

test_that("write_matrix numbers read back identical: 10,000 wide doubles", {
  x <- with_test_seed(2024, {
    rnorm(10000) * 10^sample(-300:300, 10000, replace = TRUE)
  })
  x[1:6] <- c(misread_by_strtod(), -0, 5e-324)
  x[8:10] <- c(.Machine$double.xmax, .Machine$double.xmin, -1)
  m <- matrix(x, ncol = 10)
  path <- tempfile(fileext = ".csv")
  write_matrix(m, path, "v")
  back <- read_matrix(path, "V")
  expect_true(same_doubles(back, m))
  expect_identical(readLines(path, n = 1),
                   paste0("v", 1:10, collapse = ","))
  expect_length(readLines(path), 1001)
  # and through jsonlite's parser (what Python's float() agrees with)
  text <- utils::read.csv(path, colClasses = "character")[[1]]
  parsed <- jsonlite::parse_json(paste0("[", paste(text, collapse = ","), "]"),
                                 simplifyVector = TRUE)
  expect_true(same_doubles(parsed, m[, 1]))
})

test_that("write_matrix writes at most 17 significant digits", {
  x <- with_test_seed(3, rnorm(1000))
  path <- tempfile(fileext = ".csv")
  write_matrix(matrix(x), path)
  mantissa <- gsub("[^0-9]", "", sub("e.*$", "", readLines(path)[-1]))
  significant <- nchar(sub("^0+", "", mantissa))
  expect_lte(max(significant), 17)
  expect_identical(twinnet:::num_text(c(0.1, 0.5, 1 / 3, 100)),
                   c("0.1", "0.5", "0.3333333333333333", "100"))
})

test_that("read_config resolves data paths relative to the config file", {
  path <- toy_config()
  elsewhere <- tempfile("cwd-")
  dir.create(elsewhere)
  old <- setwd(elsewhere)
  on.exit(setwd(old), add = TRUE)
  config <- read_config(path)
  base <- dirname(normalizePath(path))
  expect_identical(config$x, file.path(base, "x.csv"))
  expect_identical(config$y, file.path(base, "y.csv"))
  expect_true(file.exists(config$x))
  expect_identical(read_matrix(config$x), toy_X())
})

test_that("read_config fills in the defaults", {
  path <- toy_config(seed = NULL, mode = NULL)
  config <- read_config(path)
  expect_identical(config$lr, 0.1)
  expect_identical(config$seed, 42)
  expect_identical(config$mode, "blas")
  expect_identical(config$loss, "half_sse")
  expect_identical(config$activation, "sigmoid")
  expect_identical(config$bias, TRUE)
  expect_null(config$init_weights)
  expect_identical(config$description, "")
  expect_identical(config$epochs, 20L)
  expect_identical(as.numeric(config$layers), c(4, 3, 1))
  model <- model_from_config(config)
  expect_identical(model$weights, mlp(c(4, 3, 1), seed = 42)$weights)
})

test_that("initial weights named in a config are read relative to it", {
  root <- fixtures_dir()
  config <- read_config(file.path(root, "seed002_xor", "config.json"))
  expect_identical(config$init_weights,
                   file.path(normalizePath(file.path(root, "seed002_xor")),
                             c("w1.csv", "w2.csv")))
  model <- model_from_config(config)
  expect_identical(model$weights[[1]],
                   read_matrix(file.path(root, "seed002_xor", "w1.csv")))
  expect_identical(model$biases, list())
  expect_null(model$seed)
})

test_that("saving into a missing folder fails and creates nothing", {
  parent <- tempfile("missing-")
  path <- file.path(parent, "model.json")
  expect_error(suppressWarnings(save_model(mlp(c(4, 3, 1)), path)))
  expect_false(dir.exists(parent))
  expect_false(file.exists(path))
})

test_that("saving over a folder fails and leaves no temporary file", {
  dir <- tempfile("target-")
  dir.create(dir)
  target <- file.path(dir, "model.json")
  dir.create(target)
  expect_error(suppressWarnings(save_model(mlp(c(4, 3, 1)), target)),
               class = "twinnet_error", regexp = "could not write")
  expect_true(dir.exists(target))
  expect_identical(leftover_temp_files(dir), character(0))
  expect_error(suppressWarnings(write_matrix(toy_X(), target)),
               class = "twinnet_error", regexp = "could not write")
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("an existing model file is replaced whole", {
  dir <- tempfile("replace-")
  dir.create(dir)
  path <- file.path(dir, "model.json")
  first <- fit(mlp(c(4, 3, 1), seed = 1), toy_X(), toy_y(), 10)
  second <- fit(mlp(c(3, 5, 4, 2), seed = 2), matrix(1:6, 2, 3),
                matrix(c(0, 1, 1, 0), 2, 2), 20)
  save_model(first, path)
  save_model(second, path)
  expect_identical(load_model(path), second)
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE),
                   "model.json")
})

test_that("an existing file is left intact when writing fails midway", {
  dir <- tempfile("intact-")
  dir.create(dir)
  path <- file.path(dir, "model.json")
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 10)
  save_model(model, path)
  before <- readLines(path)
  # writeLines() fails after the temporary file was opened
  expect_error(twinnet:::write_atomically(path, 42))
  expect_identical(readLines(path), before)
  expect_identical(load_model(path), model)
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE),
                   "model.json")
})

test_that("read_matrix returns a plain double matrix without names", {
  path <- text_file(c("a,b", "1,2.5", "-3,4e-2"), ".csv")
  m <- read_matrix(path)
  expect_identical(m, matrix(c(1, -3, 2.5, 0.04), 2, 2))
  expect_null(dimnames(m))
})

test_that("config paths that are absolute are kept as they are", {
  dir <- tempfile("abs-")
  dir.create(dir)
  config <- file.path(dir, "config.json")
  writeLines('{"x": "/data/x.csv", "y": "y.csv", "layers": [2, 1], "epochs": 1}',
             config)
  read <- read_config(config)
  expect_identical(read$x, "/data/x.csv")
  expect_identical(read$y, file.path(normalizePath(dir), "y.csv"))
})

test_that("non-finite values are written as nan, inf and -inf, as in Python", {
  path <- tempfile(fileext = ".csv")
  write_matrix(matrix(c(1, NaN, Inf, -Inf), 1), path)
  expect_identical(readLines(path)[2], "1,nan,inf,-inf")
})
