# The training controls of fit() (docs/algorithm.md, "Training controls"):
# the checks of what fit() takes besides its data and optimiser (penalties,
# schedules, stopping, the validation set), the validation split, the
# learning-rate schedules, the validation set's loss and score, and the state
# of one fit's run.
# A run (fit_start) holds the checked controls, the training rows, the
# validation set, the stopping rule's state (best, count and the adaptive
# rate, replayed over the earlier epochs so that fits continue where the last
# one ended), early stopping's best weights and the stop reason.
# fit.twinnet_network (network.R) trains each epoch and hands it to the run:
# fit_rate before it, fit_epoch after it, fit_result at the end.
# Twin: python/src/twinnet/controls.py, the same functions in the same order,
# the same messages. R's run collects the epochs and fit_result returns a new
# network; Python's network is updated in place (its histories grow epoch by
# epoch). The learning-rate schedules' names are config.R's lr_schedules.

# fit's training controls, checked in the order Python checks them (the first
# wrong one gives the same message in both): a list of the checked values.
check_controls <- function(optimizer, decay, checkpoint_every, alpha, weight_decay,
                                   lr_schedule, power_t, nesterov, tol, n_iter_no_change,
                                   early_stopping, validation_data, validation_fraction,
                                   stratify, validation_score, abstol) {
  c <- list(alpha = check_number_in("alpha", alpha, 0, Inf))
  c$weight_decay <- check_number_in("weight_decay", weight_decay, 0, Inf)
  if (c$alpha > 0 && c$weight_decay > 0) {
    twinnet_stop("alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty ",
                 "(weights only), weight_decay nnet's (weights and biases); choose one")
  }
  c$lr_schedule <- check_choice("lr_schedule", lr_schedule, lr_schedules)
  c$power_t <- check_number_in("power_t", power_t, 0, Inf)
  if (decay > 0 && c$lr_schedule != "constant") {
    twinnet_stop("decay > 0 needs lr_schedule constant, got lr_schedule ", c$lr_schedule)
  }
  c$nesterov <- check_flag("nesterov", nesterov)
  if (c$nesterov && optimizer != "momentum") {
    twinnet_stop("nesterov needs optimizer momentum, got optimizer ", optimizer)
  }
  c["tol"] <- list(if (!is.null(tol)) check_number_in("tol", tol, 0, Inf))
  c$n_iter_no_change <- check_positive_integer("n_iter_no_change", n_iter_no_change)
  if (c$lr_schedule == "adaptive" && is.null(c$tol)) {
    twinnet_stop("lr_schedule adaptive needs tol (a number >= 0)")
  }
  c$early_stopping <- check_flag("early_stopping", early_stopping)
  c["validation_fraction"] <- list(if (!is.null(validation_fraction)) {
    check_open_interval("validation_fraction", validation_fraction, 0, 1)
  })
  c$stratify <- check_flag("stratify", stratify)
  c["validation_score"] <- list(if (!is.null(validation_score)) {
    check_choice("validation_score", validation_score, names(scores))
  })
  c["abstol"] <- list(if (!is.null(abstol)) check_number_in("abstol", abstol, 0, Inf))
  check_val_controls(c, validation_data, validation_fraction, checkpoint_every)
}

# The validation controls that need each other, checked after every single
# one: c (the checked controls) as it is (apart from check_controls, to keep
# R's cyclomatic complexity in bounds).
check_val_controls <- function(c, validation_data, validation_fraction,
                                       checkpoint_every) {
  if (!is.null(validation_data) && !is.null(validation_fraction)) {
    twinnet_stop("validation_data and validation_fraction cannot both be given; choose one")
  }
  has_val <- !is.null(validation_data) || !is.null(validation_fraction)
  if (c$early_stopping && !has_val) {
    twinnet_stop("early_stopping needs a validation set: validation_data or ",
                 "validation_fraction")
  }
  if (c$early_stopping && is.null(c$tol)) {
    twinnet_stop("early_stopping needs tol (a number >= 0)")
  }
  if (c$stratify && is.null(validation_fraction)) {
    twinnet_stop("stratify needs validation_fraction")
  }
  if (!is.null(c$validation_score) && !has_val) {
    twinnet_stop("validation_score needs a validation set: validation_data or ",
                 "validation_fraction")
  }
  if (c$early_stopping && !is.null(checkpoint_every)) {
    twinnet_stop("early_stopping cannot be used with checkpoint_every: checkpoints do not ",
                 "keep the best weights early stopping restores")
  }
  c
}

# validation_data, list(X_val, Y_val) or list(X_val, Y_val, sample_weight_val),
# each checked as the training data: list(X, Y, w) (w NULL when not given);
# NULL without one.
check_validation_data <- function(net, data) {
  if (is.null(data)) return(NULL)
  if (!is.list(data) || is.data.frame(data) || !(length(data) %in% c(2L, 3L))) {
    twinnet_stop("validation_data must be list(X_val, Y_val) or ",
                 "list(X_val, Y_val, sample_weight_val)")
  }
  checked <- network_check_data(net, data[[1]], data[[2]], c("X_val", "Y_val"))
  w <- if (length(data) == 3L && !is.null(data[[3]])) {
    check_sample_weight("sample_weight_val", data[[3]], nrow(checked$X), "X_val")
  }
  list(X = checked$X, Y = checked$Y, w = w)
}

# sample_weight, alpha and weight_decay of train_step, compute_loss and
# gradients, checked as fit checks them: list(w, alpha, weight_decay).
check_loss_settings <- function(X, sample_weight, alpha, weight_decay) {
  alpha <- check_number_in("alpha", alpha, 0, Inf)
  weight_decay <- check_number_in("weight_decay", weight_decay, 0, Inf)
  if (alpha > 0 && weight_decay > 0) {
    twinnet_stop("alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty ",
                 "(weights only), weight_decay nnet's (weights and biases); choose one")
  }
  w <- if (!is.null(sample_weight)) {
    check_sample_weight("sample_weight", sample_weight, nrow(X), "X")
  }
  list(w = w, alpha = alpha, weight_decay = weight_decay)
}

# The key of each row for a stratified split: its Y value (one column) or
# the 0-based column of its first largest value (several columns).
stratify_keys <- function(Y) {
  Y <- as.matrix(Y)
  bad <- if (ncol(Y) == 1L) {
    Y[, 1] != 0 & Y[, 1] != 1
  } else {
    !(apply(Y == 0 | Y == 1, 1L, all) & rowSums(Y) == 1)
  }
  if (any(bad)) {
    twinnet_stop("stratify needs class targets (one column of 0 and 1, or one-hot rows: one 1 ",
                 "per row, zeros elsewhere); row ", which(bad)[1], " of Y is not")
  }
  if (ncol(Y) == 1L) return(as.numeric(Y[, 1]))
  as.numeric(max.col(Y, ties.method = "first") - 1L)
}

#' The rows of a validation split
#'
#' fit()'s `validation_fraction`: one permutation `sample.int(n)` from the
#' stream `rng_state`; `ceiling(fraction * n)` rows go to the validation set.
#' Without keys they are the permutation's first rows; with keys (one per
#' row, e.g. the classes) each key's rows are split in proportion (the
#' quotas' leftover rows go to the keys with the largest remainders, ties to
#' the smaller key), each key's validation rows its first in the
#' permutation's order.
#'
#' @param n The number of rows.
#' @param fraction The share of rows to hold out, in (0, 1).
#' @param rng_state A state of R's generator (a network's `rng_state`).
#' @param keys `NULL`, or a key per row (the split is stratified).
#' @return A list: `train` and `validation` (row numbers, ascending) and
#'   `rng_state` (the generator's state after the permutation).
#' @examples
#' validation_split(10, 0.3, network(seed = 1)$rng_state)
#' @export
validation_split <- function(n, fraction, rng_state, keys = NULL) {
  n <- check_positive_integer("n", n)
  fraction <- check_open_interval("validation_fraction", fraction, 0, 1)
  n_val <- ceiling(fraction * n)
  if (n_val >= n) {
    twinnet_stop("validation_fraction ", show_value(fraction), " leaves no rows for ",
                 "training out of ", n, "; give a smaller validation_fraction or more rows")
  }
  drawn <- with_stream(rng_state, sample.int(n))
  perm <- drawn$value
  if (is.null(keys)) {
    validation <- sort(perm[seq_len(n_val)])
  } else {
    classes <- sort(unique(keys))
    counts <- vapply(classes, function(k) sum(keys == k), numeric(1))
    # quotas in exact whole numbers: doubles, exact while n_val * n_c < 2^53
    products <- n_val * counts
    remainders <- products %% n
    quotas <- (products - remainders) / n
    left <- n_val - sum(quotas)
    if (left > 0) {
      extra <- order(-remainders, seq_along(classes))[seq_len(left)]
      quotas[extra] <- quotas[extra] + 1
    }
    in_order <- keys[perm]
    validation <- sort(unlist(lapply(seq_along(classes), function(i) {
      perm[in_order == classes[i]][seq_len(quotas[i])]
    })))
  }
  list(train = setdiff(seq_len(n), validation), validation = as.integer(validation),
       rng_state = drawn$state)
}

# invscaling's rate, lr / exp(power_t * log(done * n_train + 1)), with the
# exact core's exp and log in exact mode, R's in blas mode.
invscaling <- function(net, lr, power_t, done, n_train) {
  ar <- arithmetics[[net$mode]]
  lr / ar$exp(power_t * ar$log(as.numeric(done) * n_train + 1))
}

# A validation history at the start of a fit (`before` epochs recorded): a
# fit that records it (`used`) pads it with NaN to `before` epochs first.
history_padded <- function(history, before, used) {
  history <- as.numeric(history)
  if (used && length(history) < before) history <- c(history, rep(NaN, before - length(history)))
  history
}

# The validation set's loss (the training objective: the weighted loss plus
# the penalty, with the validation rows' sw) and score (`score`: a name in
# `scores`, or NULL: NaN) at the network's current weights: list(loss, score).
validate <- function(net, X, Y, w, alpha, weight_decay, score) {
  ar <- arithmetics[[net$mode]]
  cache <- network_forward(net, X)
  n_layers <- length(net$layers)
  out <- cache$outputs[[n_layers]]
  lossf <- losses[[net$loss]]
  sw <- if (!is.null(w)) ar$total(w)
  wv <- if (!is.null(w)) as.vector(w)
  value <- if (!is.null(lossf$output)) {
    lossf$value(cache$inputs[[n_layers]], Y, ar, wv, sw)
  } else {
    lossf$value(Y - out, Y, ar, wv, sw)
  }
  if (alpha > 0 || weight_decay > 0) {
    rows <- if (is.null(sw)) as.numeric(nrow(X)) else sw
    div <- decay_divisor(net$loss, rows, ncol(Y))
    value <- value + penalty(net$weights, net$biases, ar, alpha, weight_decay, rows, div)
  }
  if (is.null(score)) return(list(loss = value, score = NaN))
  list(loss = value, score = scores[[score]](out, Y, w, net$mode))
}

# The state of a fit before its first epoch: the validation split (drawn
# from the network's stream), the training rows, the validation histories
# padded (empty, or one value per epoch, NaN where an epoch had none), the
# stopping state replayed over the earlier epochs, and early stopping's
# best weights so far (the ones the fit starts from).
fit_start <- function(net, data, w, val, control, lr, decay) {
  if (!is.null(control$validation_fraction)) {
    keys <- if (control$stratify) stratify_keys(data$Y)
    split <- validation_split(nrow(data$X), control$validation_fraction, net$rng_state, keys)
    net$rng_state <- split$rng_state
    rows <- split$validation
    val <- list(X = take_rows(data$X, rows), Y = take_rows(data$Y, rows), w = take_rows(w, rows))
    rows <- split$train
    data <- list(X = take_rows(data$X, rows), Y = take_rows(data$Y, rows))
    w <- take_rows(w, rows)
  }
  before <- length(net$loss_history)
  scored <- !is.null(control$validation_score)
  run <- c(control, list(
    X = data$X, Y = data$Y, w = w, val = val, n_train = nrow(data$X), lr = lr, decay = decay,
    before = before, reason = NULL,
    old_losses = history_padded(net$validation_loss_history, before, !is.null(val)),
    old_scores = history_padded(net$validation_score_history, before, scored),
    higher = control$early_stopping && scored,
    adaptive = control$lr_schedule == "adaptive"
  ))
  watched <- if (!run$early_stopping) {
    net$loss_history
  } else if (run$higher) {
    run$old_scores
  } else {
    run$old_losses
  }
  run$watch <- list(best = if (run$higher) -Inf else Inf, count = 0L, rate = lr)
  if (!is.null(run$tol)) {
    for (v in watched) run$watch <- fit_watch(run, v)
  }
  if (run$early_stopping) {
    run$best <- list(weights = net$weights, biases = net$biases,
                     epoch = if (is.null(net$best_epoch)) before else net$best_epoch)
  }
  net["stop_reason"] <- list(NULL)
  run$net <- net
  run
}

# One step of the stopping rule (stopping_step) on the watched value v.
fit_watch <- function(run, v) {
  stopping_step(v, run$watch$best, run$watch$count, run$watch$rate, run$tol,
                run$n_iter_no_change, run$higher, run$adaptive)
}

# The learning rate of the fit's epoch `epoch`: constant, lr / (1 + decay *
# done); invscaling, lr for the very first epoch, else invscaling()'s rate;
# adaptive, its current rate (done: the epochs recorded before it).
fit_rate <- function(run, net, epoch) {
  done <- run$before + epoch - 1L
  if (run$lr_schedule == "constant") return(run$lr / (1 + run$decay * done))
  if (run$lr_schedule == "adaptive") return(run$watch$rate)
  if (done == 0) return(run$lr)
  invscaling(net, run$lr, run$power_t, done, run$n_train)
}

# After the fit's epoch `epoch` (its training loss `total`): the histories,
# the validation loss and score, the stopping rule (early stopping keeps the
# best weights), abstol, and the network after the epoch.
fit_epoch <- function(run, net, epoch, epochs, total) {
  if (epoch > length(run$history)) {
    grown <- min(epochs, 2 * length(run$history))
    length(run$history) <- grown
    length(run$val_losses) <- grown
    length(run$val_scores) <- grown
  }
  run$history[epoch] <- total
  checked <- list(loss = NaN, score = NaN)
  if (!is.null(run$val)) {
    checked <- validate(net, run$val$X, run$val$Y, run$val$w, run$alpha, run$weight_decay,
                        run$validation_score)
  }
  run$val_losses[epoch] <- checked$loss
  run$val_scores[epoch] <- checked$score
  if (!is.null(run$tol)) {
    v <- if (!run$early_stopping) total else if (run$higher) checked$score else checked$loss
    run$watch <- fit_watch(run, v)
    if (run$early_stopping && run$watch$improved) {
      run$best <- list(weights = net$weights, biases = net$biases,
                       epoch = run$before + epoch)
    }
    if (run$watch$stop) run$reason <- if (run$early_stopping) "early_stopping" else "tol"
  }
  if (is.null(run$reason) && !is.null(run$abstol) && total < run$abstol) {
    run$reason <- "abstol"
  }
  run$done <- epoch
  run$net <- net
  run
}

# The network after the fit's epochs done so far: the histories appended (a
# validation history grows when it is not empty or this fit records it),
# the stop reason, and with early stopping the best weights put back.
fit_result <- function(run) {
  net <- run$net
  done <- seq_len(run$done)
  net$loss_history <- c(net$loss_history, run$history[done])
  grow <- function(old, new, used) if (used || length(old)) c(old, new[done]) else old
  net$validation_loss_history <- grow(run$old_losses, run$val_losses, !is.null(run$val))
  net$validation_score_history <- grow(run$old_scores, run$val_scores,
                                       !is.null(run$validation_score))
  net["stop_reason"] <- list(run$reason)
  net["best_epoch"] <- list(NULL)
  if (run$early_stopping) {
    net$weights <- run$best$weights
    net$biases <- run$best$biases
    net$best_epoch <- run$best$epoch
  }
  net
}
