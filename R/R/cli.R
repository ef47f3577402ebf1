# Command line: `train`, `predict` and `compare`, the same verbs and flags as the Python
# twin (python/src/twinnet/cli.py). exec/twinnet.R calls twinnet_cli().

cli_verbs <- list(
  train = list(
    help = "train a network from a config.json",
    flags = list(config = "path to config.json",
                 out = "model file to write (JSON)",
                 mode = "override mode (blas or exact)",
                 epochs = "override the number of epochs",
                 quiet = "print nothing"),
    required = c("config", "out"),
    switches = "quiet"
  ),
  predict = list(
    help = "predict with a trained model",
    flags = list(model = "model file (JSON)", x = "CSV file of inputs",
                 out = "CSV file to write", quiet = "print nothing"),
    required = c("model", "x", "out"),
    switches = "quiet"
  ),
  compare = list(
    help = "compare two model files or two CSV files, bit by bit",
    flags = list(a = "first model file or CSV", b = "second model file or CSV",
                 tolerance = paste("largest absolute difference accepted",
                                   "(default 0: identical)")),
    required = c("a", "b"),
    switches = character(0)
  )
)

cli_usage <- function(verb = NULL) {
  if (is.null(verb)) {
    lines <- c("usage: twinnet VERB [flags]", "",
               "Train and use twinnet networks (the same flags in Python).",
               "", "verbs:")
    for (v in names(cli_verbs)) {
      lines <- c(lines, sprintf("  %-9s %s", v, cli_verbs[[v]]$help))
    }
    return(paste(lines, collapse = "\n"))
  }
  spec <- cli_verbs[[verb]]
  flags <- names(spec$flags)
  shown <- ifelse(flags %in% spec$switches, paste0("--", flags),
                  paste0("--", flags, " ", toupper(flags)))
  lines <- c(paste0("usage: twinnet ", verb, " ", paste(shown, collapse = " ")),
             "", spec$help, "", "flags:",
             sprintf("  %-18s %s", shown, unlist(spec$flags)))
  paste(lines, collapse = "\n")
}

cli_fail <- function(message) {
  structure(class = c("twinnet_usage", "error", "condition"),
            list(message = message, call = NULL))
}

cli_parse <- function(args) {
  if (!length(args) || args[1] %in% c("-h", "--help")) {
    return(list(verb = NULL, help = TRUE))
  }
  verb <- args[1]
  if (!(verb %in% names(cli_verbs))) {
    stop(cli_fail(paste0("unknown verb '", verb, "'; choose one of ",
                         paste(names(cli_verbs), collapse = ", "))))
  }
  spec <- cli_verbs[[verb]]
  out <- list(verb = verb, help = FALSE)
  rest <- args[-1]
  i <- 1L
  while (i <= length(rest)) {
    a <- rest[i]
    if (a %in% c("-h", "--help")) return(list(verb = verb, help = TRUE))
    name <- sub("^--", "", a)
    if (!startsWith(a, "--") || !(name %in% names(spec$flags))) {
      stop(cli_fail(paste0("unrecognized argument: ", a)))
    }
    if (name %in% spec$switches) {
      out[[name]] <- TRUE
      i <- i + 1L
    } else {
      if (i == length(rest) || startsWith(rest[i + 1L], "--")) {
        stop(cli_fail(paste0("argument --", name, ": expected one argument")))
      }
      out[[name]] <- rest[i + 1L]
      i <- i + 2L
    }
  }
  missing <- setdiff(spec$required, names(out))
  if (length(missing)) {
    stop(cli_fail(paste0("the following arguments are required: ",
                         paste0("--", missing, collapse = ", "))))
  }
  if (!is.null(out[["mode"]]) && !(out[["mode"]] %in% names(arithmetics))) {
    stop(cli_fail(paste0("argument --mode: invalid choice: '", out[["mode"]],
                         "' (choose from 'blas', 'exact')")))
  }
  if (!is.null(out[["tolerance"]])) {
    tol <- suppressWarnings(as.numeric(out[["tolerance"]]))
    if (is.na(tol)) {
      stop(cli_fail(paste0("argument --tolerance: invalid float value: '",
                           out[["tolerance"]], "'")))
    }
    out[["tolerance"]] <- tol
  }
  if (!is.null(out[["epochs"]])) {
    e <- suppressWarnings(as.integer(out[["epochs"]]))
    if (is.na(e) || as.character(e) != out[["epochs"]]) {
      stop(cli_fail(paste0("argument --epochs: invalid int value: '",
                           out[["epochs"]], "'")))
    }
    out[["epochs"]] <- e
  }
  out
}

cli_train <- function(args) {
  config <- read_config(args[["config"]])
  if (!is.null(args[["mode"]])) config$mode <- args[["mode"]]
  if (!is.null(args[["epochs"]])) config$epochs <- args[["epochs"]]
  X <- read_matrix(config$x, "X")
  Y <- read_matrix(config$y, "Y")
  model <- train_from_config(config, X, Y)
  save_model(model, args[["out"]])
  if (!isTRUE(args[["quiet"]])) {
    cat("trained [", paste(network_sizes(model), collapse = ", "), "] (", model$mode,
        " mode) for ", length(model$loss_history), " epochs; final loss ",
        sprintf("%.17g", model$loss_history[length(model$loss_history)]),
        "; model written to ", args[["out"]], "\n", sep = "")
  }
}

cli_predict <- function(args) {
  model <- load_model(args[["model"]])
  X <- read_matrix(args[["x"]], "X")
  write_matrix(predict(model, X), args[["out"]])
  if (!isTRUE(args[["quiet"]])) {
    cat("predictions for ", nrow(X), " rows written to ", args[["out"]], "\n",
        sep = "")
  }
}

cli_compare <- function(args) {
  rows <- compare_files(args[["a"]], args[["b"]])
  tolerance <- if (is.null(args[["tolerance"]])) 0 else args[["tolerance"]]
  verdict <- compare_verdict(rows, tolerance)
  cat(format_compare_rows(rows), "\n", sep = "")
  cat("verdict: ", verdict$text, "\n", sep = "")
  if (verdict$ok) 0L else 1L
}

#' Run the twinnet command line
#'
#' `Rscript R/exec/twinnet.R train --config C --out M` and
#' `... predict --model M --x X.csv --out P.csv` and
#' `... compare --a A.json --b B.json`, the same flags as Python's
#' `twinnet` command.
#'
#' @param args Command-line arguments (without the script name).
#' @return The exit status: 0 on success, 1 for a twinnet error, 2 for a
#'   usage error.
#' @export
twinnet_cli <- function(args = commandArgs(trailingOnly = TRUE)) {
  tryCatch({
    parsed <- cli_parse(args)
    if (parsed[["help"]]) {
      cat(cli_usage(parsed[["verb"]]), "\n", sep = "")
      return(0L)
    }
    run <- switch(parsed[["verb"]], train = cli_train, predict = cli_predict,
                  compare = cli_compare)
    status <- run(parsed)
    if (is.integer(status)) status else 0L
  },
  twinnet_usage = function(e) {
    cat(cli_usage(if (length(args) && args[1] %in% names(cli_verbs)) args[1]),
        "\n", sep = "", file = stderr())
    cat("twinnet: error: ", conditionMessage(e), "\n", sep = "", file = stderr())
    2L
  },
  twinnet_error = function(e) {
    cat("twinnet: error: ", conditionMessage(e), "\n", sep = "", file = stderr())
    1L
  })
}
