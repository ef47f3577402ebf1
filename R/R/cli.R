# Command line: `train`, `predict`, `evaluate`, `trace`, `plot`, `datasets`,
# `compare`, `parity` and `export` (done by Python's), the same verbs and
# flags as the Python twin (python/src/twinnet/cli.py). The verbs, their flags (types, defaults,
# required or not) and every help text are in one table, inst/cli.json, which
# both read: Python builds its argparse parser from it, R parses the arguments
# itself with it (cli_parse.R), in argparse's words. exec/twinnet.R calls
# twinnet_cli(). Its length (about 650 lines): eight verbs, each checking its
# flags and files before any work, as its twin does.

# The command line's table (cli.json): verbs, flags and generators.
cli_table <- function() {
  jsonlite::read_json(system.file("cli.json", package = "twinnet"), simplifyVector = TRUE,
                      simplifyDataFrame = FALSE, simplifyMatrix = FALSE)
}

# The flags' value grammars, one function per type of the table. A value a
# type refuses is a usage error, `argument --NAME: <message>`.

# Refuse a flag's value: cli_value adds "argument --NAME: ".
cli_value_error <- function(message) {
  stop(structure(class = c("twinnet_flag_value", "error", "condition"),
                 list(message = message, call = NULL)))
}

# int: a whole number (digits, a minus sign at most) that R's integers hold,
# in [-2147483647, 2147483647]; as.integer gives NA beyond.
cli_int <- function(text) {
  value <- suppressWarnings(as.integer(text))
  if (is.na(value) || as.character(value) != text) {
    cli_value_error(sprintf("invalid int value: '%s'", text))
  }
  value
}

# positive_int: an int >= 1.
cli_positive_int <- function(text) {
  value <- cli_int(text)
  if (value < 1L) cli_value_error(sprintf("must be a positive integer: '%s'", text))
  value
}

# A positive finite decimal number (no Inf, NaN, signs or hexadecimal); a
# number may also have a minus sign (Python's twin: POSITIVE_NUMBER).
cli_positive_number <- "^([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"
cli_number <- "^-?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"

# float: a finite decimal number, a minus sign at most.
cli_float <- function(text) {
  if (!grepl(cli_number, text)) cli_value_error(sprintf("invalid float value: '%s'", text))
  value <- parse_numbers(text)
  if (!is.finite(value)) cli_value_error(sprintf("must be a finite number: '%s'", text))
  value
}

# positive_float: a positive finite decimal number (no signs).
cli_positive_float <- function(text) {
  if (!grepl(cli_positive_number, text)) {
    cli_value_error(sprintf("invalid float value: '%s'", text))
  }
  value <- parse_numbers(text)
  if (!(value > 0 && is.finite(value))) {
    cli_value_error(sprintf("must be a positive number: '%s'", text))
  }
  value
}

# non_negative_float: a float >= 0.
cli_non_negative_float <- function(text) {
  value <- cli_float(text)
  if (value < 0) cli_value_error(sprintf("must be a number >= 0: '%s'", text))
  value
}

# sizes (--layers): units per layer, input first, e.g. 2,4,1.
cli_sizes <- function(text) {
  parts <- strsplit(text, ",", fixed = TRUE)[[1]]
  if (endsWith(text, ",")) parts <- c(parts, "")  # strsplit drops a last empty part
  if (length(parts) < 2L || !all(grepl("^ *[0-9]+ *$", parts))) {
    cli_value_error(sprintf(paste0("must be two or more sizes separated by commas, ",
                                   "such as 2,4,1: '%s'"), text))
  }
  sizes <- as.numeric(parts)
  if (!all(sizes >= 1 & sizes <= int_max)) {
    cli_value_error(sprintf("each size must be in [1, %.0f]: '%s'", int_max, text))
  }
  as.integer(sizes)
}

cli_flag_types <- list(int = cli_int, positive_int = cli_positive_int, float = cli_float,
                       positive_float = cli_positive_float,
                       non_negative_float = cli_non_negative_float, sizes = cli_sizes)

# The checks of a verb's flags together (the table's "check"), after parsing.

# train: exactly one of --config or --data; the flags spec$data_only only
# with --data, and spec$required_with_data required with it (they make the
# config: a config's defaults lr 0.1, seed 42, loss half_sse, activation
# sigmoid, mode blas).
cli_check_train_flags <- function(args, spec) {
  if (is.null(args[["config"]]) && is.null(args[["data"]])) {
    stop(cli_fail("the following arguments are required: --config or --data"))
  }
  if (!is.null(args[["config"]]) && !is.null(args[["data"]])) {
    stop(cli_fail("argument --data: not allowed with argument --config"))
  }
  if (!is.null(args[["config"]])) {
    for (name in spec$data_only) {
      if (!is.null(args[[name]])) {
        stop(cli_fail(paste0("argument --", name, ": not allowed with argument --config")))
      }
    }
    return(invisible(NULL))
  }
  missing <- Filter(function(n) is.null(args[[n]]), spec$required_with_data)
  if (length(missing)) {
    stop(cli_fail(paste0("the following arguments are required with --data: ",
                         paste0("--", missing, collapse = ", "))))
  }
  invisible(NULL)
}

# predict and evaluate: their data from spec$inputs (--x, or --x and --y), or
# from one CSV file (--data and --label), not both.
cli_check_data_flags <- function(args, spec) {
  inputs <- spec$inputs
  given <- inputs[!vapply(inputs, function(n) is.null(args[[n]]), logical(1))]
  if (is.null(args[["data"]])) {
    if (!is.null(args[["label"]])) {
      stop(cli_fail("argument --label: only with argument --data"))
    }
    if (!length(given)) {
      stop(cli_fail(paste0("the following arguments are required: ",
                           paste0("--", inputs, collapse = " and "), " or --data")))
    }
    missing <- setdiff(inputs, given)
    if (length(missing)) {
      stop(cli_fail(paste0("the following arguments are required with --x: ",
                           paste0("--", missing, collapse = ", "))))
    }
    return(invisible())
  }
  if (length(given)) {
    stop(cli_fail(paste0("argument --", given[1], ": not allowed with argument --data")))
  }
  if (is.null(args[["label"]])) {
    stop(cli_fail("the following arguments are required with --data: --label"))
  }
  invisible()
}

cli_checks <- list(train_flags = cli_check_train_flags, data_flags = cli_check_data_flags)

# The verbs.

# The run's config: read from --config, or made from --data's flags.
cli_train_config <- function(args) {
  if (is.null(args[["data"]])) return(read_config(args[["config"]]))
  config <- config_defaults()
  config$x <- args[["data"]]
  config$y <- args[["data"]]
  config$layers <- args[["layers"]]
  config$epochs <- args[["epochs"]]
  for (name in c("lr", "seed", "loss", "activation")) { # else the config's defaults
    if (!is.null(args[[name]])) config[[name]] <- args[[name]]
  }
  config
}

# X and Y of the run: the config's files, or --data split by --label.
cli_train_data <- function(args, config) {
  if (is.null(args[["data"]])) {
    return(config_xy(config))
  }
  path <- args[["data"]]
  data <- cli_split_by_label(path, args[["label"]])
  sizes <- config$layers
  if (sizes[1] != ncol(data$X)) {
    twinnet_stop("--layers starts with ", sizes[1], " but data file ", path, " has ",
                 ncol(data$X), " input columns besides the label")
  }
  if (sizes[length(sizes)] != ncol(data$Y)) {
    twinnet_stop("--layers ends with ", sizes[length(sizes)], " but --label names ",
                 ncol(data$Y), " columns (one output unit per label column)")
  }
  data
}

# The inputs and targets of one CSV file: the columns `label` names (a or
# a,b) are the targets, the others the inputs, in file order.
cli_split_by_label <- function(path, label) {
  found <- read_columns(path, "data")
  values <- found$values
  names <- found$names
  labels <- strsplit(label, ",", fixed = TRUE)[[1]]
  if (endsWith(label, ",")) labels <- c(labels, "")
  labels <- gsub("^ +| +$", "", labels)
  for (label in labels) {
    if (sum(labels == label) > 1L) {
      twinnet_stop("--label names the column '", label, "' twice")
    }
    found <- sum(names == label)
    if (found == 0L) {
      twinnet_stop("data file ", path, " has no column named '", label,
                   "' (its columns: ", paste0("'", names, "'", collapse = ", "), ")")
    }
    if (found > 1L) {
      twinnet_stop("data file ", path, " has ", found, " columns named '", label, "'")
    }
  }
  y_cols <- match(labels, names)
  x_cols <- setdiff(seq_along(names), y_cols)
  if (!length(x_cols)) {
    twinnet_stop("data file ", path, " has no input columns besides the label")
  }
  list(X = values[, x_cols, drop = FALSE], Y = values[, y_cols, drop = FALSE])
}

cli_train <- function(args) {
  config <- cli_train_config(args)  # from --config, or from --data/--label/--layers
  check_writable(args[["out"]])  # before any data is read: a bad --out costs no training
  if (!is.null(args[["mode"]])) config$mode <- args[["mode"]]
  if (!is.null(args[["epochs"]])) config$epochs <- args[["epochs"]]
  quiet <- isTRUE(args[["quiet"]])
  model <- NULL
  epochs <- config$epochs
  stopped <- stop_state$count
  if (isTRUE(args[["resume"]]) && utils::file_test("-f", args[["out"]])) {
    model <- load_network(args[["out"]])
    check_resume(model, config, args[["out"]])  # the same config, or an error
    done <- length(model$loss_history)
    if (done > config$epochs) {
      twinnet_stop("cannot resume ", args[["out"]], ": it has trained ", done,
                   " epochs, more than the config's ", config$epochs)
    }
    finished <- cli_nothing_to_do(model, config, args[["out"]])
    if (!is.null(finished)) {
      if (!quiet) cat(finished, "\n", sep = "")
      return(0L)
    }
    epochs <- config$epochs - done
    if (!quiet) cat("resuming ", args[["out"]], " after epoch ", done, "\n", sep = "")
  } else if (isTRUE(args[["resume"]]) && !quiet) {
    cat("no model at ", args[["out"]], " yet: training from the start\n", sep = "")
  }
  data <- cli_train_data(args, config)
  X <- data$X
  Y <- data$Y
  test <- NULL  # read before training, so that a missing file stops the run at once
  if (!is.null(config$x_test) && !is.null(config$y_test)) {
    images <- takes_images(config)  # a network that starts with conv2d reads images
    test <- list(X = read_data(config$x_test, "X test", images),
                 Y = read_data(config$y_test, "Y test"))
  }
  control <- list(progress = if (quiet) FALSE)
  if (!is.null(args[["checkpoint_every"]])) {
    control$checkpoint_every <- args[["checkpoint_every"]]
    control$checkpoint_path <- args[["out"]]
  }
  warning <- NULL
  if (epochs > 0) {
    trained <- cli_fit(config, X, Y, model, epochs, control)
    model <- trained$model
    warning <- trained$warning
  }
  save_model(model, args[["out"]])
  if (!quiet) {
    cat("trained ", cli_shapes_text(model, X), " (", model$mode,
        " mode) for ", length(model$loss_history), " epochs; final loss ",
        num_text(model$loss_history[length(model$loss_history)]),
        "; model written to ", args[["out"]], "\n", sep = "")
    stop <- cli_stop_text(model, config)
    if (!is.null(stop)) cat(stop, "\n", sep = "")
    if (!is.null(test)) {
      result <- evaluate(model, test$X, test$Y, class_names = class_names_for(config$y_test))
      cat("test data:\n", format_evaluation(result), "\n", sep = "")
    }
    # fit's warning (a config with tol: no stop in the run's epochs); not after Ctrl-C
    if (!is.null(warning) && stop_state$count == stopped) {
      cat("twinnet: warning: ", warning, "\n", sep = "", file = stderr())
    }
  }
}

# Why train --resume leaves the model in `out` as it is, or NULL: it has
# trained the config's epochs, or its last run stopped, as the uninterrupted
# run would have stopped there (unless the config no longer sets what stopped
# it).
cli_nothing_to_do <- function(model, config, out) {
  done <- length(model$loss_history)
  if (done == config$epochs) {
    return(paste0(out, " has trained all ", done, " epochs already; nothing to do"))
  }
  reason <- model$stop_reason
  if (!is.null(reason) && !is.null(config[[if (reason == "abstol") "abstol" else "tol"]])) {
    return(paste0(out, " stopped after epoch ", done, " (", reason, "); nothing to do"))
  }
  NULL
}

# Train as the config says: list(model, warning), the text of fit's
# convergence warning (NULL when it did not warn), printed by train after its
# report; other warnings are left to R.
cli_fit <- function(config, X, Y, model, epochs, control) {
  warning <- NULL
  model <- withCallingHandlers(
    do.call(train_from_config, c(list(config, X, Y, model, epochs), control)),
    twinnet_convergence_warning = function(w) {
      warning <<- conditionMessage(w)
      invokeRestart("muffleWarning")
    }
  )
  list(model = model, warning = warning)
}

# The trained network for train's summary line: its dense sizes, e.g.
# [2, 3, 1], or for a network that takes images X's image shape and each
# layer's output but the activations', e.g. 28 x 28 x 1 -> conv2d 28 x 28 x
# 16 -> max_pool2d 14 x 14 x 16 -> flatten 3136 -> dense 10.
cli_shapes_text <- function(model, X) {
  if (!takes_images(model)) {
    return(paste0("[", paste(network_sizes(model), collapse = ", "), "]"))
  }
  shapes <- layer_shapes(model$layers, dim(X)[-1L])
  kinds <- vapply(model$layers, function(l) l$kind, "")
  keep <- kinds != "activation"
  paste(c(shape_text(dim(X)[-1L]), paste(kinds[keep], vapply(shapes[keep], shape_text, ""))),
        collapse = " -> ")
}

# Why the run stopped before its epochs (the fit's stop_reason), or NULL.
cli_stop_text <- function(model, config) {
  reason <- model$stop_reason
  if (is.null(reason)) return(NULL)
  epochs <- length(model$loss_history)
  if (reason == "abstol") {
    abstol <- json_text(config$abstol)
    return(paste0("stopped after epoch ", epochs, ": the loss fell below abstol = ", abstol))
  }
  watched <- "the loss"
  if (reason == "early_stopping") {
    score <- config$validation_score
    watched <- if (is.null(score)) "the validation loss" else paste("the validation", score)
  }
  text <- paste0("stopped after epoch ", epochs, ": ", watched, " did not improve by tol = ",
                 json_text(config$tol), " or more for more than n_iter_no_change = ",
                 config$n_iter_no_change, " epochs in a row")
  if (reason == "early_stopping") {
    best <- model$best_epoch  # 0: no epoch improved on the weights the run started from
    text <- paste0(text, "; the weights of ", if (best > 0) paste("epoch", best) else "its start",
                   " were restored")
  }
  text
}

cli_predict <- function(args) {
  model <- load_network(args[["model"]])
  X <- if (is.null(args[["data"]])) read_data(args[["x"]], "X", takes_images(model)) else
    cli_split_by_label(args[["data"]], args[["label"]])$X
  write_matrix(predict(model, X), args[["out"]])
  if (!isTRUE(args[["quiet"]])) {
    cat("predictions for ", nrow(X), " rows written to ", args[["out"]], "\n",
        sep = "")
  }
}

cli_evaluate <- function(args) {
  model <- load_network(args[["model"]])
  fashion <- isTRUE(args[["fashion"]])
  if (is.null(args[["data"]])) {
    names <- if (fashion) fashion_mnist_classes else class_names_for(args[["y"]])
    data <- list(X = read_data(args[["x"]], "X", takes_images(model)),
                 Y = read_data(args[["y"]], "Y"))
  } else {
    names <- if (fashion) fashion_mnist_classes
    data <- cli_split_by_label(args[["data"]], args[["label"]])
  }
  result <- evaluate(model, data$X, data$Y, class_names = names)
  cat(format_evaluation(result), "\n", sep = "")
}

cli_trace <- function(args) {
  config <- read_config(args[["config"]])
  if (!is.null(args[["mode"]])) config$mode <- args[["mode"]]
  model <- model_from_config(config)
  data <- config_xy(config)
  table <- trace_epoch(model, data$X, data$Y, lr = config$lr)
  cat(trace_report(table, digits = args[["digits"]]), "\n", sep = "")
  if (!is.null(args[["out"]])) {
    write_trace(table, args[["out"]])
    cat("trace written to ", args[["out"]], "\n", sep = "")
  }
}

cli_plot <- function(args) {
  model <- load_network(args[["model"]])
  kind <- args[["kind"]]
  if (kind %in% c("boundary", "images") && (is.null(args[["x"]]) || is.null(args[["y"]]))) {
    twinnet_stop("plot --kind ", kind, " needs --x and --y")
  }
  if (kind == "loss") {
    plot_loss(model, args[["out"]])
  } else if (kind == "network") {
    plot_network(model, args[["out"]])
  } else {
    X <- read_data(args[["x"]], "X")
    # the plots read one-hot rows or a column of labels (plot.R's as_labels)
    labels <- read_data(args[["y"]], "Y")
    if (kind == "boundary") {
      plot_decision_boundary(model, X, labels, args[["out"]])
    } else {
      n <- min(args[["n"]], nrow(X))
      predicted <- predicted_classes(predict(model, X[seq_len(n), , drop = FALSE]))
      plot_images(X[seq_len(n), , drop = FALSE], labels[seq_len(n), , drop = FALSE],
                  args[["out"]], predicted = predicted, n = n,
                  class_names = if (isTRUE(args[["fashion"]])) fashion_mnist_classes)
    }
  }
  cat(kind, " picture written to ", args[["out"]], "\n", sep = "")
}

# Create the folder `path` (and its parents) unless it exists; the reason of
# a failure is the system's, as Python's strerror gives it.
cli_make_folder <- function(path) {
  if (dir.exists(path)) return(invisible(path))
  if (file.exists(path)) {
    twinnet_stop("could not write to ", path, ": it is a file, not a folder")
  }
  reason <- NULL
  made <- withCallingHandlers(
    dir.create(path, recursive = TRUE),
    warning = function(w) {
      reason <<- os_reason(conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  if (!made || !dir.exists(path)) {
    twinnet_stop("could not create the folder ", path,
                 if (!is.null(reason)) paste0(": ", reason))
  }
  invisible(path)
}

# List the table's generators, or write one's data (the flags its settings
# name, when given, are its arguments).
cli_datasets <- function(args) {
  generators <- cli_table()$generators
  name <- args[["name"]]
  if (is.null(name)) {
    helps <- vapply(generators, function(g) g$help, "")
    cat(sprintf("%-9s %s", names(generators), helps), sep = "\n")
    return(0L)
  }
  if (is.null(args[["out"]])) {
    twinnet_stop("datasets --name needs --out, the folder to write x.csv and y.csv to")
  }
  generator <- generators[[name]]
  given <- args[intersect(as.character(generator$settings), names(args))]
  data <- do.call(get(generator[["function"]], mode = "function"), given)
  cli_make_folder(args[["out"]])
  x_path <- file.path(args[["out"]], "x.csv")
  y_path <- file.path(args[["out"]], "y.csv")
  write_matrix(data$X, x_path, prefix = "x")
  write_matrix(matrix(data$y, ncol = 1L), y_path, prefix = "y")
  cat(name, ": ", nrow(data$X), " rows written to ", x_path, " and ", y_path,
      "\n", sep = "")
  0L
}

cli_compare <- function(args) {
  rows <- compare_files(args[["a"]], args[["b"]])
  verdict <- compare_verdict(rows, args[["tolerance"]])
  cat(format_compare_rows(rows), "\n", sep = "")
  cat("verdict: ", verdict$text, "\n", sep = "")
  if (verdict$ok) 0L else 1L
}

# blas mode's tolerance in parity: every value within this relative difference,
# |a - b| <= parity_relative * max(|a|, |b|, 1) (absolute below 1)
parity_relative <- 1e-9
cli_usage_status <- 2L  # a usage error's exit status, and parity's without the other language

# Train --config here and in Python (Python's command line, a child process),
# each in --mode (exact unless blas), into OUT/python/model.json and
# OUT/r/model.json, then print the verdict (cli_parity_report): 0 for a pass,
# 1 for a difference, 2 when Python's command line is not found.
cli_parity <- function(args) {
  other <- cli_python_command()
  if (is.character(other)) {
    cat("twinnet: error: ", other, "\n", sep = "", file = stderr())
    return(cli_usage_status)
  }
  read_config(args[["config"]])  # a bad config is told here, before any training
  paths <- list()
  for (side in c("python", "r")) {
    cli_make_folder(file.path(args[["out"]], side))
    paths[[side]] <- file.path(args[["out"]], side, "model.json")
  }
  train <- c("train", "--config", args[["config"]], "--mode", args[["mode"]], "--quiet")
  cli_train(cli_parse(c(train, "--out", paths$r), cli_table()))
  said <- suppressWarnings(system2(other$command, c(other$args, shQuote(c(train, "--out",
                                   paths$python))), stdout = TRUE, stderr = TRUE))
  status <- attr(said, "status")
  if (!is.null(status) && status != 0L) {
    said <- said[nzchar(trimws(said))]
    twinnet_stop("Python's train failed (exit status ", status, "): ",
                 if (length(said)) trimws(said[length(said)]) else "")
  }
  for (side in c("python", "r")) {
    cat(side, ": trained in ", args[["mode"]], " mode: ", paths[[side]], "\n", sep = "")
  }
  cli_parity_report(paths$python, paths$r, args[["mode"]])
}

# Python's command line: list(command, args) (the launcher TWINNET_PYTHON
# names, the checkout's .venv/bin/twinnet in the working folder, `twinnet` on
# the PATH, else python3 -m twinnet when python3 has the package), or why it
# is not there (a string, beginning with `verb`, the verb that needs it).
# twin: _cli_r_command
cli_python_command <- function(verb = "parity") {
  launchers <- c(Sys.getenv("TWINNET_PYTHON"), file.path(getwd(), ".venv", "bin", "twinnet"),
                 Sys.which("twinnet"))
  for (launcher in launchers[nzchar(launchers)]) {
    if (utils::file_test("-f", launcher) && file.access(launcher, 1L) == 0L) {
      return(list(command = launcher, args = character()))
    }
  }
  python <- Sys.which("python3")
  if (nzchar(python) && suppressWarnings(system2(python, c("-c", shQuote("import twinnet")),
                                                stdout = FALSE, stderr = FALSE)) == 0L) {
    return(list(command = python, args = c("-m", "twinnet")))
  }
  paste0(verb, " needs Python's command line, and it was not found: no TWINNET_PYTHON, ",
         "no .venv/bin/twinnet here, no twinnet on the PATH, and no python3 with the ",
         "twinnet package (pip install ./python, or set TWINNET_PYTHON to its launcher)")
}

# A model's values in the order parity reports them: layer by layer
# (weights[1], biases[1], weights[2], ...), then the loss history.
cli_parity_quantities <- function(network) {
  found <- list()
  for (layer in seq_len(min(length(network$weights), length(network$biases)))) {
    found[[sprintf("weights[%d]", layer)]] <- network$weights[[layer]]
    found[[sprintf("biases[%d]", layer)]] <- network$biases[[layer]]
  }
  found$loss_history <- network$loss_history
  found
}

# Print compare's rows of two model files (Python's, R's), where they first
# parted (the epoch of the loss history, the first layer and quantity) and
# the verdict: in exact mode identical bits, in blas mode every value within
# parity_relative. Returns the exit status, 0 for a pass and 1 for a
# difference.
cli_parity_report <- function(path_a, path_b, mode = "exact") {
  rows <- compare_files(path_a, path_b)
  cat(format_compare_rows(rows), "\n", sep = "")
  verdict <- compare_verdict(rows, 0)
  if (verdict$ok) {
    cat("verdict: ", verdict$text, "\n", sep = "")
    return(0L)
  }
  a <- load_network(path_a)
  b <- load_network(path_b)
  ha <- as.double(a$loss_history)
  hb <- as.double(b$loss_history)
  n <- min(length(ha), length(hb))
  parted <- which(ha[seq_len(n)] != hb[seq_len(n)])
  if (length(parted) || length(ha) != length(hb)) {
    epoch <- if (length(parted)) parted[1] else n + 1L
    cat("first difference: epoch ", epoch, " of the loss history\n", sep = "")
  } else {
    cat("first difference: none in the loss history (", n, " epochs equal)\n", sep = "")
  }
  relative <- 0
  first <- NULL
  qa <- cli_parity_quantities(a)
  qb <- cli_parity_quantities(b)
  if (length(qa) != length(qb)) {
    relative <- Inf
    first <- sprintf("the layers (%d against %d)", length(a$weights), length(b$weights))
  }
  for (i in seq_len(min(length(qa), length(qb)))) {
    x <- as.matrix(as.double(qa[[i]]))
    y <- as.matrix(as.double(qb[[i]]))
    if (!identical(dim(as.matrix(qa[[i]])), dim(as.matrix(qb[[i]])))) {
      relative <- Inf
      if (is.null(first)) first <- names(qa)[i]
      next
    }
    if (identical(x, y)) next
    scale <- pmax(pmax(abs(x), abs(y)), 1)
    relative <- max(relative, abs(x - y) / scale)
    if (is.null(first)) first <- names(qa)[i]
  }
  cat("first quantity that differs: ", first, "\n", sep = "")
  worst <- cli_number_text(max(vapply(rows, function(r) r$max_abs, numeric(1))))
  if (mode == "exact") {
    cat("verdict: ", verdict$text, "; exact mode requires identical bits\n", sep = "")
    return(1L)
  }
  shown <- unlist(lapply(rows, function(r) r$max_ulps))
  shown <- shown[!is.na(shown)]
  text <- paste0("largest difference ", worst, " (",
                 if (length(shown)) format(max(shown), scientific = FALSE) else "-",
                 " ULPs), largest relative difference ", cli_number_text(relative))
  rule <- paste0("blas mode's tolerance, |a - b| <= ", format(parity_relative),
                 " * max(|a|, |b|, 1)")
  if (relative <= parity_relative) {
    cat("verdict: within tolerance: ", text, " <= ", format(parity_relative), " (", rule,
        ")\n", sep = "")
    return(0L)
  }
  cat("verdict: different: ", text, " > ", format(parity_relative), " (", rule, ")\n", sep = "")
  1L
}

# A difference as parity prints it: 3 significant digits, or infinite.
cli_number_text <- function(value) {
  if (is.infinite(value)) "infinite" else sprintf("%.3g", value)
}

# Write --model as --format to --out: Python's command line does it (torch and
# onnx are Python's; docs/export.md), its output and exit status passed on; 2
# when it is not found.
cli_export <- function(args) {
  other <- cli_python_command("export")
  if (is.character(other)) {
    cat("twinnet: error: ", other, "\n", sep = "", file = stderr())
    return(cli_usage_status)
  }
  flags <- c("export", "--model", args[["model"]], "--format", args[["format"]],
             "--out", args[["out"]], if (isTRUE(args[["quiet"]])) "--quiet")
  status <- suppressWarnings(system2(other$command, c(other$args, shQuote(flags)),
                                     stdout = "", stderr = ""))
  as.integer(status)
}

cli_verbs <- list(train = cli_train, predict = cli_predict, evaluate = cli_evaluate,
                  trace = cli_trace, plot = cli_plot, datasets = cli_datasets,
                  compare = cli_compare, parity = cli_parity,
                  export = cli_export,
                  report = function(args) report_cli(args))  # report.R collates later

#' Run the twinnet command line
#'
#' `Rscript R/exec/twinnet.R VERB [flags]` with the verbs `train`, `predict`,
#' `evaluate`, `trace`, `plot`, `datasets`, `compare` and `parity` and the same flags as
#' Python's `twinnet` command (both read the table `cli.json`); `--help` on
#' each verb.
#'
#' @param args Command-line arguments (without the script name).
#' @return The exit status: 0 on success, 1 for a twinnet error (or a
#'   comparison or parity check that finds a difference), 2 for a usage error
#'   (and for `parity` and `export` when Python's command line is not found),
#'   130 when an interrupt (Ctrl-C) stopped the run (a stopped training run
#'   first saves the epochs it completed). `export` hands its work to Python's
#'   command line (see [export_model()]).
#' @examples
#' twinnet_cli("--help")
#' twinnet_cli(c("train", "--help"))
#' @export
twinnet_cli <- function(args = commandArgs(trailingOnly = TRUE)) {
  table <- cli_table()
  stopped <- stop_state$count
  status <- tryCatch({
    parsed <- cli_parse(args, table)
    if (parsed[["help"]]) {
      cat(cli_usage(table, parsed[["verb"]]), "\n", sep = "")
      return(0L)
    }
    status <- cli_verbs[[parsed[["verb"]]]](parsed)
    if (is.integer(status)) status else 0L
  },
  twinnet_usage = function(e) {
    verb <- if (length(args) && args[1] %in% names(table$verbs)) args[1]
    cat(cli_usage_line(table, verb), "\n", sep = "", file = stderr())
    cat("twinnet: error: ", conditionMessage(e), "\n", sep = "", file = stderr())
    2L
  },
  twinnet_error = function(e) {
    cat("twinnet: error: ", conditionMessage(e), "\n", sep = "", file = stderr())
    1L
  },
  interrupt = function(e) {  # outside training, or during a save
    cat("twinnet: interrupted\n", file = stderr())
    cli_interrupted
  })
  if (stop_state$count > stopped) cli_interrupted else status
}

cli_interrupted <- 130L  # the exit status after Ctrl-C (128 + SIGINT), as shells use
