# Data sources (streaming.R): streaming gives the in-memory fit's bits in
# exact mode; the memory test trains from a file larger than the address
# space a child R may use (ulimit -v) and shows read_data() fails there.

stream_net <- function(n_in = 20, seed = 3) {
  net <- network(seed = seed, mode = "exact")
  net <- add(net, dense(n_in, 6))
  net <- add(net, activation("tanh"))
  net <- add(net, dense(6, 3))
  net <- add(net, activation("softmax"))
  use(net, "softmax_cross_entropy")
}

stream_files <- function() {
  dir <- tempfile("streaming")
  dir.create(dir)
  set.seed(10)
  images <- array(sample.int(256, 203 * 20, replace = TRUE) - 1L, c(203, 4, 5))
  labels <- sample.int(3, 203, replace = TRUE) - 1L
  paths <- list(images = file.path(dir, "d-images-idx3-ubyte"),
                labels = file.path(dir, "d-labels-idx1-ubyte"),
                csv = file.path(dir, "d.csv"))
  write_idx(images, paths$images, "ubyte")
  write_idx(labels, paths$labels, "ubyte")
  X <- read_data(paths$images)
  write_matrix(cbind(X, labels), paths$csv, prefix = "c")
  list(paths = paths, X = X, Y = one_hot(labels))
}

expect_same_fit <- function(a, b) {
  expect_identical(a$weights, b$weights)
  expect_identical(a$biases, b$biases)
  expect_identical(a$loss_history, b$loss_history)
}

test_that("an IDX stream trains and predicts as the data in memory, bit for bit", {
  d <- stream_files()
  src <- idx_source(d$paths$images, d$paths$labels, chunk_rows = 50)
  expect_identical(dim(src), c(203, 20))
  for (size in c(1, 7, 64, 203)) {
    for (shuffle in c(FALSE, TRUE)) {
      memory <- fit(stream_net(), d$X, d$Y, epochs = 3, batch_size = size,
                    shuffle = shuffle, lr = 0.05)
      streamed <- fit(stream_net(), src, NULL, epochs = 3, batch_size = size,
                      shuffle = shuffle, lr = 0.05)
      expect_same_fit(memory, streamed)
      expect_identical(predict(memory, d$X), predict(streamed, src))
    }
  }
})

test_that("a CSV stream trains and predicts as the data in memory, bit for bit", {
  d <- stream_files()
  src <- csv_source(d$paths$csv, label = "c21", chunk_rows = 17)
  expect_identical(dim(src), c(203, 20))
  expect_identical(twinnet:::source_targets(src)[, 1], max.col(d$Y) - 1)
  for (size in c(1, 10, 202)) {
    for (shuffle in c(FALSE, TRUE)) {
      memory <- fit(stream_net(), d$X, d$Y, epochs = 2, batch_size = size,
                    shuffle = shuffle, lr = 0.05, optimizer = "adam")
      streamed <- fit(stream_net(), src, d$Y, epochs = 2, batch_size = size,
                      shuffle = shuffle, lr = 0.05, optimizer = "adam")
      expect_same_fit(memory, streamed)
      expect_identical(predict(memory, d$X), predict(streamed, src))
    }
  }
  rows <- c(6, 4, 5, 201, 1, 2, 3, 200)
  expect_identical(twinnet:::take_rows(src, rows), d$X[rows, ])
  expect_identical(twinnet:::take_rows(idx_source(d$paths$images), rows), d$X[rows, ])
})

test_that("a CSV source reads as read_matrix() does", {
  path <- tempfile(fileext = ".csv")
  writeBin(c(as.raw(c(0xef, 0xbb, 0xbf)),
             charToRaw('a, "b"\r\n\r\n 1.5 ,"-0"\r\n+.25,1e-300\r\n\r\n0.1,"  7 "\r\n')), path)
  got <- twinnet:::source_rows(csv_source(path, chunk_rows = 2), 1:3)
  expect_identical(got, read_matrix(path))
  expect_identical(1 / got[1, 2], -Inf)  # -0 kept
})

test_that("a CSV source reports a bad file by its lines", {
  cases <- list(
    c("a,b\n1,2\n\n3,4\n5,x\n6,7\n",
      " has a non-numeric value in column 'b' (column 2) at line 5: 'x'"),
    c("", " is empty"),
    c("a,b\n", " is empty (0 x 2): it has a header and no rows"),
    c("a,b\n1,2\n3\n", ": line 3 has 1 cell, the header has 2"),
    c("1,2\n3,4\n", paste0(" has no header row: its first line holds numbers only ",
                           "(the first line must name the columns)")),
    c("a,b\r1,2\r", paste0(": line 1 holds a lone carriage return; a data source reads ",
                           "files whose lines end with \\n or \\r\\n"))
  )
  for (case in cases) {
    path <- tempfile(fileext = ".csv")
    writeBin(charToRaw(case[1]), path)
    err <- tryCatch(csv_source(path, chunk_rows = 1), twinnet_error = conditionMessage)
    expect_identical(err, paste0("X file ", path, case[2]))
  }
  path <- tempfile(fileext = ".csv")
  writeBin(c(charToRaw("a,b\n1,2\n3"), as.raw(0), charToRaw(",4\n")), path)
  expect_error(csv_source(path, chunk_rows = 1), "is not UTF-8 text \\(line 3\\)",
               class = "twinnet_error")
})

test_that("sources refuse what they cannot stream, with twinnet errors", {
  d <- stream_files()
  gz <- tempfile(fileext = "-images-idx3-ubyte.gz")
  write_idx(array(0L, c(2, 2, 2)), gz, "ubyte")
  expect_error(idx_source(gz), "is gzipped: .*gunzip -k", class = "twinnet_error")
  expect_error(idx_source(d$paths$labels), "holds 1 dimension", class = "twinnet_error")
  expect_error(csv_source(d$paths$csv, label = "zz"), "label column 'zz' is not in",
               class = "twinnet_error")
  src <- idx_source(d$paths$images)
  net <- stream_net()
  expect_error(fit(net, src, NULL, epochs = 1), "X is a data source: give batch_size",
               class = "twinnet_error")
  expect_error(fit(net, src, NULL, epochs = 1, batch_size = 5, validation_fraction = 0.2),
               "validation_fraction does not split", class = "twinnet_error")
  expect_error(fit(net, src, NULL, epochs = 1, batch_size = 5), "without labels: give Y",
               class = "twinnet_error")
  expect_error(fit(net, d$X, d$Y, epochs = 1, batch_size = 5,
                   validation_data = list(src, d$Y)),
               "validation_data must be matrices in memory", class = "twinnet_error")
  expect_error(fit(net, d$X, src, epochs = 1, batch_size = 5),
               "Y must be a matrix in memory", class = "twinnet_error")
})

network_of_memory_test <- function() {
  net <- network(seed = 7, mode = "exact")
  net <- add(net, dense(1000, 3))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(3, 2))
  net <- add(net, activation("softmax"))
  use(net, "softmax_cross_entropy")
}

# The memory test: a child R under `ulimit -v` (its baseline plus a margin
# smaller than the file) trains from the file by streaming and saves the
# model; read_data() of the same file fails under that limit; the model is
# the in-memory fit's, bit for bit.
test_that("streaming trains under a memory limit smaller than the file", {
  skip_on_os("windows")
  skip_if(Sys.which("bash") == "", "needs bash for ulimit")
  dir <- tempfile("big")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE))
  images <- file.path(dir, "big-images-idx3-ubyte")
  labels <- file.path(dir, "big-labels-idx1-ubyte")
  rows <- 60000
  set.seed(11)
  pixels <- as.raw(sample.int(256, rows * 1000, replace = TRUE) - 1L)
  # the IDX file by hand (write_idx would hold the pixels as numbers: 8x)
  con <- file(images, "wb")
  writeBin(as.raw(c(0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 25, 0, 0, 0, 40)), con)
  writeBin(pixels, con)
  close(con)
  first <- matrix(as.integer(pixels[rep((seq_len(rows) - 1) * 1000, each = 20) + 1:20]), 20)
  write_idx(as.integer(colMeans(first) > 127.5), labels, "ubyte")
  rm(pixels, first)
  margin <- 48 * 2^20
  expect_gt(file.size(images), margin)
  # every library of this session (R CMD check hides the site library from a child)
  lib <- paste(unique(c(dirname(find.package("twinnet")), .libPaths())), collapse = ":")
  script <- file.path(dir, "child.R")
  writeLines(c(
    "args <- commandArgs(TRUE)",
    "suppressPackageStartupMessages(library(twinnet))",
    "peak <- function() sub('[^0-9]*([0-9]+).*', '\\\\1',",
    "  grep('^VmPeak', readLines('/proc/self/status'), value = TRUE))",
    "if (args[4] == 'baseline') { cat(peak()); quit(status = 0) }",
    "net <- network(seed = 7, mode = 'exact')",
    "net <- add(net, dense(1000, 3)); net <- add(net, activation('sigmoid'))",
    "net <- add(net, dense(3, 2)); net <- add(net, activation('softmax'))",
    "net <- use(net, 'softmax_cross_entropy')",
    "X <- if (args[4] == 'stream') idx_source(args[1], args[2]) else read_data(args[1])",
    "Y <- if (args[4] == 'stream') NULL else read_data(args[2])",
    "net <- fit(net, X, Y, epochs = 1, batch_size = 500, shuffle = TRUE, lr = 0.1)",
    "save_model(net, args[3])",
    "cat(peak())"
  ), script)
  run <- function(how, out, limit = NULL) {
    cap <- if (is.null(limit)) "" else sprintf("ulimit -v %.0f && ", limit / 1024)
    command <- sprintf("%sOPENBLAS_NUM_THREADS=1 TWINNET_THREADS=1 R_LIBS=%s %s %s %s %s %s %s",
                       cap, shQuote(lib), shQuote(file.path(R.home("bin"), "Rscript")),
                       shQuote(script), shQuote(images), shQuote(labels), shQuote(out), how)
    err <- tempfile("stderr", dir)
    out <- suppressWarnings(system2("bash", c("-c", shQuote(command)), stdout = TRUE,
                                    stderr = err))
    list(out = out, err = readLines(err), status = attr(out, "status"))
  }
  # the child's last line of standard output is its VmPeak in kB (anything
  # R prints at start-up goes before it, its messages to standard error)
  kib <- function(child) {
    value <- suppressWarnings(as.numeric(utils::tail(child$out, 1L)))
    if (length(value) != 1L || is.na(value)) {
      stop("the child R printed no peak: ", paste(c(child$out, child$err), collapse = "\n"))
    }
    value * 1024
  }
  baseline <- kib(run("baseline", "-"))
  limit <- baseline + margin
  out <- file.path(dir, "stream.json")
  peak <- kib(run("stream", out, limit))
  expect_lte(peak, limit)
  whole <- run("memory", file.path(dir, "whole.json"), limit)
  expect_false(is.null(whole$status))
  expect_match(paste(whole$err, collapse = "\n"), "cannot allocate")
  streamed <- load_model(out)
  memory <- fit(network_of_memory_test(), read_data(images), read_data(labels), epochs = 1,
                batch_size = 500, shuffle = TRUE, lr = 0.1)
  expect_same_fit(memory, streamed)
  message(sprintf("file %.1f MiB, baseline %.1f MiB, limit %.1f MiB, streaming peak %.1f MiB",
                  file.size(images) / 2^20, baseline / 2^20, limit / 2^20, peak / 2^20))
})
