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
