# Mistakes in a formula, its data or predict's newdata come out as one
# twinnet error line, never as base R's eval() internals (issue 10, defect 7).

formula_error <- function(expr) twinnet_error_message(expr)

test_that("a variable missing from the data is named, without eval()", {
  expect_identical(
    formula_error(twinnet(Species ~ nothere, iris, epochs = 1, hidden = 2)),
    "could not use the formula and data: object 'nothere' not found")
  expect_identical(
    formula_error(twinnet(Sepalx ~ ., iris, epochs = 1, hidden = 2)),
    "could not use the formula and data: object 'Sepalx' not found")
  expect_identical(
    formula_error(twinnet(Species ~ ., iris, subset = zz > 1, epochs = 1, hidden = 2)),
    "could not use the formula and data: object 'zz' not found")
})

test_that("data that is not a data frame, or missing, is one line", {
  expect_identical(
    formula_error(twinnet(Species ~ ., "iris", epochs = 1, hidden = 2)),
    paste("could not use the formula and data: 'data' must be a data.frame,",
          "environment, or list"))
  expect_identical(
    formula_error(twinnet(Species ~ ., epochs = 1, hidden = 2)),
    "could not use the formula and data: '.' in formula and no 'data' argument")
})

test_that("predict's newdata must match the fit's formula", {
  fit <- suppressWarnings(twinnet(Species ~ ., iris, epochs = 1, hidden = 2),
                          classes = "twinnet_convergence_warning")  # 1 epoch, deliberately
  expect_identical(
    formula_error(predict(fit, iris[, 1:2])),
    "could not use newdata with the fit's formula: object 'Petal.Length' not found")
  changed <- transform(iris, Sepal.Length = as.character(Sepal.Length))
  expect_identical(
    formula_error(predict(fit, changed)),
    paste0("could not use newdata with the fit's formula: variable 'Sepal.Length' ",
           "was fitted with type \"numeric\" but type \"character\" was supplied"))
  expect_identical(
    formula_error(predict(fit, "x")),
    "newdata must be a data frame with the columns of the formula, got character")
  expect_identical(dim(predict(fit, iris[1:3, ], type = "prob")), c(3L, 3L))
})

test_that("a partial setting name is refused, not matched (epoch for epochs)", {
  # R matches partial argument names unless they follow `...`; twinnet()'s
  # settings do, so epoch = 5 and hid = 3 are unknown arguments, as Python's
  # TwinnetClassifier(max_iters=5) is a TypeError
  expect_match(formula_error(twinnet::twinnet(Species ~ ., iris, epoch = 5)),
               "^unknown argument 'epoch'; twinnet\\(\\) takes hidden")
  expect_match(formula_error(twinnet::twinnet(as.matrix(iris[, 1:4]), iris$Species,
                                              hid = 3, epochs = 1)),
               "^unknown argument 'hid'; twinnet\\(\\) takes hidden")
})
