# The formula and default interface, twinnet() (estimator.R, formula.R,
# methods.R), against the contract of docs/estimators.md: the response
# decides the output and loss, classes come back as factors with the training
# levels, inputs are model.matrix() without the intercept (formula) or used
# as given (x, y), and the fit is the network built by hand with the
# contract's settings, bit for bit in exact mode. Twin: python/tests/test_sklearn.py.

# Most tests train a few epochs on purpose and so end with the convergence
# warning (scikit-learn's ConvergenceWarning): they call twinnet() through
# this twin of it, which evaluates the same call in the caller's frame and
# muffles that warning only (the Python twin's pytestmark filter). The tests
# of the warning (below, "convergence") call twinnet::twinnet().
twinnet <- function(...) {
  call <- sys.call()
  call[[1L]] <- quote(twinnet::twinnet)
  withCallingHandlers(eval(call, parent.frame()),
                      twinnet_convergence_warning = function(w) invokeRestart("muffleWarning"))
}

# 90 points in three blobs (labels 0, 1, 2), as a data frame.
blobs_frame <- function(n = 90) {
  d <- make_blobs(n, centers = 3, sd = 1.5, seed = 7)
  data.frame(x1 = d$X[, 1], x2 = d$X[, 2],
             label = factor(c("a", "b", "c")[d$y + 1]))
}

# The contract's network, built and trained by hand (docs/estimators.md).
# The training controls are the contract's defaults (alpha 1e-4, tol 1e-4,
# n_iter_no_change 10) unless `...` gives others (fit()'s names).
by_hand <- function(X, Y, hidden, output, loss, epochs, seed = 42,
                    mode = "exact", lr = 0.001, batch_size = min(200, nrow(X)),
                    activation = "relu", init = "xavier", optimizer = "adam",
                    shuffle = TRUE, ...) {
  sizes <- c(ncol(X), hidden, ncol(Y))
  net <- network(seed = seed, mode = mode)
  for (l in seq_len(length(sizes) - 1L)) {
    net <- add(net, dense(sizes[l], sizes[l + 1L], init = init))
    net <- add(net, activation(if (l == length(sizes) - 1L) output else activation))
  }
  net <- use(net, loss)
  controls <- utils::modifyList(list(alpha = 1e-4, tol = 1e-4, n_iter_no_change = 10),
                                list(...))
  quiet <- function(w) invokeRestart("muffleWarning")
  withCallingHandlers(
    do.call(fit, c(list(net, X, Y, epochs, lr = lr, batch_size = batch_size,
                        shuffle = shuffle, optimizer = optimizer), controls)),
    twinnet_convergence_warning = quiet)
}

test_that("three classes: softmax, one unit per level, softmax cross-entropy", {
  d <- blobs_frame()
  fit <- twinnet(label ~ x1 + x2, data = d, hidden = 6, epochs = 40, lr = 0.05)
  expect_s3_class(fit, "twinnet_fit")
  expect_identical(fit$levels, c("a", "b", "c"))
  expect_identical(network_sizes(fit$network), c(2L, 6L, 3L))
  expect_identical(fit$settings$output, "softmax")
  expect_identical(fit$network$loss, "softmax_cross_entropy")
  expect_length(fit$loss_history, 40)
  expect_lt(fit$loss_history[40], fit$loss_history[1])
  cls <- predict(fit, d)
  expect_s3_class(cls, "factor")
  expect_identical(levels(cls), c("a", "b", "c"))
  expect_length(cls, nrow(d))
  expect_gt(mean(cls == d$label), 0.8)
  prob <- predict(fit, d, type = "prob")
  expect_identical(dim(prob), c(nrow(d), 3L))
  expect_identical(colnames(prob), c("a", "b", "c"))
  expect_equal(rowSums(prob), rep(1, nrow(d)), ignore_attr = TRUE)
  expect_identical(predict(fit, d, type = "raw"), prob)
  # the class is the column of the largest probability
  expect_identical(as.integer(cls), max.col(prob, ties.method = "first"))
  # without newdata: the training data
  expect_identical(predict(fit), cls)
})

test_that("two classes: one sigmoid unit, the probability of the second level", {
  d <- blobs_frame()
  d$label <- factor(ifelse(d$label == "a", "yes", "no"), levels = c("yes", "no"))
  fit <- twinnet(label ~ ., data = d, hidden = 4, epochs = 30, lr = 0.05)
  expect_identical(fit$levels, c("yes", "no"))  # a factor keeps its level order
  expect_identical(network_sizes(fit$network), c(2L, 4L, 1L))
  expect_identical(fit$network$loss, "binary_cross_entropy")
  raw <- predict(fit, d, type = "raw")
  expect_identical(dim(raw), c(nrow(d), 1L))
  expect_identical(colnames(raw), "no")
  prob <- predict(fit, d, type = "prob")
  expect_identical(colnames(prob), c("yes", "no"))
  expect_identical(prob[, 2], raw[, 1])
  expect_identical(prob[, 1], 1 - raw[, 1])
  cls <- predict(fit, d)
  expect_identical(levels(cls), c("yes", "no"))
  expect_identical(cls == "no", unname(raw[, 1] > 0.5))
  # the target was 1 for the second level
  expect_identical(unname(fit$fitted.values + fit$residuals),
                   matrix(as.numeric(d$label == "no")))
})

test_that("character and logical responses are classes in sorted order", {
  d <- blobs_frame()
  d$word <- c("pear", "Apple", "fig")[as.integer(d$label)]
  fit <- twinnet(word ~ x1 + x2, data = d, hidden = 3, epochs = 5)
  # byte order, as numpy.unique: upper case first, whatever the locale
  expect_identical(fit$levels, c("Apple", "fig", "pear"))
  expect_identical(levels(predict(fit, d)), c("Apple", "fig", "pear"))
  d$flag <- d$label == "b"
  fit <- twinnet(flag ~ x1 + x2, data = d, hidden = 3, epochs = 5)
  expect_identical(fit$levels, c("FALSE", "TRUE"))
  expect_identical(network_sizes(fit$network), c(2L, 3L, 1L))
  expect_s3_class(predict(fit, d), "factor")
  # the same network as a 0/1 factor response with the same order
  fit01 <- twinnet(factor(as.integer(flag)) ~ x1 + x2, data = d, hidden = 3,
                   epochs = 5)
  expect_identical(fit01$network$weights, fit$network$weights)
})

test_that("empty levels are dropped with a warning; one class is an error", {
  d <- blobs_frame()
  d$label <- factor(d$label, levels = c("a", "b", "c", "unused"))
  expect_warning(fit <- twinnet(label ~ ., data = d, hidden = 2, epochs = 2),
                 "'unused' of y has no observations")
  expect_identical(fit$levels, c("a", "b", "c"))
  expect_error(twinnet(d[, 1:2], rep("a", nrow(d)), epochs = 1),
               "y has one class, 'a'", class = "twinnet_error")
})

test_that("numeric responses give identity outputs and mse; a matrix several", {
  fit <- twinnet(mpg ~ wt + hp, data = mtcars, hidden = 3, epochs = 10)
  expect_null(fit$levels)
  expect_identical(fit$network$loss, "mse")
  expect_identical(fit$settings$output, "identity")
  raw <- predict(fit, mtcars)
  expect_identical(dim(raw), c(32L, 1L))
  expect_identical(dimnames(raw), list(rownames(mtcars), "mpg"))
  expect_identical(predict(fit, mtcars, type = "raw"), raw)
  expect_error(predict(fit, mtcars, type = "class"),
               "type 'class' needs a classification fit", class = "twinnet_error")
  expect_identical(fitted(fit), raw)
  expect_identical(residuals(fit), mtcars$mpg - raw)
  two <- twinnet(cbind(mpg, qsec) ~ wt + hp, data = mtcars, hidden = 3,
                 epochs = 10)
  expect_identical(network_sizes(two$network), c(2L, 3L, 2L))
  expect_identical(colnames(predict(two, mtcars)), c("mpg", "qsec"))
  m <- twinnet(as.matrix(mtcars[, c("wt", "hp")]),
               as.matrix(mtcars[, c("mpg", "qsec")]), hidden = 3, epochs = 10)
  expect_identical(m$network$weights, two$network$weights)
})

test_that("the formula's factor predictor is expanded by model.matrix, as in nnet", {
  fit <- twinnet(mpg ~ wt + factor(cyl), data = mtcars, hidden = 2, epochs = 3)
  expect_identical(fit$inputs, c("wt", "factor(cyl)6", "factor(cyl)8"))
  X <- model.matrix(mpg ~ wt + factor(cyl), mtcars)[, -1]
  same <- twinnet(X, mtcars$mpg, hidden = 2, epochs = 3)
  expect_identical(same$network$weights, fit$network$weights)
  # new data go through the same terms and levels
  new <- data.frame(wt = c(2.5, 3), cyl = c(8, 4))
  expect_identical(unname(predict(fit, new)),
                   unname(predict(same, cbind(wt = new$wt, "factor(cyl)6" = 0,
                                              "factor(cyl)8" = c(1, 0)))))
})

test_that("a data frame x with a factor or character column is an error naming it", {
  d <- blobs_frame()
  expect_error(twinnet(d, d$label, epochs = 1),
               "x must be numeric, column 'label' is a factor; twinnet never encodes silently",
               class = "twinnet_error")
  d$name <- as.character(d$label)
  expect_error(twinnet(d[, c("x1", "name")], d$label, epochs = 1),
               "column 'name' is text \\(character\\)", class = "twinnet_error")
  fit <- twinnet(d[, c("x1", "x2")], d$label, hidden = 2, epochs = 1)
  expect_error(predict(fit, d[, c("x1", "name")]), "newdata has no column 'x2'",
               class = "twinnet_error")
  # columns are taken by name: the unused factor column does not matter
  expect_identical(predict(fit, d), predict(fit, d[, c("x2", "x1")]))
  expect_error(predict(fit, data.frame(x1 = 1, x2 = "a")),
               "newdata must be numeric, column 'x2' is text",
               class = "twinnet_error")
})

test_that("a misspelt or unknown argument is an error, fit()'s own pass through", {
  d <- blobs_frame()
  expect_error(twinnet(label ~ ., data = d, hiden = 3),
               "unknown argument 'hiden'", class = "twinnet_error")
  # fit()'s first argument is the network twinnet() builds: never a pass-through
  expect_error(twinnet(label ~ ., data = d, object = 1),
               "unknown argument 'object'", class = "twinnet_error")
  # the message lists every argument twinnet() takes
  message <- tryCatch(twinnet(label ~ ., data = d, hiden = 3),
                      twinnet_error = conditionMessage)
  own <- setdiff(c(names(formals(twinnet.default)), "subset", "na.action", "contrasts"),
                 c("x", "y", "..."))
  words <- strsplit(message, "[ ,()']+")[[1]]
  listed <- c(own, "progress", "on_epoch", "checkpoint_every", "checkpoint_path")
  expect_setequal(intersect(listed, words), listed)
  expect_error(twinnet(label ~ ., data = d, hidden = c(3, 0)),
               "hidden must be positive integers", class = "twinnet_error")
  quiet <- twinnet(label ~ ., data = d, hidden = 2, epochs = 3, progress = FALSE)
  expect_length(quiet$loss_history, 3)
  expect_warning(big <- twinnet(label ~ ., data = d, hidden = 2, epochs = 1,
                                batch_size = 500),
                 "batch_size is 500 but the data have 90 rows; using 90")
  expect_identical(big$settings$batch_size, 90L)
})

test_that("the fit is the contract's network built by hand, bit for bit (exact)", {
  d <- blobs_frame(250)  # more than 200 rows: batches of 200 and 50
  X <- as.matrix(d[, c("x1", "x2")])
  fit <- twinnet(label ~ x1 + x2, data = d, hidden = c(5, 4), epochs = 4,
                 mode = "exact")
  expect_identical(fit$settings$batch_size, 200L)
  hand <- by_hand(X, diag(3)[as.integer(d$label), ], c(5, 4), "softmax",
                  "softmax_cross_entropy", epochs = 4)
  expect_identical(fit$network, hand)
  expect_identical(fit$loss_history, hand$loss_history)
  expect_identical(unname(predict(fit, d, type = "prob")), predict(hand, X))
  binary <- twinnet(X, d$label == "c", hidden = 3, epochs = 4, mode = "exact",
                    lr = 0.01, activation = "tanh", init = "he", seed = 3)
  hand <- by_hand(X, matrix(as.numeric(d$label == "c")), 3, "sigmoid",
                  "binary_cross_entropy", epochs = 4, seed = 3, lr = 0.01,
                  activation = "tanh", init = "he")
  expect_identical(binary$network, hand)
  reg <- twinnet(X, d$x1 * d$x2, hidden = integer(0), epochs = 4,
                 mode = "exact", batch_size = 32)
  # a regression passes 2 * alpha (twinnet's mse is twice scikit-learn's squared error)
  hand <- by_hand(X, matrix(d$x1 * d$x2), integer(0), "identity", "mse",
                  epochs = 4, batch_size = 32, alpha = 2e-4)
  expect_identical(reg$network, hand)
})

test_that("the same seed gives the same fit; another seed another; the caller's stream stays", {
  d <- blobs_frame()
  state <- with_test_seed(99, {
    before <- .Random.seed
    a <- twinnet(label ~ ., data = d, hidden = 4, epochs = 5, seed = 11)
    expect_identical(.Random.seed, before)
    TRUE
  })
  expect_true(state)
  b <- twinnet(label ~ ., data = d, hidden = 4, epochs = 5, seed = 11)
  expect_identical(a$network, b$network)
  c <- twinnet(label ~ ., data = d, hidden = 4, epochs = 5, seed = 12)
  expect_false(identical(a$network$weights, c$network$weights))
  # blas mode on both: the defaults give the same numbers as exact to rounding
  e <- twinnet(label ~ ., data = d, hidden = 4, epochs = 5, seed = 11,
               mode = "exact")
  expect_equal(e$network$weights, a$network$weights, tolerance = 1e-12)
})

test_that("the optimisers' settings default to the optimisers' table", {
  d <- blobs_frame()
  f <- twinnet(label ~ ., data = d, hidden = 2, epochs = 1)
  table <- twinnet:::optimizer_defaults()
  expect_identical(f$settings[c("momentum", "beta1", "beta2", "epsilon")],
                   table[c("momentum", "beta1", "beta2", "epsilon")])
  expect_identical(unlist(table), c(momentum = 0.9, beta1 = 0.9, beta2 = 0.999,
                                    epsilon = 1e-8))
})

test_that("rows with missing values: dropped by na.action, NA in predictions", {
  d <- blobs_frame()
  d$x1[3] <- NA
  fit <- twinnet(label ~ ., data = d, hidden = 2, epochs = 2)
  expect_identical(fit$n, nrow(d) - 1L)
  pred <- predict(fit, d)
  expect_length(pred, nrow(d))
  expect_true(is.na(pred[3]))
  expect_false(anyNA(pred[-3]))
  expect_error(twinnet(d[, 1:2], d$label, epochs = 1),
               "x has a missing, NaN or infinite value at row 3, column 1",
               class = "twinnet_error")
})

test_that("print, summary, coef and plot of a fit run and say what they show", {
  d <- blobs_frame()
  fit <- twinnet(label ~ ., data = d, hidden = 3, epochs = 5)
  expect_output(print(fit), "classification of label \\(3 classes: a, b, c\\)")
  expect_output(print(fit), "a 2-3-3 network \\(relu hidden, softmax output")
  s <- summary(fit)
  expect_s3_class(s, "summary.twinnet_fit")
  expect_identical(s$parameters, 2L * 3L + 3L + 3L * 3L + 3L)
  expect_identical(s$epochs, 5L)
  expect_identical(s$final_loss, fit$loss_history[5])
  expect_identical(s$n, nrow(d))
  expect_output(print(s), "training accuracy")
  expect_output(print(s), "1. dense 2 -> 3 \\(xavier\\)")
  cf <- coef(fit)
  expect_length(cf, s$parameters)
  expect_identical(names(cf)[1:4], c("b->h1", "i1->h1", "i2->h1", "b->h2"))
  expect_identical(names(cf)[length(cf)], "h3->o3")
  expect_identical(unname(cf[c("b->h2", "i1->h2", "i2->h2")]),
                   c(fit$network$biases[[1]][1, 2], fit$network$weights[[1]][, 2]))
  path <- tempfile(fileext = ".png")
  grDevices::png(path)
  expect_identical(plot(fit), fit)
  plot(fit, log = "y", main = "a title")
  grDevices::dev.off()
  expect_gt(file.size(path), 0)
})

test_that("networks and mlps get summary, coef and plot too", {
  d <- xor_data()
  net <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 20)
  s <- summary(net)
  expect_s3_class(s, "summary.twinnet_network")
  expect_identical(s$parameters, 13L)
  expect_identical(s$epochs, 20L)
  expect_output(print(s), "twinnet MLP 2-3-1")
  expect_output(print(summary(network())), "not trained yet")
  expect_identical(names(coef(net)),
                   c("b->h1", "i1->h1", "i2->h1", "b->h2", "i1->h2", "i2->h2",
                     "b->h3", "i1->h3", "i2->h3", "b->o", "h1->o", "h2->o",
                     "h3->o"))
  loy <- mlp(c(3, 4, 2, 1), bias = FALSE)
  expect_identical(names(coef(loy))[1:4],
                   c("i1->h1.1", "i2->h1.1", "i3->h1.1", "i1->h1.2"))
  expect_identical(names(coef(loy))[13:17],
                   c("h1.1->h2.1", "h1.2->h2.1", "h1.3->h2.1", "h1.4->h2.1",
                     "h1.1->h2.2"))
  path <- tempfile(fileext = ".png")
  grDevices::png(path)
  expect_identical(plot(net), net)
  expect_error(plot(mlp(c(2, 3, 1))), "has not been trained",
               class = "twinnet_error")
  grDevices::dev.off()
})

test_that("update() refits with a changed setting", {
  d <- blobs_frame()
  fit <- twinnet(label ~ ., data = d, hidden = 3, epochs = 2)
  longer <- update(fit, epochs = 4)
  expect_length(longer$loss_history, 4)
  expect_identical(longer$loss_history[1:2], fit$loss_history)
})

# Saving and loading a fit: the model file's "estimator" entry
# (docs/formats.md). Twin: python/tests/test_sklearn.py.

saved_and_loaded <- function(fit) {
  path <- tempfile(fileext = ".json")
  save_model(fit, path)
  list(fit = load_model(path), data = jsonlite::fromJSON(path, simplifyVector = FALSE),
       path = path)
}

test_that("a saved formula fit loads as a fit that predicts the same", {
  fit <- twinnet(Species ~ ., data = iris, hidden = 3, epochs = 3, mode = "exact")
  out <- saved_and_loaded(fit)
  again <- out$fit
  expect_s3_class(again, "twinnet_fit")
  expect_identical(predict(again, iris), predict(fit, iris))
  expect_identical(predict(again, iris, type = "prob"), predict(fit, iris, type = "prob"))
  expect_identical(again$levels, levels(iris$Species))
  expect_identical(again$inputs, names(iris)[1:4])
  expect_identical(again$loss_history, fit$loss_history)
  entry <- out$data$estimator
  expect_identical(entry$kind, "classifier")
  expect_identical(entry$response, "Species")
  expect_identical(entry$formula,
                   "Species ~ Sepal.Length + Sepal.Width + Petal.Length + Petal.Width")
  expect_identical(entry$rows, 150L)
  expect_identical(entry$settings$batch_size, 150L)
  expect_output(print(again), "classification of Species \\(3 classes")
  expect_error(predict(again), paste0("this fit was loaded from a model file, which keeps ",
                                      "no training data: give newdata"), fixed = TRUE)
})

test_that("a formula fit with a factor predictor keeps its levels and contrasts", {
  cars <- transform(mtcars, cyl = factor(cyl), am = factor(am, labels = c("auto", "manual")))
  fit <- twinnet(am ~ wt + cyl, data = cars, hidden = 2, epochs = 3, mode = "exact")
  again <- saved_and_loaded(fit)$fit
  expect_identical(again$xlevels, list(cyl = c("4", "6", "8")))
  expect_identical(predict(again, cars, type = "prob"), predict(fit, cars, type = "prob"))
  expect_identical(predict(again, cars[5:1, ]), predict(fit, cars[5:1, ]))
})

test_that("a saved twinnet(x, y) regression loads and predicts the same", {
  X <- as.matrix(mtcars[, c("wt", "hp")])
  fit <- twinnet(X, cbind(mpg = mtcars$mpg, qsec = mtcars$qsec), hidden = 3, epochs = 2,
                 mode = "exact")
  out <- saved_and_loaded(fit)
  expect_identical(out$data$estimator$kind, "regressor")
  expect_null(out$data$estimator$formula)
  expect_identical(out$fit$outputs, c("mpg", "qsec"))
  expect_identical(predict(out$fit, X), predict(fit, X))
})

test_that("class labels written as numbers or booleans become factor levels", {
  fit <- twinnet(Species ~ ., data = iris, hidden = 3, epochs = 1, mode = "exact")
  path <- tempfile(fileext = ".json")
  save_model(fit, path)
  data <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  data$estimator$classes <- list(0.5, 2, 10)
  writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, null = "null", digits = NA), path)
  expect_identical(load_model(path)$levels, c("0.5", "2", "10"))
})

test_that("a bad estimator entry is one error naming it", {
  fit <- twinnet(Species ~ Petal.Length + Petal.Width, data = iris, hidden = 3, epochs = 1)
  path <- tempfile(fileext = ".json")
  save_model(fit, path)
  good <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  bad <- function(key, value, message) {
    data <- good
    data$estimator[key] <- list(value)
    writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, null = "null", digits = NA), path)
    expect_error(load_model(path), paste0("model file ", path, ": ", message), fixed = TRUE)
  }
  bad("colour", 1, "'estimator' has unknown keys: colour")
  bad("kind", "svm", "estimator 'kind' must be \"classifier\" or \"regressor\"")
  bad("classes", list("a", "a", "b"),
      "estimator 'classes' must be a list of at least two different labels")
  bad("classes", list("a", "b", "c", "d"),
      paste("estimator: a classifier of 4 classes needs the network to end in softmax",
            "with 4 outputs; it ends in softmax with 3"))
  bad("features", list("a"),
      "estimator 'features' must be null or a list of 2 strings (one per input)")
  bad("settings", list(lr = "fast"), "estimator setting 'lr' must be a number")
  bad("settings", list(epochs = 0), "estimator setting 'epochs' must be a positive whole number")
  bad("settings", list(tol = "small"), "estimator setting 'tol' must be a number")
  bad("settings", list(n_iter_no_change = 2.5),
      "estimator setting 'n_iter_no_change' must be a positive whole number")
})

test_that("plot_network draws a formula fit's network", {
  fit <- twinnet(Species ~ ., data = iris, hidden = 3, epochs = 1)
  out <- plot_network(fit, tempfile(fileext = ".png"))
  expect_identical(out$sizes, c(4L, 3L, 3L))
})

test_that("the command line predicts a saved fit's network outputs", {
  fit <- twinnet(Species ~ ., data = iris, hidden = 3, epochs = 2, mode = "exact")
  model_path <- tempfile(fileext = ".json")
  x_path <- tempfile(fileext = ".csv")
  out_path <- tempfile(fileext = ".csv")
  save_model(fit, model_path)
  utils::write.csv(iris[, 1:4], x_path, row.names = FALSE)
  res <- run_cli(c("predict", "--model", model_path, "--x", x_path, "--out", out_path,
                   "--quiet"))
  expect_identical(res$status, 0L)
  expect_identical(unname(read_matrix(out_path, "P")),
                   unname(predict(fit, iris, type = "prob")))
})

# ------------------------------------------------------------- convergence
# scikit-learn's ConvergenceWarning as an R warning (convergence.R,
# docs/estimators.md "Convergence"). Twin: python/tests/test_sklearn.py;
# parity: parity_tests/test_estimator_parity.py. not_converged: helper-twinnet.R.

test_that("convergence_check decides as scikit-learn on handmade histories", {
  # the decision derived by hand from scikit-learn's rule: after each epoch,
  # count + 1 where loss > best - tol, else 0; best = min(best, loss) (Inf at
  # first, so the first epoch always resets); converged once count > n
  check <- function(history, tol, n, since, epochs) {
    got <- twinnet:::convergence_check(history, tol, n, since = since)
    if (is.null(epochs)) {
      expect_null(got)
    } else {
      expect_identical(got, not_converged(epochs, sprintf("%g", tol), n))
    }
  }
  check(numeric(0), 1e-4, 10, 0, NULL)                      # no epochs
  check(1, 1e-4, 10, 0, 1)                                  # one epoch
  check(rep(1, 11), 1e-4, 10, 0, 11)                        # counts 0..10
  check(rep(1, 12), 1e-4, 10, 0, NULL)                      # counts 0..11
  check(4 - 0.5 * (0:29), 0.5, 10, 0, 30)                   # falls of exactly tol
  check(4 - 0.25 * (0:11), 0.5, 10, 0, NULL)                # falls of half tol
  check(c(1, 2, 3, 4), 1e-4, 2, 0, NULL)                    # rising: counts 0..3
  check(c(3, 3, 3, 2, 2, 2, 1), 0.5, 2, 0, 7)               # counts 0 1 2 0 1 2 0
  check(c(3, 3, 3, 3, 2, 1), 0.5, 2, 0, NULL)               # stalled, then falling
  check(rep(1, 20), 0, 10, 0, 20)                           # tol 0: equal improves
  check(c(rep(1, 12), 0.5), 1e-4, 10, 12, 1)                # since: count runs on
  check(rep(1, 13), 1e-4, 10, 12, NULL)
  check(rep(1, 12), 1e-4, 10, 12, NULL)
})

test_that("no_improvement_update is scikit-learn's count", {
  update <- twinnet:::no_improvement_update
  expect_identical(update(1, Inf, 5L, 1e-4), list(best_loss = 1, count = 0L))
  expect_identical(update(0.95, 1, 5L, 0.1), list(best_loss = 0.95, count = 6L))
  expect_identical(update(0.5, 1, 5L, 0.5), list(best_loss = 0.5, count = 0L))
  expect_identical(update(2, 1, 5L, 0.5), list(best_loss = 1, count = 6L))
})

test_that("convergence_check refuses bad settings with the Python twin's words", {
  check <- twinnet:::convergence_check
  expect_error(check(1, -1, 10), "tol must be a number >= 0, got -1", fixed = TRUE,
               class = "twinnet_error")
  expect_error(check(1, Inf, 10), "tol must be a number >= 0, got Inf", fixed = TRUE)
  expect_error(check(1, 1e-4, 0), "n_iter_no_change must be a positive integer, got 0",
               fixed = TRUE)
  expect_error(check(1, 1e-4, 2.5), "n_iter_no_change must be a positive integer, got 2.5",
               fixed = TRUE)
})

test_that("a fit that has not converged warns, as scikit-learn's ConvergenceWarning", {
  d <- blobs_frame()
  w <- tryCatch(twinnet::twinnet(label ~ ., data = d, hidden = 4, epochs = 30, lr = 0.05),
                warning = function(w) w)
  expect_s3_class(w, "twinnet_convergence_warning")
  expect_identical(class(w), c("twinnet_convergence_warning", "warning", "condition"))
  expect_null(conditionCall(w))
  expect_identical(conditionMessage(w), not_converged(30))
  x <- as.matrix(d[, c("x1", "x2")])
  expect_warning(fit <- twinnet::twinnet(x, x[, 1] * x[, 2], hidden = 4, epochs = 30),
                 not_converged(30), fixed = TRUE, class = "twinnet_convergence_warning")
  # the same decision as the check on the loss history
  expect_identical(twinnet:::convergence_check(fit$loss_history), not_converged(30))
  expect_identical(fit$settings[c("tol", "n_iter_no_change")],
                   list(tol = 1e-4, n_iter_no_change = 10L))
})

test_that("a fit that converged does not warn", {
  d <- blobs_frame()
  # tol = 2: no epoch improves by 2 (the loss falls from 4.04 to 2.92, 1.96, ...),
  # so the count passes 10 at epoch 12
  expect_no_warning(twinnet::twinnet(label ~ ., data = d, hidden = 4, epochs = 12, lr = 0.05,
                                     tol = 2))
  # and 11 epochs are one too few: the count reaches 10, not more
  expect_warning(twinnet::twinnet(label ~ ., data = d, hidden = 4, epochs = 11, lr = 0.05,
                                  tol = 2),
                 not_converged(11, "2", 10), fixed = TRUE)
  # n_iter_no_change = 3: the count passes 3 at epoch 5
  expect_no_warning(twinnet::twinnet(label ~ ., data = d, hidden = 4, epochs = 5, lr = 0.05,
                                     tol = 2, n_iter_no_change = 3))
})

test_that("bad tol and n_iter_no_change are refused before training", {
  d <- blobs_frame()
  expect_error(twinnet::twinnet(label ~ ., data = d, hidden = 2, epochs = 1, tol = -1),
               "tol must be a number >= 0, got -1", fixed = TRUE, class = "twinnet_error")
  expect_error(twinnet::twinnet(label ~ ., data = d, hidden = 2, epochs = 1,
                                n_iter_no_change = 0),
               "n_iter_no_change must be a positive integer, got 0", fixed = TRUE)
  expect_error(twinnet::twinnet(label ~ ., data = d, hidden = 2, epochs = 1, tol = "a"),
               "tol must be a number >= 0, got 'a'", fixed = TRUE)
})

# ---------------------------------------------------- training controls
# twinnet()'s nnet and scikit-learn settings (docs/estimators.md, issue 12):
# each reaches fit() under the layer API's name, bit for bit (exact mode).
# Twin: the "training controls" tests of python/tests/test_sklearn.py.

two_class_frame <- function(n = 90) {
  d <- blobs_frame(n)
  d$label <- factor(ifelse(d$label == "a", "yes", "no"))
  d
}

test_that("alpha, decay, schedules and Nesterov reach fit() as the layer API's settings", {
  d <- blobs_frame()
  X <- as.matrix(d[, c("x1", "x2")])
  Y <- diag(3)[as.integer(d$label), ]
  cases <- list(
    list(twinnet = list(alpha = 0.01), fit = list(alpha = 0.01)),
    # decay alone: alpha's default steps aside
    list(twinnet = list(decay = 0.01), fit = list(alpha = 0, weight_decay = 0.01)),
    list(twinnet = list(optimizer = "momentum", lr_schedule = "invscaling", power_t = 0.25),
         fit = list(optimizer = "momentum", lr_schedule = "invscaling", power_t = 0.25,
                    nesterov = TRUE)),
    list(twinnet = list(optimizer = "sgd", lr_schedule = "adaptive", tol = 0.5),
         fit = list(optimizer = "sgd", lr_schedule = "adaptive", tol = 0.5)),
    list(twinnet = list(optimizer = "momentum", nesterov = FALSE),
         fit = list(optimizer = "momentum", nesterov = FALSE)),
    list(twinnet = list(abstol = 0.9), fit = list(abstol = 0.9))
  )
  for (case in cases) {
    got <- do.call(twinnet, c(list(label ~ ., data = d, hidden = 4, epochs = 6, lr = 0.05,
                                   mode = "exact"), case$twinnet))
    hand <- do.call(by_hand, c(list(X, Y, 4, "softmax", "softmax_cross_entropy", 6,
                                    lr = 0.05), case$fit))
    expect_identical(got$network, hand)
  }
})

test_that("a schedule with adam is refused, not ignored (scikit-learn ignores it)", {
  d <- blobs_frame()
  expect_error(twinnet(label ~ ., data = d, hidden = 2, epochs = 1, lr_schedule = "invscaling"),
               paste("^lr_schedule 'invscaling' is scikit-learn's setting for solver='sgd'",
                     "\\(its adam ignores it\\): use optimizer 'sgd' or 'momentum', or",
                     "lr_schedule 'constant'$"),
               class = "twinnet_error")
})

test_that("a linear regression with alpha is ridge regression with the same alpha", {
  # scikit-learn's MLPRegressor minimises ||y - Xb - c||^2 / (2n) +
  # alpha ||b||^2 / (2n): ridge's ||y - Xb - c||^2 + alpha ||b||^2 divided by
  # 2n, solved here by hand (centred columns, intercept unpenalised). twinnet's
  # mse is twice scikit-learn's squared error, so twinnet() gives the network
  # 2 * alpha (alpha alone would be ridge with alpha / 2). Full-batch gradient
  # descent to convergence: within 1e-9.
  set.seed(5)
  X <- scale(matrix(rnorm(180), 60, 3) %*% diag(c(1, 3, 0.5)))
  y <- drop(X %*% c(1.5, -2, 0.7)) + 0.3 + rnorm(60, sd = 0.5)
  ridge <- function(alpha) {
    centred <- sweep(X, 2, colMeans(X))
    b <- solve(crossprod(centred) + alpha * diag(3), crossprod(centred, y - mean(y)))
    c(drop(b), mean(y) - sum(colMeans(X) * b))
  }
  for (alpha in c(3, 20)) {
    fit <- twinnet(X, y, hidden = NULL, optimizer = "sgd", lr = 0.1, epochs = 3000,
                   batch_size = 60, shuffle = FALSE, tol = 0, n_iter_no_change = 3000,
                   alpha = alpha, mode = "exact")
    got <- c(fit$network$weights[[1]][, 1], fit$network$biases[[1]][1, 1])
    expect_equal(got, ridge(alpha), tolerance = 1e-9, ignore_attr = TRUE)
    expect_gt(max(abs(got - ridge(alpha / 2))), 1e-3)  # the test can tell
  }
})

test_that("alpha and decay together are refused with twinnet()'s names", {
  d <- blobs_frame()
  expect_error(twinnet(label ~ ., data = d, hidden = 2, epochs = 1, alpha = 0.1, decay = 0.1),
               paste("alpha and decay cannot both be > 0: alpha is scikit-learn's penalty",
                     "(weights only), decay nnet's (weights and biases); choose one"),
               fixed = TRUE, class = "twinnet_error")
  expect_error(twinnet(label ~ ., data = d, hidden = 2, epochs = 1, decay = -1),
               "decay must be a number >= 0, got -1", fixed = TRUE)
  expect_error(twinnet(label ~ ., data = d, hidden = 2, epochs = 1, validation_fraction = 1),
               "validation_fraction must be a number in (0, 1), got 1", fixed = TRUE)
  expect_error(twinnet(label ~ ., data = d, hidden = 2, epochs = 1, scale = "yes"),
               "scale must be true or false, got 'yes'", fixed = TRUE, class = "twinnet_error")
  # fit()'s lr decay is not reachable: twinnet()'s decay is nnet's
  expect_error(twinnet(label ~ ., data = d, hidden = 2, epochs = 1, weight_decay = 0.1),
               "unknown argument 'weight_decay'", class = "twinnet_error")
})

test_that("weights are evaluated in data as nnet's and lm's; a weight of 0 drops the row", {
  d <- two_class_frame()
  d$w <- rep(c(1, 0, 2), 30)
  # full batch, in order: a row of weight 0 changes nothing, bit for bit
  weighted <- twinnet(label ~ x1 + x2, data = d, weights = w, hidden = 3, epochs = 5,
                      shuffle = FALSE, mode = "exact", lr = 0.05)
  kept <- d[d$w > 0, ]
  kept$w2 <- kept$w
  dropped <- twinnet(label ~ x1 + x2, data = kept, weights = w2, hidden = 3, epochs = 5,
                     shuffle = FALSE, mode = "exact", lr = 0.05)
  expect_identical(weighted$network$weights, dropped$network$weights)
  expect_identical(weighted$loss_history, dropped$loss_history)
  expect_identical(weighted$weights, d$w)
  expect_output(print(weighted), "case weights")
  # a weight of 2 counts the row twice (to rounding: the sums differ in order)
  twice <- d[rep(seq_len(nrow(d)), d$w), ]
  twice$one <- 1
  repeated <- twinnet(label ~ x1 + x2, data = twice, weights = one, hidden = 3, epochs = 5,
                      shuffle = FALSE, mode = "exact", lr = 0.05)
  expect_equal(weighted$network$weights, repeated$network$weights, tolerance = 1e-12)
  # the default interface takes them as a vector
  X <- as.matrix(d[, c("x1", "x2")])
  by_x <- twinnet(X, d$label, weights = d$w, hidden = 3, epochs = 5, shuffle = FALSE,
                  mode = "exact", lr = 0.05)
  expect_identical(by_x$network$weights, weighted$network$weights)
  # checked with twinnet()'s names before fit() sees them
  expect_error(twinnet(label ~ x1 + x2, data = d, weights = -w, hidden = 3, epochs = 1),
               "^weights must be numbers >= 0, got -1 at row 1$", class = "twinnet_error")
  expect_error(twinnet(X, d$label, weights = d$w[-1], hidden = 3, epochs = 1),
               "^weights has 89 values but x has 90 rows$", class = "twinnet_error")
  expect_error(twinnet(X, d$label, weights = 0 * d$w, hidden = 3, epochs = 1),
               "^weights must not be all zero$", class = "twinnet_error")
})

test_that("a validation set's mistakes are named as twinnet()'s validation", {
  d <- two_class_frame()
  X <- as.matrix(d[, c("x1", "x2")])
  run <- function(validation, ...) {
    twinnet(X, d$label, hidden = 2, epochs = 1, validation = validation, ...)
  }
  expect_error(run(list(x = X[1:5, 1, drop = FALSE], y = d$label[1:5])),
               "^validation x has 1 columns but x has 2$", class = "twinnet_error")
  expect_error(run(list(x = X[1:5, ], y = d$label[1:4])),
               "^validation x has 5 rows but validation y has 4$", class = "twinnet_error")
  expect_error(run(list(x = X[1:5, ], y = d$label[1:5], weights = c(1, 1, -2, 1, 1))),
               "^validation weights must be numbers >= 0, got -2 at row 3$",
               class = "twinnet_error")
  expect_error(run(list(x = X[1:5, ], y = d$label[1:5], weights = 1)),
               "^validation weights has 1 values? but validation x has 5 rows$",
               class = "twinnet_error")
  y2 <- cbind(a = d$x1, b = d$x2)
  expect_error(twinnet(X, y2, hidden = 2, epochs = 1,
                       validation = list(x = X[1:5, ], y = d$x1[1:5])),
               "^validation y has 1 columns but y has 2$", class = "twinnet_error")
  # the formula interface: the weights column of the validation data frame
  d$w <- 1
  v <- d[1:5, ]
  v$w[2] <- -1
  expect_error(twinnet(label ~ x1 + x2, data = d, weights = w, hidden = 2, epochs = 1,
                       validation = v),
               "^validation weights must be numbers >= 0, got -1 at row 2$",
               class = "twinnet_error")
})

test_that("scale = TRUE standardises with the training statistics, in fit and predict", {
  d <- blobs_frame()
  d$x2 <- d$x2 * 1000 + 5000  # columns of very different sizes
  X <- as.matrix(d[, c("x1", "x2")])
  fit <- twinnet(label ~ x1 + x2, data = d, hidden = 4, epochs = 5, mode = "exact",
                 scale = TRUE, lr = 0.05)
  s <- fit_scaler(X)
  expect_identical(fit$scaler, s)
  expect_equal(s$center, colMeans(X), tolerance = 1e-12, ignore_attr = TRUE)
  expect_equal(s$scale, apply(X, 2, stats::sd), tolerance = 1e-12,  # R's sd: n - 1
               ignore_attr = TRUE)
  hand <- by_hand(apply_scaler(s, X), diag(3)[as.integer(d$label), ], 4, "softmax",
                  "softmax_cross_entropy", 5, lr = 0.05)
  expect_identical(fit$network, hand)
  new <- d[c(3, 50, 80), ]
  expect_identical(unname(predict(fit, new, type = "prob")),
                   predict(hand, apply_scaler(s, as.matrix(new[, c("x1", "x2")]))))
  expect_output(print(fit), "inputs standardised")
  expect_match(capture.output(print(summary(fit))), "inputs standardised", all = FALSE)
  # saved and loaded: the statistics come back and predict applies them
  path <- tempfile(fileext = ".json")
  save_model(fit, path)
  back <- load_model(path)
  expect_identical(back$scaler$center, s$center)
  expect_identical(back$scaler$scale, s$scale)
  expect_identical(predict(back, new, type = "prob"), predict(fit, new, type = "prob"))
  expect_output(print(back), "inputs standardised")
})

test_that("early stopping: a stratified split, the best epoch's weights put back", {
  d <- two_class_frame(120)
  X <- as.matrix(d[, c("x1", "x2")])
  Y <- matrix(as.numeric(d$label == "yes"))
  fit <- twinnet(label ~ x1 + x2, data = d, hidden = 5, epochs = 60, lr = 0.05,
                 mode = "exact", early_stopping = TRUE, n_iter_no_change = 3, tol = 0.01)
  hand <- by_hand(X, Y, 5, "sigmoid", "binary_cross_entropy", 60, lr = 0.05,
                  batch_size = 120 - 12, early_stopping = TRUE, validation_fraction = 0.1,
                  stratify = TRUE, validation_score = "accuracy", n_iter_no_change = 3,
                  tol = 0.01)
  expect_identical(fit$network, hand)
  expect_identical(fit$settings$batch_size, 108L)  # min(200, the 108 training rows)
  expect_identical(fit$stop_reason, "early_stopping")
  expect_lt(length(fit$loss_history), 60L)
  expect_length(fit$validation_scores, length(fit$loss_history))
  expect_length(fit$validation_loss_history, length(fit$loss_history))
  best <- fit$best_epoch
  expect_identical(max(fit$validation_scores), fit$validation_scores[best])
  expect_output(print(fit), paste0("stopped early at epoch ", length(fit$loss_history),
                                   " \\(best validation accuracy"))
  expect_output(print(fit), "early stopping on 10% of the rows")
})

test_that("a validation data frame is scored every epoch, its weights from the weights column", {
  d <- blobs_frame(120)
  d$w <- rep(c(1, 2), 60)
  train <- d[1:90, ]
  val <- d[91:120, ]
  fit <- twinnet(label ~ x1 + x2, data = train, weights = w, hidden = 4, epochs = 8,
                 lr = 0.05, mode = "exact", validation = val)
  X <- as.matrix(train[, c("x1", "x2")])
  x_val <- as.matrix(val[, c("x1", "x2")])
  hand <- by_hand(X, diag(3)[as.integer(train$label), ], 4, "softmax",
                  "softmax_cross_entropy", 8, lr = 0.05, sample_weight = train$w,
                  validation_data = list(x_val, diag(3)[as.integer(val$label), ], val$w),
                  validation_score = "accuracy")
  expect_identical(fit$network, hand)
  expect_length(fit$validation_scores, 8L)
  expect_identical(fit$validation_loss_history, hand$validation_loss_history)
  expect_null(fit$best_epoch)
  # the default interface: list(x = , y = , weights = )
  by_x <- twinnet(X, train$label, weights = train$w, hidden = 4, epochs = 8, lr = 0.05,
                  mode = "exact", validation = list(x = x_val, y = val$label, weights = val$w))
  expect_identical(by_x$network, hand)
  expect_error(twinnet(X, train$label, hidden = 4, epochs = 1, validation = val),
               "validation must be list(x = , y = ) or list(x = , y = , weights = )",
               fixed = TRUE, class = "twinnet_error")
  expect_error(twinnet(label ~ x1 + x2, data = train, hidden = 4, epochs = 1,
                       validation = list(x = x_val)),
               "validation must be a data frame with the columns of the formula",
               class = "twinnet_error")
  val$label <- factor(ifelse(val$label == "a", "z", as.character(val$label)))
  expect_error(twinnet(X, train$label, hidden = 4, epochs = 1,
                       validation = list(x = x_val, y = val$label)),
               "validation y has classes not in the fit's levels (a, b, c): z", fixed = TRUE)
})

test_that("plot(fit) draws the validation curve beside the training curve", {
  d <- blobs_frame()
  fit <- twinnet(label ~ x1 + x2, data = d, hidden = 4, epochs = 8, lr = 0.05,
                 early_stopping = TRUE, scale = TRUE)
  path <- tempfile(fileext = ".png")
  grDevices::png(path)
  expect_identical(plot(fit), fit)
  grDevices::dev.off()
  expect_gt(file.size(path), 0)
})
