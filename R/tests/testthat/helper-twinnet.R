# Shared fixtures and reference implementations for twinnet's tests.

# Analytics Vidhya's toy problem: three samples of four binary inputs.
toy_X <- function() {
  matrix(c(1, 0, 1, 0,
           1, 0, 1, 1,
           0, 1, 0, 1), nrow = 3, ncol = 4, byrow = TRUE)
}
toy_y <- function() c(1, 1, 0)

# Evaluate `expr` after set.seed(seed), then put the caller's random-number
# state back (tests must not leave the global stream changed).
with_test_seed <- function(seed, expr) {
  env <- globalenv()
  had <- exists(".Random.seed", envir = env, inherits = FALSE)
  if (had) old <- get(".Random.seed", envir = env, inherits = FALSE)
  on.exit(if (had) {
    assign(".Random.seed", old, envir = env)
  } else if (exists(".Random.seed", envir = env, inherits = FALSE)) {
    rm(".Random.seed", envir = env)
  })
  set.seed(seed, kind = "Mersenne-Twister", normal.kind = "Inversion",
           sample.kind = "Rejection")
  expr
}

# The repository's fixtures/ folder: testthat runs in R/tests/testthat of a
# checkout. Tests using it skip when the package is checked outside a
# checkout (R CMD check of a built tarball).
fixtures_dir <- function() {
  dir <- file.path(normalizePath("../../..", mustWork = FALSE), "fixtures")
  skip_if_not(dir.exists(file.path(dir, "seed000_toy")),
              "fixtures/ not found (not run from a twinnet checkout)")
  dir
}

# Central finite differences of loss(model), one parameter at a time.
numeric_gradients_of <- function(model, loss, h = 1e-6) {
  slope <- function(kind) {
    lapply(seq_along(model[[kind]]), function(l) {
      p <- model[[kind]][[l]]
      g <- p
      for (i in seq_len(nrow(p))) {
        for (j in seq_len(ncol(p))) {
          up <- down <- model
          up[[kind]][[l]][i, j] <- p[i, j] + h
          down[[kind]][[l]][i, j] <- p[i, j] - h
          g[i, j] <- (loss(up) - loss(down)) / (2 * h)
        }
      }
      g
    })
  }
  list(weights = slope("weights"), biases = slope("biases"))
}

# Central finite differences of compute_loss on X, Y.
numeric_gradients <- function(model, X, Y, h = 1e-6) {
  numeric_gradients_of(model, function(m) compute_loss(m, X, Y), h)
}

# |a - b| / max(|a|, |b|) over all entries of two lists of matrices.
relative_error <- function(a, b) {
  a <- unlist(a)
  b <- unlist(b)
  stopifnot(length(a) == length(b))
  scale <- max(sqrt(sum(a^2)), sqrt(sum(b^2)))
  if (scale == 0) return(0)
  sqrt(sum((a - b)^2)) / scale
}

# The message of the twinnet_error that `expr` raises, or "no error" when it
# raises none; any other error is not caught, so the test fails with it. Twin:
# python_error in python/tests/conftest.py.
twinnet_error_message <- function(expr) {
  tryCatch({
    force(expr)
    "no error"
  }, twinnet_error = conditionMessage)
}

# The warning of a fit that has not converged (scikit-learn's rule,
# docs/estimators.md), as twinnet() and the command line give it. Twin:
# not_converged in python/tests/conftest.py.
not_converged <- function(epochs, tol = "0.0001", n = 10) {
  paste0("training did not converge in ", epochs, " epoch", if (epochs == 1) "" else "s",
         ": the loss fell below its best by tol = ", tol, " or more within ",
         "n_iter_no_change = ", n, " epochs of the end; train for more epochs ",
         "(max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)")
}

# Run the command line, returning its status, standard output and the
# messages it wrote to standard error.
run_cli <- function(args) {
  status <- NULL
  out <- NULL
  err <- utils::capture.output(
    out <- utils::capture.output(status <- twinnet_cli(args)),
    type = "message"
  )
  list(status = status, out = paste(out, collapse = "\n"),
       err = paste(err, collapse = "\n"))
}

# Temporary files created by write_atomically that were left behind.
leftover_temp_files <- function(dir) {
  list.files(dir, pattern = "^\\.twinnet-.*\\.tmp$", all.files = TRUE)
}

# A temporary file holding `lines`.
text_file <- function(lines, fileext = ".txt") {
  path <- tempfile(fileext = fileext)
  writeLines(lines, path)
  path
}

# A config.json for the toy problem in a fresh folder, with its data files
# beside it; `...` adds or replaces keys (NULL drops one).
toy_config <- function(...) {
  dir <- tempfile("config-")
  dir.create(dir)
  write_matrix(toy_X(), file.path(dir, "x.csv"), "x")
  write_matrix(matrix(toy_y()), file.path(dir, "y.csv"), "y")
  config <- list(x = "x.csv", y = "y.csv", layers = c(4, 3, 1), epochs = 20,
                 seed = 42, mode = "exact")
  config <- utils::modifyList(config, list(...))
  path <- file.path(dir, "config.json")
  writeLines(jsonlite::toJSON(config, auto_unbox = TRUE, digits = NA), path)
  path
}
