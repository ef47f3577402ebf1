# Every bad input stops with a condition of class "twinnet_error" whose
# message names the problem (the same words as the Python twin).

expect_twinnet_error <- function(expr, regexp) {
  expect_error(expr, regexp = regexp, class = "twinnet_error")
}

test_that("twinnet errors carry the class and no call", {
  err <- tryCatch(mlp(c(4, 3, 1), lr = -1), error = function(e) e)
  expect_s3_class(err, c("twinnet_error", "error", "condition"), exact = TRUE)
  expect_null(conditionCall(err))
  expect_identical(conditionMessage(err),
                   "lr must be a positive number, got -1")
})

test_that("X and Y with different row counts are rejected", {
  expect_twinnet_error(fit(mlp(c(4, 3, 1)), toy_X(), c(1, 1), 1),
                       "X has 3 rows but Y has 2")
})

test_that("layer sizes that do not match the data are rejected", {
  expect_twinnet_error(fit(mlp(c(5, 3, 1)), toy_X(), toy_y(), 1),
                       "X has 4 columns but the input layer has 5 units")
  expect_twinnet_error(fit(mlp(c(4, 3, 2)), toy_X(), toy_y(), 1),
                       "Y has 1 columns but the output layer has 2 units")
  expect_twinnet_error(predict(mlp(c(4, 3, 1)), toy_X()[, 1:3]),
                       "X has 3 columns but the input layer has 4 units")
  expect_twinnet_error(compute_loss(mlp(c(4, 3, 1)), toy_X(), c(1, 1)),
                       "X has 3 rows but Y has 2")
  expect_twinnet_error(gradients(mlp(c(5, 3, 1)), toy_X(), toy_y()),
                       "input layer has 5 units")
})

test_that("non-numeric data is rejected", {
  chars <- matrix(as.character(toy_X()), 3, 4)
  expect_twinnet_error(fit(mlp(c(4, 3, 1)), chars, toy_y(), 1),
                       "X must be numeric, got non-numeric values")
  frame <- data.frame(a = 1:3, b = c("x", "y", "z"), c = 1, d = 0)
  expect_twinnet_error(fit(mlp(c(4, 3, 1)), frame, toy_y(), 1),
                       "X must be numeric, column 'b' is not")
  expect_twinnet_error(fit(mlp(c(4, 3, 1)), toy_X(), c("1", "1", "0"), 1),
                       "Y must be numeric")
  expect_twinnet_error(predict(mlp(c(4, 3, 1)), c(1, 0, 1, 0)),
                       "X must be a matrix \\(2 dimensions\\), got 1")
})

test_that("NA, NaN and Inf in the data are rejected with their position", {
  for (bad in c(NA, NaN, Inf, -Inf)) {
    X <- toy_X()
    X[2, 3] <- bad
    expect_twinnet_error(
      fit(mlp(c(4, 3, 1)), X, toy_y(), 1),
      "X has a missing, NaN or infinite value at row 2, column 3"
    )
    expect_twinnet_error(
      fit(mlp(c(4, 3, 1)), toy_X(), c(1, bad, 0), 1),
      "Y has a missing, NaN or infinite value at row 2, column 1"
    )
  }
  X <- toy_X()
  X[3, 1] <- NA
  X[2, 4] <- NA
  # the first bad value in row-major order, as Python reports it
  expect_twinnet_error(predict(mlp(c(4, 3, 1)), X), "at row 2, column 4")
})

test_that("empty data is rejected", {
  expect_twinnet_error(
    fit(mlp(c(4, 3, 1)), matrix(numeric(0), 0, 4), numeric(0), 1),
    "X is empty \\(0 x 4\\)"
  )
  expect_twinnet_error(predict(mlp(c(4, 3, 1)), matrix(numeric(0), 3, 0)),
                       "X is empty \\(3 x 0\\)")
})

test_that("a learning rate that is not positive is rejected", {
  expect_twinnet_error(mlp(c(4, 3, 1), lr = 0),
                       "lr must be a positive number, got 0")
  expect_twinnet_error(mlp(c(4, 3, 1), lr = -0.1),
                       "lr must be a positive number, got -0.1")
  expect_twinnet_error(mlp(c(4, 3, 1), lr = "0.1"),
                       "lr must be a positive number, got '0.1'")
  expect_twinnet_error(mlp(c(4, 3, 1), lr = Inf), "lr must be a positive")
})

test_that("epochs below 1 or fractional are rejected", {
  model <- mlp(c(4, 3, 1))
  expect_twinnet_error(fit(model, toy_X(), toy_y(), 0),
                       "epochs must be a positive integer, got 0")
  expect_twinnet_error(fit(model, toy_X(), toy_y(), -3),
                       "epochs must be a positive integer, got -3")
  expect_twinnet_error(fit(model, toy_X(), toy_y(), 1.5),
                       "epochs must be a positive integer, got 1.5")
  expect_twinnet_error(fit(model, toy_X(), toy_y(), NA),
                       "epochs must be a positive integer, got NA")
})

test_that("unknown loss, mode and activation are rejected with the choices", {
  expect_twinnet_error(mlp(c(4, 3, 1), loss = "l1"),
                       paste("unknown loss 'l1'; choose one of half_sse, sse,",
                             "mse, binary_cross_entropy, softmax_cross_entropy"))
  expect_twinnet_error(mlp(c(4, 3, 1), mode = "fast"),
                       "unknown mode 'fast'; choose one of blas, exact")
  expect_twinnet_error(mlp(c(4, 3, 1), activation = "swish"),
                       paste("unknown activation 'swish'; choose one of",
                             "sigmoid, tanh, relu, identity, softmax"))
  expect_twinnet_error(mlp(c(4, 3, 1), mode = c("blas", "exact")),
                       "unknown mode")
})

test_that("fewer than two layers and zero units are rejected", {
  expect_twinnet_error(
    mlp(4),
    "layers must name at least an input and an output size, got \\[4\\]"
  )
  expect_twinnet_error(mlp("4-3-1"),
                       "layers must name at least an input and an output")
  expect_twinnet_error(mlp(c(4, 0, 1)),
                       "each layer size must be a positive integer, got 0")
  expect_twinnet_error(mlp(c(4, 2.5, 1)),
                       "each layer size must be a positive integer, got 2.5")
})

test_that("a seed that is not an integer is rejected", {
  expect_twinnet_error(
    mlp(c(4, 3, 1), seed = 1.5),
    "seed must be an integer in \\[-2147483647, 2147483647\\], got 1.5"
  )
  expect_twinnet_error(mlp(c(4, 3, 1), seed = "a"), "seed must be an integer")
  expect_twinnet_error(mlp(c(4, 3, 1), seed = 2^31), "seed must be an integer")
  expect_twinnet_error(mlp(c(4, 3, 1), bias = NA),
                       "bias must be true or false, got NA")
})

test_that("weights and biases of the wrong shape or number are rejected", {
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(0, 3, 3), matrix(0, 3, 1)),
        bias = FALSE),
    "weights of layer 1 are 3 x 3, expected 4 x 3"
  )
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(0, 4, 3), matrix(0, 1, 3)),
        bias = FALSE),
    "weights of layer 2 are 1 x 3, expected 3 x 1"
  )
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(0, 4, 3)), bias = FALSE),
    "1 weight matrices were given for 2 layers"
  )
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(0, 4, 3), matrix(0, 3, 1)),
        biases = list(c(1, 2), 1)),
    "biases of layer 1 have 2 values, expected 3"
  )
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(0, 4, 3), matrix(0, 3, 1))),
    "0 bias rows were given for 2 layers"
  )
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(0, 4, 3), matrix(0, 3, 1)),
        biases = list(c(1, 2, 3), 1), bias = FALSE),
    "biases were given but bias is off"
  )
  expect_twinnet_error(mlp(c(4, 3, 1), biases = list(c(1, 2, 3), 1)),
                       "biases were given without weights")
  expect_twinnet_error(
    mlp(c(4, 3, 1), weights = list(matrix(NA, 4, 3), matrix(0, 3, 1)),
        bias = FALSE),
    "weights of layer 1 has a missing, NaN or infinite value at row 1"
  )
})

test_that("a config file that is missing, malformed or incomplete is rejected", {
  missing <- file.path(tempdir(), "no-such-config.json")
  expect_twinnet_error(read_config(missing),
                       "config file not found: .*no-such-config.json")
  expect_twinnet_error(read_config(text_file("{\"x\": ", ".json")),
                       "config file .* is not valid JSON")
  expect_twinnet_error(read_config(text_file("[1, 2]", ".json")),
                       "config file .* must hold a JSON object")
  expect_twinnet_error(read_config(toy_config(colour = "red", size = 2)),
                       "config file .* has unknown keys: colour, size")
  expect_twinnet_error(read_config(toy_config(epochs = NULL)),
                       "config file .* is missing required keys: epochs")
  expect_twinnet_error(read_config(text_file("{}", ".json")),
                       paste("is missing required keys: x, y, epochs, layers",
                             "or network \\(one of them\\)"))
})

test_that("a config with bad values fails when it is read (before any data)", {
  expect_twinnet_error(read_config(toy_config(lr = -1)),
                       "config file .*: lr must be a positive finite number, got -1")
  expect_twinnet_error(read_config(toy_config(mode = "fast")),
                       "config file .*: mode must be one of blas, exact, got 'fast'")
})

test_that("a model file that is missing, foreign or of another version is rejected", {
  missing <- file.path(tempdir(), "no-such-model.json")
  expect_twinnet_error(load_model(missing),
                       "model file not found: .*no-such-model.json")
  expect_twinnet_error(load_model(text_file("not json", ".json")),
                       "model file .* is not valid JSON")
  expect_twinnet_error(load_model(toy_config()),
                       "model file .* is not a twinnet model")
  expect_twinnet_error(load_model(text_file("[1, 2, 3]", ".json")),
                       "is not a twinnet model")

  path <- tempfile(fileext = ".json")
  save_model(mlp(c(4, 3, 1)), path)
  text <- readLines(path)
  version2 <- text_file(sub("\"version\": 1", "\"version\": 2", text), ".json")
  expect_twinnet_error(load_model(version2),
                       "has version 2; this twinnet reads version 1")
  no_weights <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  no_weights$weights <- NULL
  no_weights_path <- text_file(jsonlite::toJSON(no_weights, auto_unbox = TRUE,
                                                digits = NA), ".json")
  expect_twinnet_error(load_model(no_weights_path), "has no 'weights'")
  bad_shape <- sub("\"layers\": \\[4, 3, 1\\]", "\"layers\": [5, 3, 1]", text)
  expect_twinnet_error(load_model(text_file(bad_shape, ".json")),
                       "weight matrix 1 must have 5 rows, got 4")
})

test_that("a CSV with a non-numeric value or no content is rejected", {
  bad <- text_file(c("x1,x2", "1,2", "3,abc"), ".csv")
  expect_twinnet_error(read_matrix(bad, "X"),
                       "X file .* has a non-numeric value in column 'x2'")
  empty <- text_file(character(0), ".csv")
  expect_twinnet_error(read_matrix(empty, "Y"), "Y file .* is empty")
  header_only <- text_file("x1,x2", ".csv")
  expect_twinnet_error(read_matrix(header_only, "X"), "is empty \\(0 x 2\\)")
  with_na <- text_file(c("x1,x2", "1,2", "3,"), ".csv")
  expect_twinnet_error(read_matrix(with_na, "X"),
                       "missing, NaN or infinite value in column 'x2' \\(column 2\\) at line 3")
  expect_twinnet_error(read_matrix(file.path(tempdir(), "none.csv"), "X"),
                       "X file not found")
})

test_that("training that diverges stops, naming the epoch", {
  # identity output: targets of 1e150 are reachable (a sigmoid's are refused)
  model <- mlp(c(4, 3, 1), lr = 1e300, mode = "exact", activation = "identity")
  expect_twinnet_error(
    fit(model, toy_X(), toy_y() * 1e150, 5),
    "^training diverged: the loss is nan at epoch 2; try a smaller lr$"
  )
  # the epoch counts the model's earlier training too
  trained <- fit(mlp(c(4, 3, 1), mode = "exact", activation = "identity"),
                 toy_X(), toy_y(), 3)
  trained$lr <- 1e300
  expect_twinnet_error(fit(trained, toy_X(), toy_y() * 1e150, 5),
                       "the loss is nan at epoch 5;")
})

test_that("a factor column is not numbers: never encoded silently", {
  expect_twinnet_error(
    fit(mlp(c(2, 3, 1)), data.frame(a = c(1, 2), b = factor(c(1, 2))), c(1, 0), 1),
    "X must be numeric, column 'b' is not"
  )
})
