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
                                 "optimizer", "validation_loss_history",
                                 "validation_score_history", "stop_reason",
                                 "best_epoch"))
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

# ---- model files at the edge (issue 10; docs/inputs.md "Model files")

saved_model_data <- function(model = NULL) {
  if (is.null(model)) model <- fit(mlp(c(2, 3, 1), seed = 4), matrix(c(0, 1), 1), 1, 2)
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  jsonlite::fromJSON(path, simplifyVector = FALSE)
}

load_message <- function(data) {
  path <- tempfile(fileext = ".json")
  writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, digits = NA, null = "null"), path)
  # twinnet_error_message is helper-twinnet.R's, which lintr does not see
  message <- twinnet_error_message(load_model(path))  # nolint: object_usage_linter.
  sub(path, "PATH", message, fixed = TRUE)
}

test_that("a null weight is refused naming the entry (R recycled it)", {
  data <- saved_model_data()
  data$weights[[1]][[2]][3] <- list(NULL)
  expect_identical(load_message(data), paste(
    "model file PATH: value 3 of row 2 of weight matrix 1 must be a finite number,",
    "got null"))
})

test_that("a ragged weight row is refused, not recycled", {
  data <- saved_model_data()
  data$weights[[1]][[1]] <- list(0.5, 0.5)
  expect_identical(load_message(data),
                   "model file PATH: row 1 of weight matrix 1 must have 3 numbers, got 2")
})

test_that("--resume from a model with a null weight leaves the file as it was", {
  config <- toy_config(epochs = 3)
  out <- tempfile(fileext = ".json")
  expect_identical(run_cli(c("train", "--config", config, "--out", out,
                             "--quiet"))$status, 0L)
  data <- jsonlite::fromJSON(out, simplifyVector = FALSE)
  data$weights[[2]][[1]][1] <- list(NULL)
  writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, digits = NA, null = "null"), out)
  before <- readBin(out, "raw", file.size(out))
  res <- run_cli(c("train", "--config", config, "--out", out, "--epochs", "6",
                   "--resume"))
  expect_identical(res$status, 1L)
  expect_match(res$err, "weight matrix 2 must be a finite number, got null",
               fixed = TRUE)
  expect_identical(readBin(out, "raw", file.size(out)), before)
})

test_that("an rng_state of the wrong length is refused (R accepted it)", {
  data <- saved_model_data()
  data$rng_state <- data$rng_state[1:624]
  expect_identical(load_message(data),
                   "model file PATH: rng_state must have 626 numbers, got 624")
})

test_that("version 1.0 is version 1", {
  model <- fit(mlp(c(2, 3, 1), seed = 4), matrix(c(0, 1), 1), 1, 2)
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  text <- sub("\"version\": 1,", "\"version\": 1.0,", readLines(path), fixed = TRUE)
  expect_true(any(grepl("\"version\": 1.0,", text, fixed = TRUE)))
  writeLines(text, path)
  expect_identical(load_model(path), model)
})

test_that("a repeated key in a model file is refused", {
  path <- tempfile(fileext = ".json")
  save_model(mlp(c(2, 1)), path)
  text <- paste(readLines(path), collapse = "\n")
  writeLines(sub("\\}\\s*$", ", \"weights\": []}", text), path)
  expect_error(load_model(path), "'weights'", class = "twinnet_error")
})

test_that("a loss_history given as a string is refused", {
  data <- saved_model_data()
  data$loss_history <- "0.25"
  expect_identical(load_message(data), paste(
    "model file PATH: loss_history must be a list of numbers, got a string"))
})

test_that("a value of the wrong JSON type is named, as in Python", {
  cases <- list(
    list(c("config", "lr"), NULL,
         "config entry 'lr' must be a positive number, got null"),
    list(c("config", "layers"), 3,
         "config entry 'layers' must be a list of at least 2 sizes, got 3"),
    list(c("config", "bias"), list(),
         "config entry 'bias' must be true or false, got a list"),
    list("weights", structure(list(), names = character(0)),
         "weights must be a list of 2 matrices, got an object"),
    list(list("weights", 2, 1), "x",
         "row 1 of weight matrix 2 must be a list of 1 numbers, got a string"),
    list(list("biases", 1, 1), TRUE,
         "value 1 of bias row 1 must be a finite number, got a boolean"),
    list(list("loss_history", 1), list(1),
         "value 1 of loss_history must be a finite number, got a list"),
    list(list("rng_state", 8), 0.5, paste(
      "value 8 of rng_state must be a whole number in [-2147483648, 2147483647],",
      "got 0.5")),
    list("optimizer", "sgd",
         "optimizer must be null for a layers model, got a string")
  )
  set_in <- function(x, keys, value) {
    if (length(keys) == 1L) {
      x[keys[[1]]] <- list(value)
    } else {
      x[[keys[[1]]]] <- set_in(x[[keys[[1]]]], keys[-1], value)
    }
    x
  }
  for (case in cases) {
    data <- set_in(saved_model_data(), as.list(case[[1]]), case[[2]])
    expect_identical(load_message(data), paste0("model file PATH: ", case[[3]]))
  }
})

test_that("unknown top-level keys are refused", {
  data <- saved_model_data()
  data$comment <- "mine"
  expect_identical(load_message(data), "model file PATH has unknown keys: comment")
})

test_that("an Adam checkpoint round-trips and its state is checked", {
  net <- network(seed = 2)
  net <- add(net, dense(2, 2))
  net <- add(net, activation("tanh"))
  net <- add(net, dense(2, 1))
  net <- fit(use(net, "mse"), diag(2), matrix(1, 2, 1), 2, lr = 0.01,
             optimizer = "adam")
  path <- tempfile(fileext = ".json")
  save_model(net, path)
  expect_identical(load_model(path), net)
  data <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  data$optimizer$state$m[[4]] <- list(list(0, 0))
  expect_identical(load_message(data), paste(
    "model file PATH: row 1 of array 4 of optimizer state 'm' must have 1 numbers,",
    "got 2"))
})

test_that("Adam settings in another key order keep the optimiser's state", {
  net <- network(seed = 2)
  net <- add(net, dense(2, 1))
  net <- fit(use(net, "mse"), diag(2), matrix(1, 2, 1), 2, lr = 0.01,
             optimizer = "adam")
  path <- tempfile(fileext = ".json")
  save_model(net, path)
  text <- paste(readLines(path), collapse = "\n")
  reordered <- '"settings": {"epsilon": 1e-08, "beta2": 0.999, "beta1": 0.9}'
  writeLines(sub('"settings": \\{[^}]*\\}', reordered, text), path)
  expect_true(any(grepl(reordered, readLines(path), fixed = TRUE)))
  loaded <- load_model(path)
  expect_identical(fit(loaded, diag(2), matrix(1, 2, 1), 2, lr = 0.01,
                       optimizer = "adam")$weights,
                   fit(net, diag(2), matrix(1, 2, 1), 2, lr = 0.01,
                       optimizer = "adam")$weights)
})

test_that("the rng word 0x80000000 (NA_integer_ in R) round-trips", {
  data <- saved_model_data()
  data$rng_state[[51]] <- -2147483648
  path <- tempfile(fileext = ".json")
  writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, digits = NA, null = "null"), path)
  model <- load_model(path)
  expect_true(is.na(model$rng_state[51]))
  again <- tempfile(fileext = ".json")
  save_model(model, again)
  expect_identical(jsonlite::fromJSON(again, simplifyVector = FALSE)$rng_state[[51]],
                   -2147483648)
})

# CSV data files: read by position, the rules of docs/inputs.md ("CSV data
# files"), the same decisions and messages as Python (python/tests/test_io.py,
# parity_tests/test_csv_parity.py).
csv_file <- function(text) {
  path <- tempfile(fileext = ".csv")
  writeBin(charToRaw(enc2utf8(text)), path)
  path
}

csv_message <- function(path, name = "X") twinnet_error_message(read_matrix(path, name))

test_that("CSV files are read by position, with exact numbers", {
  reads <- list(
    "repeated names" = list("a,a\n1,2\n3,4\n", rbind(c(1, 2), c(3, 4))),
    "byte-order mark" = list("\ufeffa,b\n1,2\n", rbind(c(1, 2))),
    "byte-order mark, quoted names" = list("\ufeff\"a\",\"b\"\n1,2\n", rbind(c(1, 2))),
    "quoted numbers" = list("\"a\",\"b\"\n\"1.5\",\" 2 \"\n", rbind(c(1.5, 2))),
    "blank lines" = list("\n\na,b\n\n1,2\n\n3,4\n\n", rbind(c(1, 2), c(3, 4))),
    "spaces" = list("a , b\n 1 ,\t2\n", rbind(c(1, 2))),
    "CRLF" = list("a,b\r\n1,2\r\n", rbind(c(1, 2))),
    "CR" = list("a,b\r1,2\r", rbind(c(1, 2))),
    "no final line break" = list("a,b\n1,2", rbind(c(1, 2))),
    "number forms" = list("a,b,c,d,e\n.5,5.,-0,+1E+2,007.50e-1\n",
                          rbind(c(0.5, 5, -0, 100, 0.75))),
    "subnormal" = list("a,b\n1e-320,4.9406564584124654e-324\n",
                       rbind(c(1e-320, 4.9406564584124654e-324))),
    "long digits" = list("a\n0.1000000000000000055511151231257827\n", rbind(0.1)),
    "big integer" = list("a\n123456789012345678901234567890\n",
                         rbind(1.2345678901234568e29))
  )
  for (case in names(reads)) {
    got <- read_matrix(csv_file(reads[[case]][[1]]))
    expect_true(same_doubles(got, reads[[case]][[2]]), label = case)
  }
  # the doubles R's own reader gets one ULP off come back exactly
  x <- misread_by_strtod()
  path <- csv_file(paste0("x\n", paste(sprintf("%.17g", x), collapse = "\n"), "\n"))
  expect_true(same_doubles(read_matrix(path)[, 1], x))
})

test_that("bad CSV files get one message naming the line and column", {
  errors <- list(
    "blank name" = list("a,,b\n1,2,3\n", ": column 2 has no name"),
    "write.csv row names" = list(
      "\"\",\"a\"\n\"1\",2\n",
      paste0(": column 1 has no name (R's write.csv writes a nameless row-name column",
             " first: write the file with row.names = FALSE)")),
    "no header" = list("1,2\n3,4\n", paste0(
      " has no header row: its first line holds numbers only",
      " (the first line must name the columns)")),
    "extra cell" = list("a,b\n1,2\n3,4,5\n", ": line 3 has 3 cells, the header has 2"),
    "short row" = list("a,b\n\n1,2\n3\n", ": line 4 has 1 cell, the header has 2"),
    "0x10" = list("a\n0x10\n",
                  " has a non-numeric value in column 'a' (column 1) at line 2: '0x10'"),
    "TRUE" = list("a,b\n1,TRUE\n",
                  " has a non-numeric value in column 'b' (column 2) at line 2: 'TRUE'"),
    "1_000" = list("a\n1_000\n",
                   " has a non-numeric value in column 'a' (column 1) at line 2: '1_000'"),
    "1,5 quoted" = list("a\n\"1,5\"\n",
                        " has a non-numeric value in column 'a' (column 1) at line 2: '1,5'"),
    "NA" = list("a,b\n1,NA\n", paste0(
      " has a missing, NaN or infinite value in column 'b' (column 2) at line 2: 'NA'")),
    "empty cell" = list("a,b\n1, \n", paste0(
      " has a missing, NaN or infinite value in column 'b' (column 2) at line 2: ''")),
    "-Inf" = list("a\n-Inf\n", paste0(
      " has a missing, NaN or infinite value in column 'a' (column 1) at line 2: '-Inf'")),
    "overflow" = list("a\n1e999\n", paste0(
      " has a missing, NaN or infinite value in column 'a' (column 1) at line 2: '1e999'")),
    "first in file order" = list(
      "a,b\n1,x\ny,2\n", " has a non-numeric value in column 'b' (column 2) at line 2: 'x'"),
    "a line break in a cell" = list(
      "a,b\n\"1\n2\",3\n",
      " has a non-numeric value in column 'a' (column 1) at line 2: '1 2'"),
    "open quote" = list("a,b\n1,2\n\n\"3,4\n5,6\n",
                        ": line 4 opens a quote that is never closed"),
    "empty" = list("", " is empty"),
    "blank lines only" = list("\n\n", " is empty"),
    "header only" = list("a,b\n", " is empty (0 x 2): it has a header and no rows")
  )
  for (case in names(errors)) {
    path <- csv_file(errors[[case]][[1]])
    expect_identical(csv_message(path), paste0("X file ", path, errors[[case]][[2]]),
                     label = case)
  }
})

test_that("CSV text that is not UTF-8 is refused, naming the line", {
  cases <- list(list(as.raw(c(0x61, 0x2c, 0xe9, 0x0a, 0x31, 0x2c, 0x32, 0x0a)), 1L),
                list(c(charToRaw("a,b\n1,2\r\n3,"), as.raw(c(0xff, 0x0a))), 3L),
                list(c(charToRaw("a,b\n1,2\n"), as.raw(c(0x00, 0x0a))), 3L))
  for (case in cases) {
    path <- tempfile(fileext = ".csv")
    writeBin(case[[1]], path)
    expect_identical(csv_message(path, "Y"),
                     paste0("Y file ", path, " is not UTF-8 text (line ", case[[2]], ")"))
  }
})

test_that("a file written by write.csv reads once its row names are left out", {
  frame <- data.frame(a = c(0.1, 2), b = c(-3, 1e-300))
  with_names <- tempfile(fileext = ".csv")
  utils::write.csv(frame, with_names)
  expect_match(csv_message(with_names), ": column 1 has no name (R's write.csv", fixed = TRUE)
  without <- tempfile(fileext = ".csv")
  utils::write.csv(frame, without, row.names = FALSE)
  expect_true(same_doubles(read_matrix(without), unname(as.matrix(frame))))
})

test_that("read_columns gives the names by position", {
  found <- twinnet:::read_columns(csv_file("\ufeff a ,\"b\",a\n1,2,3\n"))
  expect_identical(found$names, c("a", "b", "a"))
  expect_identical(found$values, matrix(c(1, 2, 3), 1))
  found <- twinnet:::read_columns(csv_file("\n\"x, y\",z\n\" 1\",2\n"))
  expect_identical(found$names, c("x, y", "z"))
})

test_that("saving something that is not a model is one error", {
  path <- tempfile(fileext = ".json")
  for (thing in list(5, "model", NULL, list(weights = list()))) {
    expect_error(save_model(thing, path),
                 "^model must be a twinnet model \\(an MLP, a Network", class = "twinnet_error")
  }
  expect_false(file.exists(path))
})
