# The step-by-step trace: the article's matrices, in its order, computed by
# the library itself. Twin: python/tests/test_trace.py.

article_order <- data.frame(
  step = c(0, 0, 1, 1, 1, 1, 2, 3, 4, 4, 5, 6, 6, 7, 8, 9, 10, 10, 11, 11),
  name = c("X", "y", "wh", "bh", "wout", "bout", "hidden_layer_input",
           "hiddenlayer_activations", "output_layer_input", "output", "E",
           "slope_output_layer", "slope_hidden_layer", "d_output",
           "Error_at_hidden_layer", "d_hiddenlayer", "wout", "wh", "bout", "bh"),
  stringsAsFactors = FALSE
)

trace_matrix <- function(table, step, name) {
  part <- table[table$step == step & table$name == name, ]
  part <- part[order(part$row, part$col), ]
  matrix(part$value, max(part$row), max(part$col), byrow = TRUE)
}

test_that("the trace names the article's matrices in its order", {
  table <- trace_epoch(mlp(c(4, 3, 1), seed = 42, mode = "exact"), toy_X(), toy_y())
  keys <- unique(table[, c("step", "name")])
  rownames(keys) <- NULL
  expect_identical(keys$name, article_order$name)
  expect_identical(keys$step, article_order$step)
})

test_that("the trace is the library's own epoch", {
  model <- mlp(c(4, 3, 1), seed = 42, mode = "exact")
  table <- trace_epoch(model, toy_X(), toy_y())
  after <- fit(model, toy_X(), toy_y(), 1)
  expect_identical(trace_matrix(table, 10, "wh"), after$weights[[1]])
  expect_identical(trace_matrix(table, 10, "wout"), after$weights[[2]])
  expect_identical(trace_matrix(table, 11, "bh"), after$biases[[1]])
  expect_identical(trace_matrix(table, 1, "wh"), model$weights[[1]])
  out <- trace_matrix(table, 4, "output")
  expect_identical(out, predict(model, toy_X()))
  Y <- matrix(toy_y())
  expect_identical(trace_matrix(table, 5, "E"), Y - out)
  slope <- trace_matrix(table, 6, "slope_output_layer")
  expect_identical(slope, out * (1 - out))
  expect_identical(trace_matrix(table, 7, "d_output"), (Y - out) * slope)
  expect_equal(trace_matrix(table, 8, "Error_at_hidden_layer"),
               trace_matrix(table, 7, "d_output") %*% t(model$weights[[2]]),
               tolerance = 1e-15)
})

test_that("deeper networks get numbered names and tanh its own words", {
  X <- matrix(c(0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1,
                0, 0, 0, 0, 1, 1, 1, 1), 8, 3)
  table <- trace_epoch(mlp(c(3, 6, 4, 1), seed = 1, loss = "mse",
                           activation = "tanh"), X, rowSums(X) %% 2)
  expect_true(all(c("Z1", "A3", "D1", "error_at2", "slope3") %in% table$name))
  expect_false("wh" %in% table$name)
  expect_false(any(grepl("sigmoid", table$formula)))
})

test_that("the report shows each matrix with its formula", {
  text <- trace_report(trace_epoch(mlp(c(4, 3, 1), seed = 42), toy_X(), toy_y()),
                       digits = 2)
  expect_match(text, "Step 7: d_output = E * slope_output_layer  [3 x 1]", fixed = TRUE)
  expect_match(text, "Step 1: wh (initial weights)  [4 x 3]", fixed = TRUE)
  expect_match(text, "      1.37      0.40      2.02", fixed = TRUE)
})

test_that("networks the article does not describe are refused", {
  net <- use(add(add(network(), dense(4, 2)), activation("softmax")),
             "softmax_cross_entropy")
  expect_error(trace_epoch(net, toy_X(), one_hot(c(0, 1, 0), 2)),
               "trace follows the article's steps", class = "twinnet_error")
})
