# The command line's parser: R reads the arguments itself, with the table
# (inst/cli.json), in argparse's words, so that both languages print the same
# usage errors and help.
# one side: argparse does this for Python (cli.py's build_parser makes the
# parser from the same table).

# one side: a usage error (Python's argparse reports it itself, _Parser.error)
cli_fail <- function(message) {
  structure(class = c("twinnet_usage", "error", "condition"),
            list(message = message, call = NULL))
}

# one side: argparse calls the flag's type function (FLAG_TYPES) and checks choices.
# A flag's text as its type says, or a usage error worded as argparse's.
cli_value <- function(name, text, f) {
  tryCatch(
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
      cli_flag_types[[f$type]](text)),
    twinnet_flag_value = function(e) {
      stop(cli_fail(paste0("argument --", name, ": ", conditionMessage(e))))
    })
}

# one side: argparse splits --flag=value itself.
# A flag's name and the value given with it as --flag=value (NULL without "=").
cli_flag_name <- function(a) sub("=.*$", "", sub("^--", "", a))
# one side: argparse splits --flag=value itself.
cli_inline_value <- function(a) {
  if (startsWith(a, "--") && grepl("=", a, fixed = TRUE)) sub("^[^=]*=", "", a)
}

# one side: Python's argparse parses (build_parser makes it from the table).
# The verb and flags of `args` as the table says, or a usage error.
cli_parse <- function(args, table) {
  if (!length(args)) {  # as Python's argparse: a usage error, status 2
    stop(cli_fail("the following arguments are required: VERB"))
  }
  if (args[1] %in% c("-h", "--help")) {
    return(list(verb = NULL, help = TRUE))
  }
  verb <- args[1]
  if (!(verb %in% names(table$verbs))) {
    stop(cli_fail(paste0("argument VERB: invalid choice: '", verb,
                         "' (choose from ", paste0("'", names(table$verbs), "'",
                                                   collapse = ", "), ")")))
  }
  spec <- table$verbs[[verb]]
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
  required <- names(Filter(function(f) isTRUE(f$required), spec$flags))
  missing <- setdiff(required, names(out))
  if (length(missing)) {
    stop(cli_fail(paste0("the following arguments are required: ",
                         paste0("--", missing, collapse = ", "))))
  }
  if (length(unrecognized)) {
    stop(cli_fail(paste("unrecognized arguments:", paste(unrecognized, collapse = " "))))
  }
  if (!is.null(spec$check)) cli_checks[[spec$check]](out, spec)
  cli_defaults(out, spec)
}

# one side: argparse fills in the defaults.
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

# one side: argparse writes the help.
# The command's help (verb NULL) or a verb's.
cli_usage <- function(table, verb = NULL) {
  if (is.null(verb)) {
    lines <- c("usage: twinnet VERB [flags]", "",
               sub("{other}", "Python", table$description, fixed = TRUE),
               "", "verbs:")
    for (v in names(table$verbs)) {
      lines <- c(lines, sprintf("  %-9s %s", v, table$verbs[[v]]$help))
    }
    return(paste(lines, collapse = "\n"))
  }
  spec <- table$verbs[[verb]]
  shown <- cli_flags_shown(spec)
  helps <- vapply(spec$flags, function(f) f$help, "")
  lines <- c(cli_usage_line(table, verb), "", spec$help, "", "flags:",
             sprintf("  %-24s %s", shown, helps))
  paste(lines, collapse = "\n")
}

# one side: argparse writes the usage.
# Each flag as the usage shows it: --out OUT, --quiet.
cli_flags_shown <- function(spec) {
  flags <- names(spec$flags)
  is_switch <- vapply(spec$flags, function(f) f$type == "switch", logical(1))
  ifelse(is_switch, paste0("--", flags),
         paste0("--", flags, " ", toupper(gsub("-", "_", flags))))
}

# one side: argparse writes the usage.
# The usage line alone (what a usage error shows, as argparse does): optional
# flags in brackets.
cli_usage_line <- function(table, verb = NULL) {
  if (is.null(verb)) return("usage: twinnet VERB [flags]")
  spec <- table$verbs[[verb]]
  shown <- cli_flags_shown(spec)
  optional <- !vapply(spec$flags, function(f) isTRUE(f$required), logical(1))
  shown[optional] <- paste0("[", shown[optional], "]")
  paste0("usage: twinnet ", verb, " ", paste(shown, collapse = " "))
}
