# Has training converged? scikit-learn's MLP test on the training loss.
#
# After every epoch scikit-learn's MLPClassifier/MLPRegressor (without early
# stopping) counts the epochs whose loss did not fall below the best loss so
# far by at least tol, and stops once that count exceeds n_iter_no_change; a
# run that reaches max_iter without stopping so ends with a
# ConvergenceWarning. fit() with tol stops the same way (stopping_update) and
# warns with convergence_message when it ran every epoch without a stop;
# convergence_check tests a finished loss_history afterwards, for the front
# ends that need it (docs/estimators.md, "Convergence"). The loss checked is
# loss_history as twinnet records it: the epoch's loss over its batches,
# computed before each batch's update, penalty included, as scikit-learn's
# loss_curve_.
#
# Twin: python/src/twinnet/convergence.py, the same functions and the same
# message text.

convergence_tol <- 1e-4  # scikit-learn's MLP defaults; the command line uses them
convergence_n_iter_no_change <- 10L

# One epoch of scikit-learn's count: list(best_loss, count) after `loss`.
# count grows where loss > best_loss - tol and is 0 otherwise; best_loss
# (Inf before the first epoch) becomes the smaller of the two
# (_update_no_improvement_count of scikit-learn's MLP).
no_improvement_update <- function(loss, best_loss, count, tol) {
  count <- if (loss > best_loss - tol) count + 1L else 0L
  list(best_loss = if (loss < best_loss) loss else best_loss, count = count)
}

# One epoch of the stopping count: list(best, count, improved) after
# `value`. Lower is better (a loss, `higher` FALSE): count grows where
# value > best - tol and is 0 otherwise; higher is better (a score): it
# grows where value < best + tol. improved is value < best (value > best),
# and then best becomes value. best starts at Inf (-Inf), count at 0; a NaN
# compares false (count 0, not improved), as in Python.
stopping_update <- function(value, best, count, tol, higher = FALSE) {
  if (higher) {
    count <- if (isTRUE(value < best + tol)) count + 1L else 0L
    improved <- isTRUE(value > best)
  } else {
    count <- if (isTRUE(value > best - tol)) count + 1L else 0L
    improved <- isTRUE(value < best)
  }
  list(best = if (improved) value else best, count = count, improved = improved)
}

# One epoch of fit()'s stopping rule: stopping_update, then, when the count
# exceeds n_iter_no_change, the adaptive schedule (`adaptive`) divides its
# rate by 5 while it is above 1e-6 and counts again; otherwise stop.
# list(best, count, rate, improved, stop). fit() replays it over the
# earlier epochs at its start (ignoring stop).
stopping_step <- function(value, best, count, rate, tol, n_iter_no_change, higher = FALSE,
                          adaptive = FALSE) {
  step <- stopping_update(value, best, count, tol, higher)
  count <- step$count
  stop <- FALSE
  if (count > n_iter_no_change) {
    if (adaptive && rate > 1e-6) {
      rate <- rate / 5
      count <- 0L
    } else {
      stop <- TRUE
    }
  }
  list(best = step$best, count = count, rate = rate, improved = step$improved, stop = stop)
}

# NULL if training converged, else the warning message (a string).
# Training converged where scikit-learn would have stopped: after some epoch
# of this run the count of no_improvement_update() exceeded n_iter_no_change.
# The count and the best loss run over the whole loss_history; the epochs
# before `since` (those of earlier fits, as scikit-learn's warm_start keeps
# its count) do not count as stops. A run of no epochs
# (length(loss_history) <= since) has converged.
convergence_check <- function(loss_history, tol = convergence_tol,
                              n_iter_no_change = convergence_n_iter_no_change,
                              since = 0L) {
  tol <- check_number_in("tol", tol, 0, Inf)
  n_iter_no_change <- check_positive_integer("n_iter_no_change", n_iter_no_change)
  history <- as.numeric(unlist(loss_history))
  if (!is_number(since) || since != round(since) || since < 0) {
    twinnet_stop("since must be a whole number >= 0, got ", show_value(since))
  }
  if (length(history) <= since) return(NULL)
  best <- Inf
  count <- 0L
  for (epoch in seq_along(history)) {
    state <- no_improvement_update(history[epoch], best, count, tol)
    best <- state$best_loss
    count <- state$count
    if (epoch > since && count > n_iter_no_change) return(NULL)
  }
  convergence_message(as.integer(length(history) - since), tol, n_iter_no_change)
}

# The warning's text, the same in both languages and on the command line.
# `watched`: what the count watched, "loss" (the training loss), "validation
# loss" or "validation score" (early stopping).
convergence_message <- function(epochs, tol, n_iter_no_change, watched = "loss") {
  change <- if (watched == "validation score") "rose above" else "fell below"
  paste0("training did not converge in ", epochs, " epoch", if (epochs != 1) "s", ": ",
         "the ", watched, " ", change, " its best by tol = ", json_number_text(tol),
         " or more within ",
         "n_iter_no_change = ", n_iter_no_change, " epochs of the end; train for more ",
         "epochs (max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)")
}

# one side: R's warning condition class; Python's estimator warns with
# scikit-learn's ConvergenceWarning (warnings.warn), which convergence.py
# does not import.
# Warn, as the Python twin's ConvergenceWarning: a condition of class
# twinnet_convergence_warning, without the call.
convergence_warning <- function(message) {
  warning(structure(
    class = c("twinnet_convergence_warning", "warning", "condition"),
    list(message = message, call = NULL)
  ))
}
