# Command line: `train`, `predict`, `evaluate`, `trace`, `plot`, `datasets`
# and `compare`, the same verbs and flags as the Python twin
# (python/src/twinnet/cli.py). exec/twinnet.R calls twinnet_cli().

flag <- function(help, type = "string", choices = NULL, default = NULL) {
  list(help = help, type = type, choices = choices, default = default)
}

cli_generators <- c(
  xor = "Aflak's XOR (4 rows)",
  toy = "Analytics Vidhya's 3 x 4 toy data",
  loy = "Loy's 4-row table",
  moons = "two interleaving half circles (--n, --noise, --seed)",
  circles = "a circle inside a circle (--n, --noise, --factor, --seed)",
  blobs = "Gaussian blobs around random centres (--n, --centers, --sd, --seed)"
)

cli_verbs <- list(
  train = list(
    help = "train a network from a config.json, or from one CSV file (--data)",
    flags = list(
      config = flag("path to config.json (or --data)"),
      data = flag("one CSV file holding the inputs and the label columns"),
      label = flag("with --data: the label column's name (or names, a,b)"),
      layers = flag("with --data: units per layer, input first, e.g. 2,4,1", "sizes"),
      out = flag("model file to write (JSON)"),
      mode = flag("override mode", "choice", c("blas", "exact")),
      epochs = flag("override the number of epochs (required with --data)", "int"),
      lr = flag("with --data: learning rate (default 0.1)", "positive float"),
      seed = flag("with --data: seed of R's generator (default 42)", "signed int"),
      loss = flag("with --data: the loss (default half_sse)"),
      activation = flag("with --data: the activation (default sigmoid)"),
      `checkpoint-every` = flag("save the model to --out every N epochs", "int"),
      resume = flag("continue the model in --out up to the config's epochs", "switch"),
      quiet = flag("print nothing", "switch")),
    required = "out",
    check = function(args) cli_check_train_flags(args)
  ),
  predict = list(
    help = "predict with a trained model",
    flags = list(model = flag("model file (JSON)"),
                 x = flag("CSV (or IDX) file of inputs (or --data)"),
                 data = flag("one CSV file: its columns but --label's are the inputs"),
                 label = flag("with --data: the label column's name (or names, a,b)"),
                 out = flag("CSV file to write"),
                 quiet = flag("print nothing", "switch")),
    required = c("model", "out"),
    check = function(args) cli_check_data_flags(args, "x")
  ),
  evaluate = list(
    help = "loss, accuracy and confusion matrix of a model on data",
    flags = list(model = flag("model file (JSON)"),
                 x = flag("CSV (or IDX) file of inputs (or --data)"),
                 y = flag("CSV (or IDX) file of targets"),
                 data = flag("one CSV file of inputs and label columns"),
                 label = flag("with --data: the label column's name (or names, a,b)"),
                 fashion = flag(paste("name the classes with Fashion-MNIST's class names",
                                      "(the default when --y is Fashion-MNIST's label file)"),
                                "switch")),
    required = "model",
    check = function(args) cli_check_data_flags(args, c("x", "y"))
  ),
  trace = list(
    help = "one epoch step by step, every matrix the article names",
    flags = list(config = flag("path to config.json"),
                 out = flag("CSV file to write the trace to (long form)"),
                 mode = flag("override mode", "choice", c("blas", "exact")),
                 digits = flag("decimals shown (default 4)", "int", default = 4L)),
    required = "config"
  ),
  plot = list(
    help = "draw a picture of a model (PNG)",
    flags = list(model = flag("model file (JSON)"),
                 kind = flag("loss curve, network diagram, decision boundary or images",
                             "choice", c("loss", "network", "boundary", "images")),
                 out = flag("PNG file to write"),
                 x = flag("CSV (or IDX) inputs (boundary, images)"),
                 y = flag("CSV (or IDX) targets (boundary, images)"),
                 n = flag("images shown (default 25)", "int", default = 25L),
                 fashion = flag("label images with Fashion-MNIST's class names", "switch")),
    required = c("model", "kind", "out")
  ),
  datasets = list(
    help = "list the data generators, or write one's data",
    flags = list(name = flag("the generator", "choice", names(cli_generators)),
                 out = flag("folder to write x.csv and y.csv to (created if missing)"),
                 n = flag("number of points", "int"),
                 noise = flag("sd of the noise added to the points", "float"),
                 factor = flag("inner circle's radius (circles)", "float"),
                 centers = flag("number of blobs", "int"),
                 sd = flag("sd of each blob", "float"),
                 seed = flag("seed of R's generator", "signed int")),
    required = character(0)
  ),
  compare = list(
    help = "compare two model files or two CSV files, bit by bit",
    flags = list(a = flag("first model file or CSV"),
                 b = flag("second model file or CSV"),
                 tolerance = flag(paste("largest absolute difference accepted",
                                        "(default 0: identical)"), "non-negative float",
                                  default = 0)),
    required = c("a", "b")
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
  shown <- cli_flags_shown(spec)
  helps <- vapply(spec$flags, function(f) f$help, "")
  lines <- c(cli_usage_line(verb), "", spec$help, "", "flags:",
             sprintf("  %-24s %s", shown, helps))
  paste(lines, collapse = "\n")
}

# Each flag as the usage shows it: --out OUT, --quiet.
cli_flags_shown <- function(spec) {
  flags <- names(spec$flags)
  is_switch <- vapply(spec$flags, function(f) f$type == "switch", logical(1))
  ifelse(is_switch, paste0("--", flags),
         paste0("--", flags, " ", toupper(gsub("-", "_", flags))))
}

# The usage line alone (what a usage error shows, as argparse does): optional
# flags in brackets.
cli_usage_line <- function(verb = NULL) {
  if (is.null(verb)) return("usage: twinnet VERB [flags]")
  spec <- cli_verbs[[verb]]
  shown <- cli_flags_shown(spec)
  optional <- !(names(spec$flags) %in% spec$required)
  shown[optional] <- paste0("[", shown[optional], "]")
  paste0("usage: twinnet ", verb, " ", paste(shown, collapse = " "))
}

cli_fail <- function(message) {
  structure(class = c("twinnet_usage", "error", "condition"),
            list(message = message, call = NULL))
}

# A flag's text as its type says, or a usage error worded as Python's argparse.
cli_value <- function(name, text, f) {
  bad <- function(kind) {
    stop(cli_fail(sprintf("argument --%s: invalid %s value: '%s'", name, kind, text)))
  }
  switch(f$type,
    string = text,
    choice = {
      if (!(text %in% f$choices)) {
        stop(cli_fail(sprintf("argument --%s: invalid choice: '%s' (choose from %s)",
                              name, text,
                              paste0("'", f$choices, "'", collapse = ", "))))
      }
      text
    },
    int = , `signed int` = {
      value <- suppressWarnings(as.integer(text))
      if (is.na(value) || as.character(value) != text) bad("int")
      if (f$type == "int" && value < 1L) {
        stop(cli_fail(sprintf("argument --%s: must be a positive integer: '%s'",
                              name, text)))
      }
      value
    },
    float = , `non-negative float` = {
      if (!grepl(cli_number, text)) bad("float")
      value <- parse_numbers(text)
      if (!is.finite(value)) {
        stop(cli_fail(sprintf("argument --%s: must be a finite number: '%s'", name, text)))
      }
      if (f$type == "non-negative float" && value < 0) {
        stop(cli_fail(sprintf("argument --%s: must be a number >= 0: '%s'", name, text)))
      }
      value
    },
    `positive float` = {
      if (!grepl(cli_positive_number, text)) bad("float")
      value <- parse_numbers(text)
      if (!(value > 0 && is.finite(value))) {
        stop(cli_fail(sprintf("argument --%s: must be a positive number: '%s'",
                              name, text)))
      }
      value
    },
    sizes = cli_sizes(name, text)
  )
}

# A positive finite decimal number (no Inf, NaN, signs or hexadecimal); a
# number may also have a minus sign (Python's twin: POSITIVE_NUMBER, _float).
cli_positive_number <- "^([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"
cli_number <- "^-?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"

# --layers: units per layer, input first, e.g. 2,4,1.
cli_sizes <- function(name, text) {
  parts <- strsplit(text, ",", fixed = TRUE)[[1]]
  if (endsWith(text, ",")) parts <- c(parts, "")  # strsplit drops a last empty part
  if (length(parts) < 2L || !all(grepl("^ *[0-9]+ *$", parts))) {
    stop(cli_fail(sprintf(paste0("argument --%s: must be two or more sizes ",
                                 "separated by commas, such as 2,4,1: '%s'"),
                          name, text)))
  }
  sizes <- as.numeric(parts)
  if (!all(sizes >= 1 & sizes <= 2147483647)) {
    stop(cli_fail(sprintf("argument --%s: each size must be in [1, 2147483647]: '%s'",
                          name, text)))
  }
  as.integer(sizes)
}

# train --data FILE --label COLUMN --layers 2,4,1: one CSV, the label columns
# named by header, the rest the inputs; the settings a config would hold come
# from flags, with a config's defaults (lr 0.1, seed 42, loss half_sse,
# activation sigmoid, mode blas); --epochs is required.
cli_data_flags <- c("label", "layers", "lr", "seed", "loss", "activation")

# Exactly one of --config or --data; --data's flags only with --data.
# predict and evaluate: their data from `inputs` (--x, or --x and --y), or
# from one CSV file (--data and --label), not both.
cli_check_data_flags <- function(args, inputs) {
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

cli_check_train_flags <- function(args) {
  if (is.null(args[["config"]]) && is.null(args[["data"]])) {
    stop(cli_fail("the following arguments are required: --config or --data"))
  }
  if (!is.null(args[["config"]]) && !is.null(args[["data"]])) {
    stop(cli_fail("argument --data: not allowed with argument --config"))
  }
  if (!is.null(args[["config"]])) {
    for (name in cli_data_flags) {
      if (!is.null(args[[name]])) {
        stop(cli_fail(paste0("argument --", name, ": not allowed with argument --config")))
      }
    }
    return(invisible(NULL))
  }
  missing <- Filter(function(n) is.null(args[[n]]), c("label", "layers", "epochs"))
  if (length(missing)) {
    stop(cli_fail(paste0("the following arguments are required with --data: ",
                         paste0("--", missing, collapse = ", "))))
  }
  invisible(NULL)
}

# A flag's name and the value given with it as --flag=value (as argparse
# takes it; NULL without "=").
cli_flag_name <- function(a) sub("=.*$", "", sub("^--", "", a))
cli_inline_value <- function(a) {
  if (startsWith(a, "--") && grepl("=", a, fixed = TRUE)) sub("^[^=]*=", "", a)
}

cli_parse <- function(args) {
  if (!length(args)) {  # as Python's argparse: a usage error, status 2
    stop(cli_fail("the following arguments are required: VERB"))
  }
  if (args[1] %in% c("-h", "--help")) {
    return(list(verb = NULL, help = TRUE))
  }
  verb <- args[1]
  if (!(verb %in% names(cli_verbs))) {
    stop(cli_fail(paste0("argument VERB: invalid choice: '", verb,
                         "' (choose from ", paste0("'", names(cli_verbs), "'",
                                                   collapse = ", "), ")")))
  }
  spec <- cli_verbs[[verb]]
  out <- list(verb = verb, help = FALSE)
  rest <- args[-1]
  unrecognized <- character(0)
  i <- 1L
  while (i <= length(rest)) {
    a <- rest[i]
    if (a %in% c("-h", "--help")) return(list(verb = verb, help = TRUE))
    name <- cli_flag_name(a)
    inline <- cli_inline_value(a)
    if (!startsWith(a, "--") || !(name %in% names(spec$flags))) {
      unrecognized <- c(unrecognized, a)  # reported after the required flags, as argparse
      i <- i + 1L
      next
    }
    f <- spec$flags[[name]]
    key <- gsub("-", "_", name)
    if (f$type == "switch") {
      if (!is.null(inline)) {
        stop(cli_fail(paste0("argument --", name, ": ignored explicit argument '",
                             inline, "'")))
      }
      out[[key]] <- TRUE
      i <- i + 1L
    } else if (!is.null(inline)) {
      out[[key]] <- cli_value(name, inline, f)
      i <- i + 1L
    } else {
      if (i == length(rest) || startsWith(rest[i + 1L], "--")) {
        stop(cli_fail(paste0("argument --", name, ": expected one argument")))
      }
      out[[key]] <- cli_value(name, rest[i + 1L], f)
      i <- i + 2L
    }
  }
  missing <- setdiff(spec$required, names(out))
  if (length(missing)) {
    stop(cli_fail(paste0("the following arguments are required: ",
                         paste0("--", missing, collapse = ", "))))
  }
  if (length(unrecognized)) {
    stop(cli_fail(paste("unrecognized arguments:", paste(unrecognized, collapse = " "))))
  }
  if (!is.null(spec$check)) spec$check(out)
  cli_defaults(out, spec)
}

# The defaults of the flags not given.
cli_defaults <- function(out, spec) {
  for (name in names(spec$flags)) {
    key <- gsub("-", "_", name)
    if (is.null(out[[key]]) && !is.null(spec$flags[[name]]$default)) {
      out[[key]] <- spec$flags[[name]]$default
    }
  }
  out
}

# The run's config: read from --config, or made from --data's flags.
cli_train_config <- function(args) {
  if (is.null(args[["data"]])) return(read_config(args[["config"]]))
  given <- function(name, default) if (is.null(args[[name]])) default else args[[name]]
  config <- config_defaults
  config$x <- args[["data"]]
  config$y <- args[["data"]]
  config$layers <- args[["layers"]]
  config$epochs <- args[["epochs"]]
  config$lr <- given("lr", 0.1)
  config$seed <- given("seed", 42)
  config$loss <- given("loss", "half_sse")
  config$activation <- given("activation", "sigmoid")
  config
}

# X and Y of the run: the config's files, or --data split by --label.
cli_train_data <- function(args, config) {
  if (is.null(args[["data"]])) {
    return(list(X = read_data(config$x, "X"), Y = read_data(config$y, "Y")))
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
    if (done == config$epochs) {
      if (!quiet) {
        cat(args[["out"]], " has trained all ", done, " epochs already; nothing to do\n",
            sep = "")
      }
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
    test <- list(X = read_data(config$x_test, "X test"), Y = read_data(config$y_test, "Y test"))
  }
  control <- list(progress = if (quiet) FALSE)
  if (!is.null(args[["checkpoint_every"]])) {
    control$checkpoint_every <- args[["checkpoint_every"]]
    control$checkpoint_path <- args[["out"]]
  }
  if (epochs > 0) {
    model <- do.call(train_from_config, c(list(config, X, Y, model, epochs), control))
  }
  save_model(model, args[["out"]])
  if (!quiet) {
    cat("trained [", paste(network_sizes(model), collapse = ", "), "] (", model$mode,
        " mode) for ", length(model$loss_history), " epochs; final loss ",
        num_text(model$loss_history[length(model$loss_history)]),
        "; model written to ", args[["out"]], "\n", sep = "")
    if (!is.null(test)) {
      result <- evaluate(model, test$X, test$Y, class_names = class_names_for(config$y_test))
      cat("test data:\n", format_evaluation(result), "\n", sep = "")
    }
    # scikit-learn's convergence test with its defaults, over the whole
    # history (a resumed run decides as an uninterrupted one); not after Ctrl-C
    message <- convergence_check(model$loss_history)
    if (!is.null(message) && stop_state$count == stopped) {
      cat("twinnet: warning: ", message, "\n", sep = "", file = stderr())
    }
  }
}

cli_predict <- function(args) {
  model <- load_network(args[["model"]])
  X <- if (is.null(args[["data"]])) read_data(args[["x"]], "X") else
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
    data <- list(X = read_data(args[["x"]], "X"), Y = read_data(args[["y"]], "Y"))
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
  table <- trace_epoch(model, read_data(config$x, "X"), read_data(config$y, "Y"),
                       lr = config$lr)
  cat(trace_report(table, digits = args[["digits"]]), "\n", sep = "")
  if (!is.null(args[["out"]])) {
    write_trace(table, args[["out"]])
    cat("trace written to ", args[["out"]], "\n", sep = "")
  }
}

# Class of each row: the column of the 1 in one-hot targets, else the value.
cli_labels <- function(Y) if (ncol(Y) > 1) max.col(Y, "first") - 1 else Y[, 1]

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
    labels <- cli_labels(read_data(args[["y"]], "Y"))
    if (kind == "boundary") {
      plot_decision_boundary(model, X, labels, args[["out"]])
    } else {
      n <- min(args[["n"]], nrow(X))
      out <- predict(model, X[seq_len(n), , drop = FALSE])
      predicted <- if (ncol(out) > 1) cli_labels(out) else as.numeric(out[, 1] > 0.5)
      plot_images(X[seq_len(n), , drop = FALSE], labels[seq_len(n)], args[["out"]],
                  predicted = predicted, n = n,
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
      reason <<- sub(".*reason '(.*)'$", "\\1", conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  if (!made || !dir.exists(path)) {
    twinnet_stop("could not create the folder ", path,
                 if (!is.null(reason)) paste0(": ", reason))
  }
  invisible(path)
}

cli_datasets <- function(args) {
  name <- args[["name"]]
  if (is.null(name)) {
    cat(sprintf("%-9s %s", names(cli_generators), cli_generators), sep = "\n")
    return(0L)
  }
  if (is.null(args[["out"]])) {
    twinnet_stop("datasets --name needs --out, the folder to write x.csv and y.csv to")
  }
  settings <- switch(name, moons = c("n", "noise", "seed"),
                     circles = c("n", "noise", "factor", "seed"),
                     blobs = c("n", "centers", "sd", "seed"), character(0))
  given <- args[intersect(settings, names(args))]
  generator <- switch(name, xor = xor_data, toy = toy_data, loy = loy_data,
                      moons = make_moons, circles = make_circles, blobs = make_blobs)
  data <- do.call(generator, given)
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

#' Run the twinnet command line
#'
#' `Rscript R/exec/twinnet.R VERB [flags]` with the verbs `train`, `predict`,
#' `evaluate`, `trace`, `plot`, `datasets` and `compare` and the same flags as
#' Python's `twinnet` command; `--help` on each verb.
#'
#' @param args Command-line arguments (without the script name).
#' @return The exit status: 0 on success, 1 for a twinnet error (or a
#'   comparison that finds a difference), 2 for a usage error, 130 when an
#'   interrupt (Ctrl-C) stopped the run (a stopped training run first saves
#'   the epochs it completed).
#' @examples
#' twinnet_cli("--help")
#' twinnet_cli(c("train", "--help"))
#' @export
twinnet_cli <- function(args = commandArgs(trailingOnly = TRUE)) {
  stopped <- stop_state$count
  status <- tryCatch({
    parsed <- cli_parse(args)
    if (parsed[["help"]]) {
      cat(cli_usage(parsed[["verb"]]), "\n", sep = "")
      return(0L)
    }
    run <- switch(parsed[["verb"]], train = cli_train, predict = cli_predict,
                  evaluate = cli_evaluate, trace = cli_trace, plot = cli_plot,
                  datasets = cli_datasets, compare = cli_compare)
    status <- run(parsed)
    if (is.integer(status)) status else 0L
  },
  twinnet_usage = function(e) {
    cat(cli_usage_line(if (length(args) && args[1] %in% names(cli_verbs)) args[1]),
        "\n", sep = "", file = stderr())
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
