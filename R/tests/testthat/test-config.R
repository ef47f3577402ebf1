# config.json and the JSON loader (issue 10, defects 2, 5, 6, 7, 10): every
# value checked before anything is read, trained or written; nothing ignored.
# Twin: python/tests/test_config.py; both languages side by side in
# parity_tests/test_config_parity.py.

good_config <- list(x = "x.csv", y = "y.csv", layers = c(2, 3, 1), epochs = 5)
net_config <- list(x = "x.csv", y = "y.csv",
                   network = list(list(type = "dense", n_in = 2, n_out = 1),
                                  list(type = "activation")),
                   epochs = 5)

write_config_text <- function(text, dir = tempfile("config-")) {
  dir.create(dir, showWarnings = FALSE)
  path <- file.path(dir, "config.json")
  if (is.raw(text)) writeBin(text, path) else writeBin(charToRaw(text), path)
  path
}

config_json <- function(base, ...) {
  config <- utils::modifyList(base, list(...))
  as.character(jsonlite::toJSON(config, auto_unbox = TRUE, digits = NA, null = "null"))
}

config_error <- function(text) {
  path <- write_config_text(text)
  # twinnet_error_message is helper-twinnet.R's, which lintr does not see
  message <- twinnet_error_message(read_config(path))  # nolint: object_usage_linter.
  gsub(path, "C", message, fixed = TRUE)
}

test_that("bad config values are named, with the rule and what was given", {
  expect_identical(config_error(config_json(good_config, epochs = 0)),
                   "config file C: epochs must be a whole number in [1, 2147483647], got 0")
  expect_match(config_error(config_json(good_config, epochs = -2)), "got -2$")
  expect_match(config_error(config_json(good_config, epochs = 1e12)),
               "got 1000000000000$")
  expect_match(config_error(config_json(good_config, epochs = "10")), "got '10'$")
  expect_match(config_error(sub('"epochs":5', '"epochs":null',
                                config_json(good_config), fixed = TRUE)), "got null$")
  expect_identical(config_error(config_json(good_config, lr = list(0.1))),
                   "config file C: lr must be a positive finite number, got a list")
  # R used to take a list for loss or layers
  expect_match(config_error(config_json(good_config, loss = list("mse"))),
               "loss must be one of half_sse, .*, got a list$")
  expect_match(config_error(config_json(good_config, layers = "4,3,1")), "got '4,3,1'$")
  expect_match(config_error(config_json(good_config, layers = list(2, list(n = 3), 1))),
               "got an object at position 2$")
})

test_that("settings a config's kind would not use are errors, never ignored", {
  expect_match(config_error(config_json(good_config, optimizer = "nonsense")),
               "C: optimizer is a setting of network configs only", fixed = TRUE)
  expect_match(config_error(config_json(good_config, batch_size = 2, shuffle = TRUE)),
               "C: batch_size, shuffle are settings of", fixed = TRUE)
  expect_match(config_error(config_json(net_config, activation = "tanh")),
               "C: activation is a setting of layers configs only", fixed = TRUE)
  expect_match(config_error(config_json(net_config, bias = FALSE)),
               "C: bias is a setting of layers configs only", fixed = TRUE)
  expect_match(config_error(config_json(net_config, momentum = 0.5)),
               "C: momentum is not used by optimizer 'sgd'", fixed = TRUE)
  expect_identical(config_error(config_json(good_config, network = net_config$network)),
                   "config file C has both layers and network; give one of them")
  path <- write_config_text(config_json(good_config, activation = "relu"))
  expect_identical(read_config(path)$activation, "relu")
  config <- list(layers = c(2, 3, 1), lr = 0.1, seed = 1, mode = "blas",
                 loss = "half_sse", activation = "sigmoid", bias = TRUE, batch_size = 1)
  expect_error(train_from_config(config, matrix(0, 2, 2), matrix(0, 2, 1), epochs = 1),
               "batch_size is a setting of network configs only", class = "twinnet_error")
})

test_that("the JSON loader refuses what is not plain JSON", {
  expect_identical(config_error('{"x": "a", "epochs": 10, "epochs": 20}'),
                   "config file C has the key 'epochs' twice in one object")
  expect_identical(config_error('{"x": "a.csv" // data\n}'), "config file C is not valid JSON")
  expect_identical(config_error('{"epochs": NaN}'), "config file C is not valid JSON")
  expect_identical(config_error(paste0(strrep("[", 65), strrep("]", 65))),
                   "config file C nests deeper than 64 levels")
  expect_identical(config_error(paste0(strrep("[", 200000), strrep("]", 200000))),
                   "config file C nests deeper than 64 levels")
  expect_identical(config_error(as.raw(c(0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0x22,
                                         0x7d))),
                   "config file C is not UTF-8 text")
})

test_that("a byte-order mark is skipped and 4.0 is the integer 4", {
  text <- sub('"epochs":5', '"epochs":4.0,"seed":3.0', config_json(good_config),
              fixed = TRUE)
  path <- write_config_text(c(as.raw(c(0xef, 0xbb, 0xbf)), charToRaw(text)))
  config <- read_config(path)
  expect_identical(config$epochs, 4L)
  expect_identical(config$seed, 3L)
})

test_that("epochs beyond R's integers are refused, not turned into NA", {
  expect_error(fit(mlp(c(2, 1)), matrix(0, 2, 2), matrix(0, 2, 1), 1e12),
               "epochs must be at most 2147483647, got 1000000000000",
               class = "twinnet_error")
})

test_that("the loss history grows as training goes: nothing reserved up front", {
  net <- mlp(c(2, 1), seed = 1)
  # 1e9 epochs reserved up front would take 8 GB; stopped after 3
  used <- system.time(
    net <- fit(net, matrix(0, 2, 2), matrix(0, 2, 1), 1e9, progress = FALSE,
               on_epoch = function(epoch, loss) epoch >= 3)
  )
  expect_length(net$loss_history, 3L)
  expect_lt(used[["elapsed"]], 5)
  net <- fit(mlp(c(2, 1), seed = 1), matrix(0, 2, 2), matrix(0, 2, 1), 3000,
             progress = FALSE)
  expect_length(net$loss_history, 3000L)
  expect_false(anyNA(net$loss_history))
})

toy_cli_files <- function(dir, ...) {
  dir.create(dir, showWarnings = FALSE)
  writeLines(c("a,b", "0,0", "0,1", "1,0", "1,1"), file.path(dir, "x.csv"))
  writeLines(c("y", "0", "1", "1", "0"), file.path(dir, "y.csv"))
  path <- file.path(dir, "config.json")
  writeLines(config_json(good_config, ...), path)
  path
}

test_that("train with epochs 0 keeps the existing model and says why", {
  dir <- tempfile("cli-")
  config <- toy_cli_files(dir, epochs = 0)
  out <- file.path(dir, "model.json")
  writeLines("keep me", out)
  result <- run_cli(c("train", "--config", config, "--out", out))
  expect_identical(result$status, 1L)
  expect_identical(readLines(out), "keep me")
  # one line on standard error (run_cli, helper-twinnet.R, joins its lines)
  expect_false(grepl("\n", result$err, fixed = TRUE))
  expect_match(result$err, "^twinnet: error: config file .*got 0$")
})

test_that("resume refuses a changed setting, naming it and both values", {
  dir <- tempfile("cli-")
  out <- file.path(dir, "model.json")
  cases <- list(list(lr = 0.5), list(seed = 7), list(mode = "exact"), list(loss = "mse"),
                list(layers = c(2, 4, 1)))
  messages <- c("its lr is 0.1 but the config's is 0.5",
                "its seed is 42 but the config's is 7",
                "its mode is 'blas' but the config's is 'exact'",
                "its loss is 'half_sse' but the config's is 'mse'",
                "its layers is [2, 3, 1] but the config's is [2, 4, 1]")
  for (i in seq_along(cases)) {
    unlink(out)
    expect_identical(run_cli(c("train", "--config", toy_cli_files(dir, epochs = 3),
                               "--out", out, "--quiet"))$status, 0L)
    before <- readBin(out, "raw", file.size(out))
    config <- do.call(toy_cli_files, c(list(dir, epochs = 6), cases[[i]]))
    result <- run_cli(c("train", "--config", config, "--out", out, "--resume"))
    expect_identical(result$status, 1L)
    expect_identical(readBin(out, "raw", file.size(out)), before)
    expect_identical(result$err,
                     paste0("twinnet: error: cannot resume ", out, ": ", messages[i]))
  }
})

test_that("resume continues with the same config, and stops when there is nothing to do", {
  dir <- tempfile("cli-")
  out <- file.path(dir, "model.json")
  run_cli(c("train", "--config", toy_cli_files(dir, epochs = 3), "--out", out, "--quiet"))
  config <- toy_cli_files(dir, epochs = 6)
  expect_identical(run_cli(c("train", "--config", config, "--out", out, "--resume",
                             "--quiet"))$status, 0L)
  expect_length(load_model(out)$loss_history, 6L)
  before <- readBin(out, "raw", file.size(out))
  expect_identical(run_cli(c("train", "--config", config, "--out", out, "--resume",
                             "--quiet"))$status, 0L)
  expect_identical(readBin(out, "raw", file.size(out)), before)
  fewer <- toy_cli_files(dir, epochs = 2)
  expect_identical(run_cli(c("train", "--config", fewer, "--out", out, "--resume",
                             "--quiet"))$status, 1L)
})

# ---- training controls (issue 12)

test_that("bad training controls are refused before any data is read", {
  # The rules of config.R's training_controls and the combinations fit refuses
  # (the same words), from the config alone: the data files do not exist.
  # Twin: python/tests/test_config.py.
  cases <- list(
    list(list(alpha = -0.1), "alpha must be a finite number >= 0, got -0.1"),
    list(list(lr_schedule = "optimal"),
         "lr_schedule must be one of constant, invscaling, adaptive, got 'optimal'"),
    list(list(nesterov = 1), "nesterov must be true or false, got 1"),
    list(list(tol = -1e-4), "tol must be a finite number >= 0 or null, got -0.0001"),
    list(list(n_iter_no_change = 2.5),
         "n_iter_no_change must be a whole number in [1, 2147483647], got 2.5"),
    list(list(validation_fraction = 1),
         "validation_fraction must be a number in (0, 1) or null, got 1"),
    list(list(validation_score = "auc"),
         "validation_score must be one of accuracy, r2 or null, got 'auc'"),
    list(list(sample_weight = ""), "sample_weight must be a file name, got ''"),
    list(list(x_val = "xv.csv"), "x_val and y_val go together; give both or neither"),
    list(list(sample_weight_val = "wv.csv"), "sample_weight_val needs x_val and y_val"),
    list(list(alpha = 0.1, weight_decay = 0.1),
         paste("alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty",
               "(weights only), weight_decay nnet's (weights and biases); choose one")),
    list(list(nesterov = TRUE), "nesterov needs optimizer momentum, got optimizer sgd"),
    list(list(lr_schedule = "adaptive"), "lr_schedule adaptive needs tol (a number >= 0)"),
    list(list(x_val = "a.csv", y_val = "b.csv", validation_fraction = 0.2),
         "x_val (with y_val) and validation_fraction cannot both be given; choose one"),
    list(list(early_stopping = TRUE, tol = 0),
         "early_stopping needs a validation set: x_val and y_val or validation_fraction"),
    list(list(early_stopping = TRUE, validation_fraction = 0.2),
         "early_stopping needs tol (a number >= 0)"),
    list(list(stratify = TRUE), "stratify needs validation_fraction"),
    # a setting that would be ignored, as momentum with sgd
    list(list(power_t = 0.25),
         "power_t is not used by lr_schedule 'constant' (only by 'invscaling')"),
    list(list(power_t = 0.25, lr_schedule = "adaptive", tol = 0.1),
         "power_t is not used by lr_schedule 'adaptive' (only by 'invscaling')"),
    list(list(n_iter_no_change = 5),
         "n_iter_no_change is not used without tol (tol null: training never stops early)"),
    list(list(validation_score = "r2"),
         "validation_score needs a validation set: x_val and y_val or validation_fraction")
  )
  for (case in cases) {
    text <- do.call(config_json, c(list(good_config), case[[1]]))
    expect_identical(config_error(text), paste0("config file C: ", case[[2]]))
  }
  expect_identical(
    config_error(config_json(net_config, decay = 0.1, lr_schedule = "invscaling")),
    "config file C: decay > 0 needs lr_schedule constant, got lr_schedule invscaling")
})

test_that("training controls default to fit's defaults; null is taken where it is one", {
  config <- read_config(write_config_text(config_json(good_config)))
  defaults <- formals(twinnet:::fit.twinnet_network)
  for (key in names(twinnet:::training_controls)) {
    expect_identical(config[[key]], eval(defaults[[key]]), info = key)
  }
  # the score names written in config.R are metrics.R's table's
  expect_identical(twinnet:::validation_scores, names(twinnet:::scores))
  text <- sub("}$", ',"tol":null,"abstol":null,"validation_score":null}',
              config_json(net_config, optimizer = "momentum", nesterov = TRUE))
  config <- read_config(write_config_text(text))
  expect_true(config$nesterov)
  expect_null(config$tol)
  # n_iter_no_change with tol null is refused; power_t with invscaling and
  # n_iter_no_change with tol are used, so accepted
  text <- sub("}$", ',"tol":null}', config_json(net_config, n_iter_no_change = 5))
  expect_identical(config_error(text), paste0(
    "config file C: n_iter_no_change is not used without tol (tol null: training never ",
    "stops early)"))
  config <- read_config(write_config_text(
    config_json(net_config, lr_schedule = "invscaling", power_t = 0.25, tol = 0.1,
                n_iter_no_change = 5)))
  expect_identical(config$power_t, 0.25)
  expect_identical(config$n_iter_no_change, 5L)
})

test_that("a config trains with its weight and validation files as fit does", {
  # Twin: python/tests/test_config.py (the same data; zero weights are the
  # rows dropped, full batch, exact mode).
  dir <- tempfile("config-")
  dir.create(dir)
  X <- matrix(c(0, 1, 1, 0, 1, 1, 0, 0, 0.5, 0.2, 0.3, 0.9), 6, 2, byrow = TRUE)
  Y <- matrix(c(1, 1, 0, 0, 1, 0))
  w <- matrix(c(1, 2, 0.5, 1.5, 0, 0))
  write_matrix(X, file.path(dir, "x.csv"), "x")
  write_matrix(Y, file.path(dir, "y.csv"))
  write_matrix(w, file.path(dir, "w.csv"), "w")
  write_matrix(X[1:4, ], file.path(dir, "xv.csv"), "x")
  write_matrix(Y[1:4, , drop = FALSE], file.path(dir, "yv.csv"))
  write_matrix(w[1:4, , drop = FALSE], file.path(dir, "wv.csv"), "w")
  write_matrix(cbind(w, w), file.path(dir, "w2.csv"), "w")
  text <- config_json(good_config, sample_weight = "w.csv", x_val = "xv.csv",
                      y_val = "yv.csv", sample_weight_val = "wv.csv", alpha = 0.01,
                      validation_score = "accuracy", mode = "exact")
  config <- read_config(write_config_text(text, dir))
  model <- train_from_config(config, X, Y)
  direct <- fit(mlp(c(2, 3, 1), mode = "exact"), X, Y, 5, sample_weight = w, alpha = 0.01,
                validation_data = list(X[1:4, ], Y[1:4, , drop = FALSE],
                                       w[1:4, , drop = FALSE]),
                validation_score = "accuracy")
  expect_identical(model$weights, direct$weights)
  expect_identical(model$biases, direct$biases)
  expect_identical(model$validation_loss_history, direct$validation_loss_history)
  expect_length(model$validation_score_history, 5)
  config[c("x_val", "y_val", "validation_score")] <- list(NULL)
  weighted <- train_from_config(config, X, Y)
  dropped <- fit(mlp(c(2, 3, 1), mode = "exact"), X[1:4, ], Y[1:4, , drop = FALSE], 5,
                 sample_weight = w[1:4], alpha = 0.01)
  expect_identical(weighted$weights, dropped$weights)
  expect_identical(weighted$biases, dropped$biases)
  config$sample_weight <- file.path(dir, "w2.csv")
  # twinnet_error_message is helper-twinnet.R's, which lintr does not see
  message <- twinnet_error_message(train_from_config(config, X, Y))  # nolint: object_usage_linter.
  expect_identical(message,
                   paste0("sample weight file ", file.path(dir, "w2.csv"),
                          " must have one column, got 2"))
})
