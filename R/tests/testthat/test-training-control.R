# Progress lines, interrupts, the on_epoch callback and checkpoints that
# resume to the bits of an uninterrupted run.
# Twin: python/tests/test_training_control.py.

blobs_data <- function() {
  d <- make_blobs(n = 60, centers = 3, seed = 1)
  list(X = d$X, Y = one_hot(d$y, 3))
}

blob_net <- function() {
  net <- network(seed = 3, mode = "exact")
  net <- add(net, dense(2, 5, init = "he"))
  net <- add(net, activation("relu"))
  net <- add(net, dense(5, 3))
  net <- add(net, activation("softmax"))
  use(net, "softmax_cross_entropy")
}

fit_blobs <- function(net, epochs, ...) {
  d <- blobs_data()
  fit(net, d$X, d$Y, epochs, lr = 0.01, batch_size = 7, shuffle = TRUE,
      optimizer = "adam", decay = 0.1, ...)
}

test_that("the progress line shows epoch, loss, elapsed time and ETA", {
  expect_identical(twinnet:::progress_line(120, 5000, 0.01234, 3.2),
                   "epoch 120/5000  loss 0.01234  elapsed 0:00:03  ETA 0:02:10")
})

test_that("progress is written when asked and not when standard error is not a terminal", {
  bar <- twinnet:::progress_start(3, enabled = TRUE)
  bar$start <- bar$start - 10
  out <- capture.output(
    {
      for (epoch in 1:3) twinnet:::progress_update(bar, epoch, 0.5)
      twinnet:::progress_close(bar)
    },
    type = "message"
  )
  expect_match(paste(out, collapse = "\n"), "epoch 3/3  loss 0.5")
  quiet <- twinnet:::progress_start(3)
  expect_identical(quiet$enabled, isatty(stderr()))
  expect_silent(fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 5, progress = FALSE))
})

test_that("an interrupt stops training and keeps every epoch done", {
  interrupt_at_3 <- function(epoch, loss) {
    if (epoch == 3) {
      signalCondition(structure(class = c("interrupt", "condition"),
                                list(message = "", call = NULL)))
    }
  }
  expect_message(
    model <- fit(mlp(c(4, 3, 1), mode = "exact"), toy_X(), toy_y(), 100,
                 on_epoch = interrupt_at_3),
    "stopped after epoch 3"
  )
  expect_length(model$loss_history, 3)
  expect_identical(model, fit(mlp(c(4, 3, 1), mode = "exact"), toy_X(), toy_y(), 3))
})

test_that("on_epoch sees every epoch and can stop training", {
  seen <- list()
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 3)
  model <- fit(model, toy_X(), toy_y(), 10, on_epoch = function(epoch, loss) {
    seen[[length(seen) + 1L]] <<- c(epoch, loss)
    epoch == 7
  })
  expect_identical(vapply(seen, `[`, numeric(1), 1), c(4, 5, 6, 7))
  expect_identical(vapply(seen, `[`, numeric(1), 2), model$loss_history[4:7])
})

test_that("checkpoints resume an mlp to the bits of an uninterrupted run", {
  path <- tempfile(fileext = ".json")
  whole <- fit(mlp(c(4, 3, 1), mode = "exact"), toy_X(), toy_y(), 10)
  fit(mlp(c(4, 3, 1), mode = "exact"), toy_X(), toy_y(), 10,
      checkpoint_every = 4, checkpoint_path = path)
  resumed <- load_model(path)
  expect_length(resumed$loss_history, 8)
  resumed <- fit(resumed, toy_X(), toy_y(), 2)
  expect_identical(resumed, whole)
})

test_that("checkpoints resume shuffled Adam training exactly", {
  path <- tempfile(fileext = ".json")
  whole <- fit_blobs(blob_net(), 10)
  fit_blobs(blob_net(), 10, checkpoint_every = 4, checkpoint_path = path)
  resumed <- load_model(path)
  expect_length(resumed$loss_history, 8)
  resumed <- fit_blobs(resumed, 2)
  expect_identical(resumed$weights, whole$weights)
  expect_identical(resumed$biases, whole$biases)
  expect_identical(resumed$loss_history, whole$loss_history)
  expect_identical(resumed$rng_state, whole$rng_state)
  expect_identical(resumed$optimizer, whole$optimizer)
})

test_that("checkpoint_every needs a path", {
  expect_error(fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 2, checkpoint_every = 1),
               "checkpoint_every needs a checkpoint_path", class = "twinnet_error")
})

# ---- Training controls (issue 12): sample weights, penalties, schedules,
# Nesterov, tol, early stopping, validation sets and scores, abstol.

control_data <- function(n = 16, seed = 11) {
  with_test_seed(seed, { # nolint: object_usage_linter. (helper-twinnet.R)
    X <- matrix(rnorm(n * 3), n, 3)
    list(X = X, y = as.numeric(X[, 1] + 0.5 * X[, 2] > 0), w = runif(n) * 2,
         Xv = matrix(rnorm(6 * 3), 6, 3))
  })
}

control_net <- function(loss = "binary_cross_entropy", output = "sigmoid", k = 1, seed = 4,
                        mode = "exact") {
  net <- network(seed = seed, mode = mode)
  net <- add(net, dense(3, 4, init = "xavier"))
  net <- add(net, activation("tanh"))
  net <- add(net, dense(4, k, init = "xavier"))
  net <- add(net, activation(output))
  use(net, loss)
}

test_that("tol stops once the loss has not improved by tol for more than n_iter_no_change epochs", {
  d <- control_data()
  # a tol larger than any loss: epoch 1 sets the best, every later epoch counts
  net <- expect_silent(fit(control_net(), d$X, d$y, 50, lr = 0.1, tol = 1e9,
                           n_iter_no_change = 3))
  expect_length(net$loss_history, 5)
  expect_identical(net$stop_reason, "tol")
  expect_null(net$best_epoch)
  # tol = 0 on a falling loss never stops, and the fit warns
  expect_warning(net <- fit(control_net(), d$X, d$y, 4, lr = 0.1, tol = 0),
                 not_converged(4, "0"), fixed = TRUE, class = "twinnet_convergence_warning")
  expect_length(net$loss_history, 4)
  expect_null(net$stop_reason)
  # without tol: never stops, never warns
  expect_silent(fit(control_net(), d$X, d$y, 4, lr = 0.1))
})

test_that("the warning names what early stopping watched", {
  d <- control_data()
  tail <- paste(" its best by tol = 0 or more within n_iter_no_change = 10 epochs of the end;",
                "train for more epochs (max_iter / epochs) or with a larger learning rate",
                "(learning_rate_init / lr)")
  for (case in list(list(NULL, "validation loss fell below"),
                    list("accuracy", "validation score rose above"))) {
    expect_warning(fit(control_net(), d$X, d$y, 3, lr = 0.1, tol = 0, early_stopping = TRUE,
                       validation_fraction = 0.25, validation_score = case[[1]]),
                   paste0("training did not converge in 3 epochs: the ", case[[2]], tail),
                   fixed = TRUE, class = "twinnet_convergence_warning")
  }
})

test_that("abstol stops after the first epoch whose loss is below it", {
  d <- control_data()
  whole <- fit(control_net(), d$X, d$y, 30, lr = 0.5)$loss_history
  abstol <- whole[12]  # the loss falls: epoch 13 is the first below it
  expect_true(all(diff(whole) < 0))
  net <- fit(control_net(), d$X, d$y, 30, lr = 0.5, abstol = abstol)
  expect_identical(net$loss_history, whole[1:13])
  expect_identical(net$stop_reason, "abstol")
})

test_that("adaptive divides the rate by 5 each time the loss stalls", {
  d <- control_data()
  # tol huge, n_iter_no_change 1: epochs 1-3 at lr, 4-5 at lr / 5, 6-7 at lr / 25
  expect_warning(
    adaptive <- fit(control_net(), d$X, d$y, 7, lr = 0.4, lr_schedule = "adaptive", tol = 1e9,
                    n_iter_no_change = 1),
    class = "twinnet_convergence_warning"
  )
  by_hand <- fit(control_net(), d$X, d$y, 3, lr = 0.4)
  by_hand <- fit(by_hand, d$X, d$y, 2, lr = 0.4 / 5)
  by_hand <- fit(by_hand, d$X, d$y, 2, lr = 0.4 / 25)
  expect_identical(adaptive$weights, by_hand$weights)
  expect_identical(adaptive$loss_history, by_hand$loss_history)
  expect_null(adaptive$stop_reason)
})

test_that("invscaling trains epoch t at lr / (t * n + 1)^power_t", {
  d <- control_data()
  net <- fit(control_net(), d$X, d$y, 4, lr = 0.5, lr_schedule = "invscaling", power_t = 0.7)
  by_hand <- control_net()
  for (done in 0:3) {
    by_hand <- fit(by_hand, d$X, d$y, 1, lr = 0.5 / (done * 16 + 1)^0.7)
  }
  expect_equal(net$weights, by_hand$weights, tolerance = 1e-14)
  expect_equal(net$loss_history, by_hand$loss_history, tolerance = 1e-14)
  expect_false(identical(net$weights, fit(control_net(), d$X, d$y, 4, lr = 0.5)$weights))
})

test_that("Nesterov's first step from rest is plain descent at lr * (1 + momentum)", {
  d <- control_data()
  nesterov <- fit(control_net(), d$X, d$y, 1, lr = 0.3, optimizer = "momentum",
                  momentum = 0.9, nesterov = TRUE)
  plain <- fit(control_net(), d$X, d$y, 1, lr = 0.3 * 1.9)
  momentum <- fit(control_net(), d$X, d$y, 1, lr = 0.3, optimizer = "momentum", momentum = 0.9)
  expect_equal(nesterov$weights, plain$weights, tolerance = 1e-14)
  expect_false(isTRUE(all.equal(momentum$weights, plain$weights)))
  # a second step: the velocity carries over and nesterov looks ahead
  two <- fit(nesterov, d$X, d$y, 1, lr = 0.3, optimizer = "momentum", momentum = 0.9,
             nesterov = TRUE)
  g <- gradients(nesterov, d$X, d$y)
  v <- Map(function(g1, g2) 0.9 * (-0.3 * g1) - 0.3 * g2,
           gradients(control_net(), d$X, d$y)$weights, g$weights)
  expected <- Map(function(p, v, g) p + (0.9 * v - 0.3 * g), nesterov$weights, v, g$weights)
  expect_identical(two$weights, expected)
})

test_that("2 epochs then 3 give the bits of 5 (stopping state, rate and histories replayed)", {
  d <- control_data()
  args <- list(lr = 0.6, optimizer = "momentum", nesterov = TRUE, batch_size = 5,
               shuffle = TRUE, lr_schedule = "adaptive", tol = 1e-3, n_iter_no_change = 1,
               sample_weight = d$w, alpha = 0.01, validation_score = "accuracy",
               validation_data = list(d$Xv, c(0, 1, 1, 0, 1, 0)))
  quietly <- function(...) suppressWarnings(do.call(fit, list(...)), classes = "warning")
  # tol 1e9: every epoch after the first counts, so the rate falls after
  # epochs 3 and 5: only a replayed count gives the uninterrupted run's rates
  for (tol in c(1e-3, 1e9)) {
    args$tol <- tol
    five <- do.call(quietly, c(list(control_net(), d$X, d$y, 5), args))
    two <- do.call(quietly, c(list(control_net(), d$X, d$y, 2), args))
    then <- do.call(quietly, c(list(two, d$X, d$y, 3), args))
    for (field in c("weights", "biases", "loss_history", "validation_loss_history",
                    "validation_score_history", "stop_reason", "optimizer", "rng_state")) {
      expect_identical(then[[field]], five[[field]], info = paste(field, tol))
    }
    expect_length(five$validation_score_history, 5)
  }
})

test_that("early stopping puts back the weights of the best validation epoch", {
  d <- control_data()
  val <- list(d$Xv, c(1, 1, 1, 0, 0, 0))
  net <- fit(control_net(), d$X, d$y, 60, lr = 2, tol = 1e-4, n_iter_no_change = 2,
             early_stopping = TRUE, validation_data = val)
  expect_identical(net$stop_reason, "early_stopping")
  losses <- net$validation_loss_history
  expect_length(losses, length(net$loss_history))
  expect_identical(net$best_epoch, which.min(losses))
  expect_lt(net$best_epoch, length(losses))
  # the same run stopped at the best epoch, without early stopping
  best <- fit(control_net(), d$X, d$y, net$best_epoch, lr = 2, validation_data = val)
  expect_identical(net$weights, best$weights)
  expect_identical(net$biases, best$biases)
  expect_identical(predict(net, d$Xv), predict(best, d$Xv))
  # a score is watched higher-is-better
  scored <- fit(control_net(), d$X, d$y, 60, lr = 2, tol = 0, n_iter_no_change = 2,
                early_stopping = TRUE, validation_data = val, validation_score = "accuracy")
  expect_identical(scored$best_epoch, which.max(scored$validation_score_history))
})

test_that("the validation loss is the objective on the validation rows at the epoch's weights", {
  d <- control_data()
  yv <- c(0, 1, 1, 0, 1, 0)
  wv <- c(1, 2, 0.5, 0, 3, 1)
  for (penalty in list(list(alpha = 0.1), list(weight_decay = 0.01), list())) {
    net <- do.call(fit, c(list(control_net(), d$X, d$y, 3, lr = 0.3,
                               validation_data = list(d$Xv, yv, wv),
                               validation_score = "accuracy"), penalty))
    expect_identical(net$validation_loss_history[3],
                     do.call(compute_loss, c(list(net, d$Xv, yv, sample_weight = wv), penalty)))
    right <- as.numeric((predict(net, d$Xv) > 0.5) == yv)
    expect_equal(net$validation_score_history[3], sum(right * wv) / sum(wv))
  }
})

test_that("validation histories stay as long as loss_history, NaN where an epoch had none", {
  d <- control_data()
  net <- fit(control_net(), d$X, d$y, 2, lr = 0.3)
  expect_length(net$validation_loss_history, 0)
  net <- fit(net, d$X, d$y, 2, lr = 0.3, validation_fraction = 0.25)
  expect_identical(is.nan(net$validation_loss_history), c(TRUE, TRUE, FALSE, FALSE))
  expect_length(net$validation_score_history, 0)
  net <- fit(net, d$X, d$y, 1, lr = 0.3)
  expect_length(net$validation_loss_history, 5)
  expect_true(is.nan(net$validation_loss_history[5]))
})

test_that("a validation split holds out ceiling(fraction * n) rows from the network's stream", {
  d <- control_data()
  net <- control_net()
  split <- validation_split(16, 0.3, net$rng_state)
  expect_length(split$validation, 5)
  expect_identical(sort(c(split$train, split$validation)), 1:16)
  # the training rows alone, trained without a split, give the same weights
  # (full batch: the stream is not read again)
  fitted <- fit(net, d$X, d$y, 3, lr = 0.3, validation_fraction = 0.3)
  alone <- fit(net, d$X[split$train, ], d$y[split$train], 3, lr = 0.3,
               validation_data = list(d$X[split$validation, ], d$y[split$validation]))
  expect_identical(fitted$weights, alone$weights)
  expect_identical(fitted$validation_loss_history, alone$validation_loss_history)
  expect_identical(fitted$rng_state, split$rng_state)
})

test_that("a stratified split takes each class in proportion", {
  keys <- rep(c(0, 1, 2), c(10, 5, 5))
  for (seed in 1:5) {
    split <- validation_split(20, 0.4, network(seed = seed)$rng_state, keys)
    expect_identical(as.vector(table(keys[split$validation])), c(4L, 2L, 2L))
  }
  # quotas 7 * 3/10 = 2.1 and 7 * 7/10 = 4.9: the leftover row goes to the larger remainder
  split <- validation_split(10, 0.7, network(seed = 1)$rng_state, rep(c(5, 9), c(3, 7)))
  expect_identical(as.vector(table(factor(rep(c(5, 9), c(3, 7))[split$validation]))),
                   c(2L, 5L))
  expect_identical(twinnet:::stratify_keys(rbind(c(0, 1, 0), c(1, 0, 0), c(0, 0, 1))),
                   c(1, 0, 2))
  expect_identical(twinnet:::stratify_keys(cbind(c(0, 1, 1, 0))), c(0, 1, 1, 0))
  # numbers to regress on have no classes: a split by distinct values would
  # always hold out the smallest targets
  msg <- paste("stratify needs class targets (one column of 0 and 1, or one-hot rows: one 1",
               "per row, zeros elsewhere); row 2 of Y is not")
  expect_error(twinnet:::stratify_keys(cbind(c(0, 2.5, 1))), msg, fixed = TRUE,
               class = "twinnet_error")
  expect_error(twinnet:::stratify_keys(rbind(c(0, 1, 0), c(0.5, 0.5, 0))), msg, fixed = TRUE)
  expect_error(twinnet:::stratify_keys(rbind(c(0, 1, 0), c(1, 1, 0))), msg, fixed = TRUE)
})

test_that("weights of ones give the unweighted bits, zero weights drop their rows", {
  d <- control_data()
  nets <- list(control_net(), control_net("mse", "identity"), control_net("sse", "sigmoid"),
               control_net("half_sse", "tanh"))
  for (net in nets) {
    expect_identical(fit(net, d$X, d$y, 3, lr = 0.2, sample_weight = rep(1, 16)),
                     fit(net, d$X, d$y, 3, lr = 0.2), info = net$loss)
    keep <- d$w > 0.6
    w01 <- as.numeric(keep)
    expect_identical(fit(net, d$X, d$y, 3, lr = 0.2, sample_weight = w01)$weights,
                     fit(net, d$X[keep, ], d$y[keep], 3, lr = 0.2)$weights, info = net$loss)
    ww <- ifelse(keep, d$w, 0)
    expect_identical(fit(net, d$X, d$y, 3, lr = 0.2, sample_weight = ww)$weights,
                     fit(net, d$X[keep, ], d$y[keep], 3, lr = 0.2,
                         sample_weight = d$w[keep])$weights, info = net$loss)
  }
  Y3 <- diag(3)[rep(1:3, length.out = 16), ]
  soft <- control_net("softmax_cross_entropy", "softmax", k = 3)
  expect_identical(fit(soft, d$X, Y3, 3, lr = 0.2, sample_weight = rep(1, 16)),
                   fit(soft, d$X, Y3, 3, lr = 0.2))
})

test_that("whole-number weights count a row that many times (sum losses) or weigh the mean", {
  d <- control_data()
  counts <- rep(c(1, 2, 3, 0), 4)
  rows <- rep(seq_len(16), counts)
  for (net in list(control_net(), control_net("mse", "identity"), control_net("sse"))) {
    expect_equal(compute_loss(net, d$X, d$y, sample_weight = counts),
                 compute_loss(net, d$X[rows, ], d$y[rows]), tolerance = 1e-14)
    expect_equal(gradients(net, d$X, d$y, sample_weight = counts),
                 gradients(net, d$X[rows, ], d$y[rows]), tolerance = 1e-13)
  }
})

test_that("the penalties add scikit-learn's and nnet's terms", {
  d <- control_data()
  net <- control_net("mse", "identity")
  base <- compute_loss(net, d$X, d$y)
  squares <- sum(vapply(net$weights, function(W) sum(W^2), 0))
  all_squares <- squares + sum(vapply(net$biases, function(b) sum(b^2), 0))
  expect_equal(compute_loss(net, d$X, d$y, alpha = 0.3), base + 0.5 * 0.3 * squares / 16,
               tolerance = 1e-15)
  expect_equal(compute_loss(net, d$X, d$y, sample_weight = d$w, alpha = 0.3),
               compute_loss(net, d$X, d$y, sample_weight = d$w) +
                 0.5 * 0.3 * squares / sum(d$w), tolerance = 1e-15)
  # nnet's decay is added to its summed criterion; the mse divides that by the
  # 16 rows (one column), so the penalty too
  expect_equal(compute_loss(net, d$X, d$y, weight_decay = 0.02),
               (16 * base + 0.02 * all_squares) / 16, tolerance = 1e-15)
  g <- gradients(net, d$X, d$y)
  ga <- gradients(net, d$X, d$y, alpha = 0.3)
  expect_identical(ga$biases, g$biases)
  expect_equal(ga$weights[[1]], g$weights[[1]] + 0.3 * net$weights[[1]] / 16)
  gd <- gradients(net, d$X, d$y, weight_decay = 0.02)
  expect_equal(gd$biases[[2]], g$biases[[2]] + 0.04 * net$biases[[2]] / 16)
  # the sum losses: sse as nnet's criterion, half_sse half of it
  for (case in list(list("sse", 1), list("half_sse", 2))) {
    net_s <- use(net, case[[1]])
    sse <- sum((d$y - predict(net_s, d$X))^2)
    expect_equal(compute_loss(net_s, d$X, d$y, weight_decay = 0.02),
                 (sse + 0.02 * all_squares) / case[[2]], tolerance = 1e-15)
  }
})

test_that("nnet's value (decay, case weights, linout) is twinnet's sse plus weight_decay", {
  skip_if_not_installed("nnet")
  d <- with_test_seed(3, list(X = matrix(rnorm(20 * 3), 20), Y = matrix(rnorm(40), 20),
                              w = runif(20) * 3))
  net <- network(seed = 5, mode = "exact")
  net <- add(net, dense(3, 4))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(4, 2))
  net <- add(net, activation("identity"))
  net <- use(net, "sse")
  net <- fit(net, d$X, d$Y, 3, lr = 0.01, sample_weight = d$w, weight_decay = 0.01)
  # nnet's order: per unit of each layer, its bias then its incoming weights
  wts <- unlist(Map(function(W, b) as.vector(rbind(b, W)), net$weights, net$biases))
  for (decay in c(0, 0.01, 0.3)) {
    nn <- nnet::nnet(d$X, d$Y, size = 4, Wts = wts, maxit = 0, decay = decay, weights = d$w,
                     linout = TRUE, trace = FALSE)
    expect_equal(unname(predict(nn, d$X)), predict(net, d$X), tolerance = 1e-14)
    expect_equal(nn$value, compute_loss(net, d$X, d$Y, sample_weight = d$w,
                                        weight_decay = decay), tolerance = 1e-13)
  }
})

test_that("the training controls refuse what they cannot do", {
  d <- control_data()
  net <- control_net()
  refused <- function(...) twinnet_error_message(fit(net, d$X, d$y, 2, ...))
  expect_identical(refused(alpha = 0.1, weight_decay = 0.1),
                   paste("alpha and weight_decay cannot both be > 0: alpha is scikit-learn's",
                         "penalty (weights only), weight_decay nnet's (weights and biases);",
                         "choose one"))
  expect_identical(refused(decay = 0.1, lr_schedule = "adaptive", tol = 0),
                   "decay > 0 needs lr_schedule constant, got lr_schedule adaptive")
  expect_identical(refused(nesterov = TRUE, optimizer = "adam"),
                   "nesterov needs optimizer momentum, got optimizer adam")
  expect_identical(refused(lr_schedule = "adaptive"),
                   "lr_schedule adaptive needs tol (a number >= 0)")
  expect_identical(refused(early_stopping = TRUE, tol = 0),
                   paste("early_stopping needs a validation set: validation_data or",
                         "validation_fraction"))
  expect_identical(refused(early_stopping = TRUE, validation_fraction = 0.2),
                   "early_stopping needs tol (a number >= 0)")
  expect_identical(refused(validation_fraction = 0.2, validation_data = list(d$X, d$y)),
                   "validation_data and validation_fraction cannot both be given; choose one")
  expect_identical(refused(stratify = TRUE), "stratify needs validation_fraction")
  expect_identical(refused(validation_score = "r2"),
                   paste("validation_score needs a validation set: validation_data or",
                         "validation_fraction"))
  expect_identical(refused(validation_fraction = 1), paste(
    "validation_fraction must be a number in (0, 1), got 1"))
  expect_identical(refused(validation_fraction = 0.97), paste(
    "validation_fraction 0.97 leaves no rows for training out of 16; give a smaller",
    "validation_fraction or more rows"))
  expect_identical(refused(sample_weight = rep(1, 3)),
                   "sample_weight has 3 values but X has 16 rows")
  expect_identical(refused(sample_weight = c(1, -2, rep(1, 14))),
                   "sample_weight must be numbers >= 0, got -2 at row 2")
  expect_identical(refused(sample_weight = rep(0, 16)), "sample_weight must not be all zero")
  expect_identical(refused(sample_weight = matrix(1, 16, 2)),
                   "sample_weight must be one column, got 2")
  expect_identical(refused(validation_data = list(d$Xv[, 1:2], d$y[1:6])),
                   "X_val has 2 columns but the input layer has 3 units")
  expect_identical(refused(validation_data = list(d$Xv, d$y[1:6], rep(1, 5))),
                   "sample_weight_val has 5 values but X_val has 6 rows")
  expect_identical(refused(validation_data = d$Xv), paste(
    "validation_data must be list(X_val, Y_val) or list(X_val, Y_val, sample_weight_val)"))
  expect_identical(refused(early_stopping = TRUE, tol = 0, validation_fraction = 0.2,
                           checkpoint_every = 1, checkpoint_path = tempfile()),
                   paste("early_stopping cannot be used with checkpoint_every: checkpoints do",
                         "not keep the best weights early stopping restores"))
  expect_identical(twinnet_error_message(compute_loss(net, d$X, d$y, alpha = -1)),
                   "alpha must be a number >= 0, got -1")
})

test_that("an mlp passes every training control through", {
  d <- control_data()
  model <- mlp(c(3, 4, 1), lr = 0.5, mode = "exact", loss = "binary_cross_entropy")
  fitted <- fit(model, d$X, d$y, 40, sample_weight = d$w, alpha = 0.01, tol = 1e-3,
                n_iter_no_change = 1, early_stopping = TRUE, validation_fraction = 0.25,
                stratify = TRUE, validation_score = "accuracy")
  net <- model
  class(net) <- class(net)[-1]
  direct <- fit(net, d$X, d$y, 40, lr = 0.5, sample_weight = d$w, alpha = 0.01, tol = 1e-3,
                n_iter_no_change = 1, early_stopping = TRUE, validation_fraction = 0.25,
                stratify = TRUE, validation_score = "accuracy")
  expect_identical(fitted$weights, direct$weights)
  expect_identical(fitted$best_epoch, direct$best_epoch)
  expect_identical(fitted$stop_reason, "early_stopping")
})

test_that("fit() refuses an argument it does not know instead of ignoring it", {
  # Python's fit refuses an unknown keyword itself (TypeError)
  net <- add(add(network(seed = 1), dense(2, 1)), activation("sigmoid"))
  net <- use(net, "half_sse")
  X <- matrix(c(0, 1, 0, 1, 0, 0, 1, 1), 4, 2)
  y <- c(0, 1, 1, 0)
  expect_error(fit(net, X, y, 2, aplha = 0.1),
               "fit() got an unknown argument 'aplha'", fixed = TRUE, class = "twinnet_error")
  # an mlp's lr is set when it is made: fit(..., lr = ) would have been ignored
  expect_error(fit(mlp(c(2, 1)), X, y, 2, lr = 0.5),
               "fit() got an unknown argument 'lr'", fixed = TRUE, class = "twinnet_error")
})
