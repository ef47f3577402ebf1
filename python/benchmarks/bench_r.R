# One benchmark measurement in a fresh R process (run by bench.py).
#
#   Rscript bench_r.R --impl NAME --data DIR --n N --layers 784,128,10 \
#       --epochs K --repeats R --lr LR --json OUT [--warmup 1] [--rows]
#   Rscript bench_r.R --info --json OUT
#
# Reads the size's data (raw little-endian float64 written by bench.py: by
# default the column-major files X_cols.f64 / Y_cols.f64, R's own layout, so
# reading makes no second copy; with --rows the first n rows of the row-major
# files), runs `repeats` timed blocks of `epochs` epochs and writes a JSON
# record: per-epoch seconds of each block, resident memory (after loading R,
# after the data, peak during training) and what ran. R_LIBS must name the
# library holding twinnet (bench.py passes the checkout's .Rlib).
#
# Implementations:
#   r_gemm         the epoch's matrix products alone, with R's %*% family
#                  (crossprod/tcrossprod: no transposed copies): R's own bound
#   r_loop         the articles' loop in base R, as a learner writes it
#   twinnet_r_blas, twinnet_r_exact   twinnet::fit(twinnet::mlp(...), X, Y, k)
#   nnet           nnet::nnet (BFGS, per iteration; a different algorithm)

args <- commandArgs(trailingOnly = TRUE)
opt <- list(warmup = "1", lr = "0.001", seed = "1")
i <- 1L
while (i <= length(args)) {
  key <- sub("^--", "", args[i])
  if (key %in% c("info", "rows")) {
    opt[[key]] <- TRUE
    i <- i + 1L
  } else {
    opt[[key]] <- args[i + 1L]
    i <- i + 2L
  }
}

status_kb <- function(field) {
  lines <- tryCatch(readLines("/proc/self/status"), error = function(e) character())
  hit <- grep(paste0("^", field, ":"), lines, value = TRUE)
  if (length(hit)) as.numeric(strsplit(trimws(sub(".*:", "", hit)), " +")[[1]][1]) else NA
}

reset_peak <- function() {
  tryCatch({
    cat("5", file = "/proc/self/clear_refs")
    TRUE
  }, error = function(e) FALSE, warning = function(w) FALSE)
}

write_json <- function(rec) {
  writeLines(jsonlite::toJSON(rec, auto_unbox = TRUE, digits = NA, null = "null",
                              na = "null"), opt$json)
}

blas_info <- function() {
  si <- sessionInfo()
  list(R = R.version.string,
       BLAS = unname(extSoftVersion()["BLAS"]),
       sessionInfo_BLAS = si$BLAS, sessionInfo_LAPACK = si$LAPACK,
       La_library = tryCatch(La_library(), error = function(e) NA),
       La_version = La_version(),
       nnet = tryCatch(as.character(packageVersion("nnet")), error = function(e) NA),
       twinnet = tryCatch(as.character(packageVersion("twinnet")),
                          error = function(e) NA),
       twinnet_path = tryCatch(find.package("twinnet"), error = function(e) NA),
       libPaths = .libPaths())
}

if (isTRUE(opt$info)) {
  write_json(blas_info())
  quit(save = "no", status = 0)
}

impl <- opt$impl
n <- as.integer(opt$n)
layers <- as.integer(strsplit(opt$layers, ",")[[1]])
epochs <- as.integer(opt$epochs)
repeats <- as.integer(opt$repeats)
warmup <- as.integer(opt$warmup)
lr <- as.numeric(opt$lr)
seed <- as.integer(opt$seed)
p <- layers[1]
o <- layers[length(layers)]
record <- list(impl = impl, n = n, layers = I(layers), epochs = epochs,
               repeats = repeats)

needs <- c(twinnet_r_blas = "twinnet", twinnet_r_exact = "twinnet", nnet = "nnet")
if (!is.na(needs[impl]) && !requireNamespace(needs[impl], quietly = TRUE)) {
  write_json(c(record, skipped = paste("R package", needs[impl], "is not installed")))
  quit(save = "no", status = 0)
}
if (impl == "nnet") {
  nw <- sum((layers[-length(layers)] + 1) * layers[-1])
  if (length(layers) != 3L) {
    write_json(c(record, skipped = "nnet has one hidden layer only"))
    quit(save = "no", status = 0)
  }
  # vmmin (BFGS) keeps a dense nw x nw inverse-Hessian approximation
  hess_gb <- nw^2 * 8 / 1e9
  if (hess_gb > 2) {
    write_json(c(record, skipped = sprintf(paste(
      "nnet's BFGS keeps a %d x %d matrix (%.0f GB) for %d weights:",
      "not run"), nw, nw, hess_gb, nw)))
    quit(save = "no", status = 0)
  }
}

if (!is.na(needs[impl])) loadNamespace(needs[impl])  # start-up memory includes it
rss_imports <- status_kb("VmRSS")
read_f64 <- function(file, count) {
  con <- file(file, "rb")
  on.exit(close(con))
  readBin(con, "double", n = count, size = 8L, endian = "little")
}
if (isTRUE(opt$rows)) {
  X <- t(matrix(read_f64(file.path(opt$data, "X_rows.f64"), n * p), nrow = p))
  Y <- t(matrix(read_f64(file.path(opt$data, "Y_rows.f64"), n * o), nrow = o))
} else {
  X <- read_f64(file.path(opt$data, "X_cols.f64"), n * p)
  dim(X) <- c(n, p)
  Y <- read_f64(file.path(opt$data, "Y_cols.f64"), n * o)
  dim(Y) <- c(n, o)
}
invisible(gc())
rss_data <- status_kb("VmRSS")

init <- function(layers) {
  set.seed(seed)
  L <- length(layers) - 1L
  ws <- lapply(seq_len(L), function(l) {
    matrix(rnorm(layers[l] * layers[l + 1L]), layers[l], layers[l + 1L])
  })
  bs <- lapply(seq_len(L), function(l) matrix(runif(layers[l + 1L]), 1L, layers[l + 1L]))
  list(w = ws, b = bs)
}

info <- list()
if (impl == "r_gemm") {
  set.seed(seed)
  L <- length(layers) - 1L
  acts <- c(list(matrix(rnorm(n * p), n, p)),
            lapply(layers[-1], function(m) matrix(runif(n * m), n, m)))
  ws <- lapply(seq_len(L), function(l) matrix(rnorm(layers[l] * layers[l + 1L]),
                                               layers[l], layers[l + 1L]))
  ds <- lapply(layers[-1], function(m) matrix(rnorm(n * m), n, m))
  run <- function(k) {
    for (e in seq_len(k)) {
      for (l in seq_len(L)) acts[[l]] %*% ws[[l]]
      if (L > 1L) for (l in L:2) tcrossprod(ds[[l]], ws[[l]])
      for (l in L:1) crossprod(acts[[l]], ds[[l]])
    }
  }
  info$products <- "A%*%W (L), tcrossprod(D, W) (L-1), crossprod(A, D) (L)"
} else if (impl == "r_loop") {
  par <- init(layers)
  sigmoid <- function(z) 1 / (1 + exp(-z))
  run <- function(k) {
    ws <- par$w
    bs <- par$b
    L <- length(ws)
    for (e in seq_len(k)) {
      acts <- list(X)
      for (l in seq_len(L)) {
        z <- acts[[l]] %*% ws[[l]]
        acts[[l + 1L]] <- sigmoid(z + rep(bs[[l]], each = nrow(z)))
      }
      E <- Y - acts[[L + 1L]]
      loss <- sum(E * E) / 2
      deltas <- vector("list", L)
      deltas[[L]] <- E * (acts[[L + 1L]] * (1 - acts[[L + 1L]]))
      if (L > 1L) for (l in (L - 1L):1) {
        deltas[[l]] <- (deltas[[l + 1L]] %*% t(ws[[l + 1L]])) *
          (acts[[l + 1L]] * (1 - acts[[l + 1L]]))
      }
      for (l in seq_len(L)) {
        ws[[l]] <- ws[[l]] + (t(acts[[l]]) %*% deltas[[l]]) * lr
        bs[[l]] <- bs[[l]] + colSums(deltas[[l]]) * lr
      }
      stopifnot(is.finite(loss))
    }
    par <<- list(w = ws, b = bs)
  }
} else if (impl %in% c("twinnet_r_blas", "twinnet_r_exact")) {
  mode <- sub("twinnet_r_", "", impl)
  model <- twinnet::mlp(layers = layers, lr = lr, seed = seed, mode = mode)
  run <- function(k) {
    model <<- twinnet::fit(model, X, Y, epochs = k)
  }
  info$mode <- mode
} else if (impl == "nnet") {
  # nnet::nnet is BFGS (optim's vmmin) on the whole batch: one iteration is a
  # line search (one or more function and gradient evaluations) plus an
  # O(W^2) update. Its own C loop runs sample by sample, no BLAS.
  run <- function(k) {
    set.seed(seed)
    fit <- nnet::nnet(X, Y, size = layers[2], maxit = k, decay = 0,
                      linout = FALSE, trace = FALSE, MaxNWts = 10^7,
                      abstol = 0, reltol = 0)
    if (fit$convergence != 1L) {
      info$note <<- "nnet stopped before maxit: per-iteration time overstated"
    }
  }
  info$note <- "BFGS, per iteration (a different algorithm: reference only)"
} else {
  stop("unknown implementation ", impl)
}

invisible(gc())
rss_setup <- status_kb("VmRSS")
peak_reset <- reset_peak()
if (warmup > 0L) run(warmup)
times <- numeric(repeats)
for (r in seq_len(repeats)) {
  invisible(gc())
  t0 <- Sys.time()
  run(epochs)
  times[r] <- as.numeric(Sys.time() - t0, units = "secs") / epochs
}
record$times <- I(times)
record$rss_kb <- list(imports = rss_imports, data = rss_data, setup = rss_setup,
                      peak_training = status_kb("VmHWM"), peak_reset = peak_reset)
record$data_bytes <- 8 * (length(X) + length(Y))
record$info <- c(info, blas_info())
write_json(record)
