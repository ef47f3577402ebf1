# Progress of a long training run. Training that runs longer than a couple
# of seconds shows, on a terminal,
#   epoch 120/5000  loss 0.01234  elapsed 0:00:03  ETA 0:02:01
# updated twice a second; nothing is shown when standard error is not a
# terminal (a pipe, CI) or when progress = FALSE.
# Twin: python/src/twinnet/progress.py.

progress_show_after <- 2    # seconds of training before the line appears
progress_every <- 0.5       # seconds between updates

progress_clock <- function(seconds) {
  seconds <- round(seconds)
  sprintf("%d:%02d:%02d", seconds %/% 3600, seconds %/% 60 %% 60, seconds %% 60)
}

# The text of one update (the same in Python).
progress_line <- function(epoch, epochs, loss, elapsed) {
  eta <- elapsed / epoch * (epochs - epoch)
  sprintf("epoch %d/%d  loss %s  elapsed %s  ETA %s", epoch, epochs,
          sprintf("%.6g", loss), progress_clock(elapsed), progress_clock(eta))
}

# The progress of one fit (Python's Progress): an environment, so that
# progress_update() can note what it showed.
progress_start <- function(epochs, enabled = NULL) {
  if (is.null(enabled)) enabled <- isatty(stderr())
  env <- new.env()
  env$enabled <- isTRUE(enabled)
  env$epochs <- epochs
  env$start <- proc.time()[["elapsed"]]
  env$last <- -Inf
  env$shown <- FALSE
  env
}

progress_update <- function(bar, epoch, loss) {
  if (!bar$enabled) return(invisible())
  now <- proc.time()[["elapsed"]]
  elapsed <- now - bar$start
  if (elapsed < progress_show_after ||
      (now - bar$last < progress_every && epoch < bar$epochs)) {
    return(invisible())
  }
  bar$last <- now
  bar$shown <- TRUE
  cat("\r", progress_line(epoch, bar$epochs, loss, elapsed), "  ", sep = "",
      file = stderr())
  invisible()
}

progress_close <- function(bar) {
  if (bar$shown) cat("\n", file = stderr())
  invisible()
}

# Fits stopped by an interrupt (Ctrl-C) in this session: the command line
# then exits with status 130 after saving (docs/inputs.md, "The command
# line"). Twin: StopRequest.stopped in python/src/twinnet/progress.py.
stop_state <- new.env()
stop_state$count <- 0L

# one side: R counts an interrupt its fit loop caught; Python's
# StopRequest.__exit__ counts its own
note_stopped <- function() {
  stop_state$count <- stop_state$count + 1L
  invisible()
}
