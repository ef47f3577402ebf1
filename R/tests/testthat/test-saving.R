# Writing files and process faults (docs/inputs.md, "Writing files" and "The
# command line"). Twin: python/tests/test_saving.py; both command lines side
# by side: parity_tests/test_process_faults.py.

dead_pid <- 99999999  # above any pid_max (2^22): never a running process

saving_dir <- function() {
  dir <- tempfile("saving-")
  dir.create(dir)
  dir
}

file_mode <- function(path) format(file.info(path)$mode)

# A folder this process cannot write into, or skip (root writes anywhere but
# into sysfs).
read_only_folder <- function() {
  folder <- saving_dir()
  Sys.chmod(folder, "555", use_umask = FALSE)
  for (candidate in c(folder, "/sys")) {
    probe <- file.path(candidate, ".twinnet-probe")
    if (!suppressWarnings(file.create(probe))) return(candidate)
    unlink(probe)
  }
  testthat::skip("no folder this user cannot write into")
}

test_that("a new file gets the umask's permissions, an existing one keeps its own", {
  dir <- saving_dir()
  old <- Sys.umask("027")
  on.exit(Sys.umask(old))
  save_model(mlp(c(2, 1)), file.path(dir, "a.json"))
  expect_identical(file_mode(file.path(dir, "a.json")), "640")
  writeLines("old", file.path(dir, "b.json"))
  Sys.chmod(file.path(dir, "b.json"), "604", use_umask = FALSE)
  save_model(mlp(c(2, 1)), file.path(dir, "b.json"))
  expect_identical(file_mode(file.path(dir, "b.json")), "604")
})

test_that("a symbolic link has its target written", {
  dir <- saving_dir()
  writeLines("old", file.path(dir, "real.json"))
  file.symlink("real.json", file.path(dir, "link.json"))
  save_model(mlp(c(2, 1)), file.path(dir, "link.json"))
  expect_identical(Sys.readlink(file.path(dir, "link.json")), "real.json")
  expect_identical(network_sizes(load_model(file.path(dir, "real.json"))), c(2L, 1L))
  # a dangling link creates its target (R replaced the link)
  file.symlink("made.json", file.path(dir, "dangling.json"))
  save_model(mlp(c(2, 1)), file.path(dir, "dangling.json"))
  expect_identical(Sys.readlink(file.path(dir, "dangling.json")), "made.json")
  expect_identical(network_sizes(load_model(file.path(dir, "made.json"))), c(2L, 1L))
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("an empty file name is an error", {
  # R said "folder  does not exist", Python "No such file or directory"
  expect_error(save_model(mlp(c(2, 1)), ""), class = "twinnet_error",
               regexp = "^could not write '': the file name is empty$")
})

test_that("a device is written directly, not replaced", {
  # through a link, so that a regression replaces the link, not /dev/null
  dir <- saving_dir()
  file.symlink("/dev/null", file.path(dir, "null.json"))
  save_model(mlp(c(2, 1)), file.path(dir, "null.json"))
  expect_identical(Sys.readlink(file.path(dir, "null.json")), "/dev/null")
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("a pipe is written directly", {
  dir <- saving_dir()
  fifo <- file.path(dir, "fifo.csv")
  got <- file.path(dir, "got.csv")
  expect_identical(system2("mkfifo", fifo), 0L)
  system(paste("cat", shQuote(fifo), ">", shQuote(got)), wait = FALSE)
  write_matrix(matrix(0.5), fifo)
  for (i in 1:100) if (length(readLines(got, warn = FALSE)) < 2) Sys.sleep(0.05)
  expect_identical(readLines(got), c("y1", "0.5"))
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("/dev/stdout is written directly", {
  lines <- system2(file.path(R.home("bin"), "Rscript"),
                   c("-e", shQuote("twinnet::write_matrix(matrix(0.25), '/dev/stdout')")),
                   stdout = TRUE, stderr = TRUE,
                   env = paste0("R_LIBS=", paste(.libPaths(), collapse = ":")))
  expect_identical(lines, c("y1", "0.25"))
})

test_that("a folder is an error naming the path", {
  dir <- saving_dir()
  expect_error(save_model(mlp(c(2, 1)), dir), class = "twinnet_error",
               regexp = paste0("^could not write ", dir, ": it is a folder$"))
  expect_error(write_idx(c(0, 0, 0), dir), class = "twinnet_error",
               regexp = paste0("^could not write ", dir, ": it is a folder$"))
})

test_that("a folder that cannot be written is one twinnet error, pictures too", {
  folder <- read_only_folder()
  devices <- grDevices::dev.list()
  expect_error(save_model(mlp(c(2, 1)), file.path(folder, "m.json")),
               class = "twinnet_error",
               regexp = paste0("^could not write ", folder, "/m.json: Permission denied$"))
  # was "Error in plot.new(): cannot open file"
  expect_error(plot_loss(c(1, 0.5), file.path(folder, "loss.png")),
               class = "twinnet_error",
               regexp = paste0("^could not write ", folder, "/loss.png: Permission denied$"))
  expect_identical(grDevices::dev.list(), devices)
})

test_that("a picture whose drawing fails writes nothing and closes its device", {
  dir <- saving_dir()
  devices <- grDevices::dev.list()
  expect_error(plot_loss(c(1, -1), file.path(dir, "loss.png"), log = TRUE),
               class = "twinnet_error")
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE), character(0))
  expect_identical(grDevices::dev.list(), devices)
})

test_that("leftovers of a killed run are removed by the next write", {
  dir <- saving_dir()
  dead <- file.path(dir, paste0(".twinnet-", dead_pid, "-abc.tmp"))
  old <- file.path(dir, ".twinnet-old.tmp")
  alive <- file.path(dir, paste0(".twinnet-", Sys.getpid(), "-abc.tmp"))
  young <- file.path(dir, ".twinnet-young.tmp")
  other <- file.path(dir, "notes.tmp")
  for (path in c(dead, old, alive, young, other)) writeLines("partial", path)
  Sys.setFileTime(old, Sys.time() - 7200)
  write_matrix(matrix(1), file.path(dir, "m.csv"))
  expect_identical(sort(leftover_temp_files(dir)), sort(basename(c(alive, young))))
  expect_true(file.exists(other))
})

# Signal an interrupt (what Ctrl-C signals) when write_atomically() has opened
# its temporary file, on the saves whose number is in `on`.
interrupt_saves <- function(on) {
  ns <- asNamespace("twinnet")
  state <- new.env()
  state$count <- 0L
  steps <- vapply(as.list(body(ns$write_atomically)),
                  function(e) startsWith(paste(deparse(e), collapse = ""), "put("),
                  logical(1))
  tracer <- bquote({
    assign("count", get("count", .(state)) + 1L, envir = .(state))
    if (get("count", .(state)) %in% .(on)) {
      signalCondition(structure(class = c("interrupt", "condition"),
                                list(message = "", call = NULL)))
    }
  })
  suppressMessages(trace("write_atomically", tracer = tracer,
                         at = max(which(steps)) + 1L, where = ns, print = FALSE))
  function() suppressMessages(untrace("write_atomically", where = ns))
}

test_that("an interrupted save removes its temporary file and keeps the old file", {
  dir <- saving_dir()
  path <- file.path(dir, "m.json")
  save_model(mlp(c(2, 1), seed = 1), path)
  before <- readLines(path)
  restore <- interrupt_saves(1L)
  on.exit(restore())
  caught <- tryCatch(save_model(mlp(c(2, 1), seed = 2), path),
                     interrupt = function(e) "interrupted")
  expect_identical(caught, "interrupted")
  expect_identical(readLines(path), before)
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("an interrupt exits 130 after saving the completed epochs; resume completes", {
  # an interrupt exited 0: a script could not tell a stopped run from a finished one
  config <- toy_config(epochs = 50)
  dir <- dirname(config)
  out <- file.path(dir, "m.json")
  restore <- interrupt_saves(2L)  # during the second checkpoint (epoch 4)
  res <- run_cli(c("train", "--config", config, "--out", out, "--checkpoint-every", "2"))
  restore()
  expect_identical(res$status, 130L)
  expect_match(res$err, "stopped after epoch 4")
  expect_length(load_model(out)$loss_history, 4)
  res <- run_cli(c("train", "--config", config, "--out", out, "--resume", "--quiet"))
  expect_identical(res$status, 0L)
  whole <- file.path(dir, "w.json")
  expect_identical(run_cli(c("train", "--config", config, "--out", whole, "--quiet"))$status, 0L)
  expect_identical(readLines(out), readLines(whole))
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("an interrupt during the last save is one line and exit 130", {
  # an R interrupt ended Rscript without a word
  config <- toy_config(epochs = 5)
  dir <- dirname(config)
  restore <- interrupt_saves(1L)
  on.exit(restore())
  res <- run_cli(c("train", "--config", config, "--out", file.path(dir, "m.json"), "--quiet"))
  expect_identical(res$status, 130L)
  expect_identical(res$err, "twinnet: interrupted")
  expect_false(file.exists(file.path(dir, "m.json")))
  expect_identical(leftover_temp_files(dir), character(0))
})

test_that("non-ASCII file names from a config work under the C locale", {
  # "unable to translate '.../d<c3><a9>' to UTF-8" inside file.path()
  dir <- saving_dir()
  folder <- file.path(dir, enc2native("donn\u00e9es"))
  dir.create(folder)
  write_matrix(toy_X(), file.path(folder, enc2native("entr\u00e9es.csv")), "x")
  write_matrix(matrix(toy_y()), file.path(folder, "y.csv"), "y")
  writeLines(enc2utf8(paste0('{"x": "entr\u00e9es.csv", "y": "y.csv", ',
                             '"layers": [4, 3, 1], "epochs": 3}')),
             file.path(folder, "config.json"), useBytes = TRUE)
  old <- Sys.getlocale("LC_CTYPE")
  on.exit(Sys.setlocale("LC_CTYPE", old))
  Sys.setlocale("LC_CTYPE", "C")
  path <- file.path(folder, "config.json")
  Encoding(path) <- "unknown"
  config <- read_config(path)
  expect_identical(dim(read_data(config$x)), c(3L, 4L))
})

test_that("the training controls' records are saved and read back", {
  # validation_loss_history, validation_score_history (NaN and infinities as
  # the strings "NaN", "Inf", "-Inf": JSON has no such numbers), stop_reason
  # and best_epoch (docs/formats.md); a file without them loads with empty
  # histories and NULL. Twin: python/tests/test_saving.py.
  X <- matrix(c(0, 0, 0, 1, 1, 0, 1, 1), 4, 2, byrow = TRUE)
  Y <- matrix(c(0, 1, 1, 0))
  model <- fit(mlp(c(2, 3, 1), lr = 0.5, seed = 7), X, Y, 2)
  model <- fit(model, X, Y, 4, validation_data = list(X, Y), validation_score = "accuracy")
  model$validation_loss_history[4] <- -Inf  # as a diverging validation loss would be
  model$stop_reason <- "early_stopping"
  model$best_epoch <- 5L
  path <- file.path(saving_dir(), "m.json")
  save_model(model, path)
  data <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  expect_identical(data$validation_loss_history[1:2], list("NaN", "NaN"))
  expect_identical(data$validation_loss_history[[4]], "-Inf")
  expect_identical(data$stop_reason, "early_stopping")
  expect_identical(data$best_epoch, 5L)
  back <- load_model(path)
  expect_identical(back$validation_loss_history, model$validation_loss_history)
  expect_identical(back$validation_score_history, model$validation_score_history)
  expect_identical(back$stop_reason, "early_stopping")
  expect_identical(back$best_epoch, 5L)
  data[c("validation_loss_history", "validation_score_history", "stop_reason",
         "best_epoch")] <- NULL
  old <- file.path(saving_dir(), "old.json")
  writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, null = "null", digits = NA), old)
  old_model <- load_model(old)
  expect_length(old_model$validation_loss_history, 0)
  expect_length(old_model$validation_score_history, 0)
  expect_null(old_model$stop_reason)
  expect_null(old_model$best_epoch)
  data$best_epoch <- 7
  writeLines(jsonlite::toJSON(data, auto_unbox = TRUE, null = "null", digits = NA), old)
  expect_error(load_model(old), ": best_epoch must be a whole number in [0, 6], got 7",
               fixed = TRUE)
})
