# ulps() and compare_files(): the bit-by-bit comparison behind `compare`.

test_that("ulps counts representable doubles between two values", {
  eps <- .Machine$double.eps
  expect_identical(ulps(1, 1 + eps), 1)
  expect_identical(ulps(1 + eps, 1), 1)
  expect_identical(ulps(1, 1), 0)
  expect_identical(ulps(1, 2), 2^52)
  expect_identical(ulps(1 - eps / 2, 1), 1)
  expect_identical(ulps(.Machine$double.xmax, Inf), 1)
  expect_identical(ulps(0, 5e-324), 1)
})

test_that("ulps treats 0 and -0 as equal and counts across zero", {
  expect_identical(ulps(0, -0), 0)
  expect_identical(ulps(-5e-324, 5e-324), 2)
  expect_identical(ulps(-5e-324, 0), 1)
  expect_identical(ulps(-1, 1), 2 * ulps(0, 1))
})

test_that("ulps of NaN: 0 against NaN, 2^64 against a number", {
  expect_identical(ulps(NaN, NaN), 0)
  expect_identical(ulps(NaN, 1), 2^64)
  expect_identical(ulps(0, NaN), 2^64)
})

test_that("ulps of arrays is the largest distance; shapes must match", {
  expect_identical(ulps(c(1, 2, 3), c(1, 2 + 4 * .Machine$double.eps, 3)), 2)
  expect_identical(ulps(matrix(1, 2, 2), matrix(1, 2, 2)), 0)
  expect_identical(ulps(numeric(0), numeric(0)), 0)
  expect_error(ulps(c(1, 2), 1), class = "twinnet_error",
               regexp = "shapes differ: 2 and 1 values")
})

saved_model <- function(model) {
  path <- tempfile(fileext = ".json")
  save_model(model, path)
  path
}

test_that("compare_files of two identical models finds no difference", {
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 5)
  rows <- compare_files(saved_model(model), saved_model(model))
  quantities <- vapply(rows, function(r) r$quantity, "")
  expect_identical(quantities, c("weights[1]", "weights[2]", "biases[1]",
                                 "biases[2]", "loss_history"))
  for (r in rows) {
    expect_equal(r$differ, 0, label = r$quantity)
    expect_identical(r$max_abs, 0, label = r$quantity)
    expect_identical(r$max_ulps, 0, label = r$quantity)
  }
  expect_identical(rows[[1]]$values, 12L)
  expect_true(twinnet:::compare_verdict(rows)$ok)
  expect_match(twinnet:::compare_verdict(rows)$text, "^identical")
})

test_that("compare_files of two different models reports each difference", {
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 5)
  other <- model
  other$weights[[2]][3, 1] <- model$weights[[2]][3, 1] + 0.25
  last <- model$loss_history[5]
  other$loss_history[5] <- last + 2^(floor(log2(last)) - 52)  # next double
  rows <- compare_files(saved_model(model), saved_model(other))
  names(rows) <- vapply(rows, function(r) r$quantity, "")
  expect_equal(rows[["weights[1]"]]$differ, 0)
  expect_equal(rows[["weights[2]"]]$differ, 1)
  expect_equal(rows[["weights[2]"]]$max_abs,
               abs(other$weights[[2]][3, 1] - model$weights[[2]][3, 1]))
  expect_equal(rows[["loss_history"]]$differ, 1)
  expect_identical(rows[["loss_history"]]$max_ulps, 1)
  verdict <- twinnet:::compare_verdict(rows)
  expect_false(verdict$ok)
  expect_match(verdict$text, "^different: largest difference 0.25")
  expect_true(twinnet:::compare_verdict(rows, tolerance = 0.3)$ok)
})

test_that("compare_files notes models of different shapes", {
  rows <- compare_files(saved_model(mlp(c(4, 3, 1))),
                        saved_model(mlp(c(4, 3, 3, 1))))
  expect_match(rows[[1]]$note, "2 layers against 3")
  expect_identical(rows[[1]]$max_abs, Inf)
  expect_false(twinnet:::compare_verdict(rows)$ok)
  rows <- compare_files(saved_model(mlp(c(4, 3, 1))),
                        saved_model(mlp(c(4, 2, 1))))
  expect_match(rows[[1]]$note, "shapes differ: \\(4, 3\\) and \\(4, 2\\)")
})

test_that("compare_files compares two CSV files value by value", {
  a <- tempfile(fileext = ".csv")
  b <- tempfile(fileext = ".csv")
  write_matrix(toy_X(), a)
  write_matrix(toy_X(), b)
  rows <- compare_files(a, b)
  expect_length(rows, 1)
  expect_identical(rows[[1]]$quantity, "values")
  expect_equal(rows[[1]]$differ, 0)
  changed <- toy_X()
  changed[2, 2] <- 1e-9
  write_matrix(changed, b)
  rows <- compare_files(a, b)
  expect_equal(rows[[1]]$differ, 1)
  expect_identical(rows[[1]]$max_abs, 1e-9)
})
