# Where twinnet R's epoch spends its time (docs/performance.md).
#
#   R_LIBS=.Rlib Rscript python/benchmarks/profile_r.R [medium|large|small] [epochs]
#
# Prints, for twinnet::fit(twinnet::mlp(...), X, Y, k) in blas mode:
# 1. the per-epoch time, R's own GEMM bound (the same five products with
#    R's BLAS), the time R spent in garbage collection;
# 2. Rprof by function (own time and total time);
# 3. Rprof by line, on the package's sources (R/R/*.R) loaded with srcrefs;
# 4. the epoch's steps timed one by one on the real shapes, and a lean base-R
#    loop with the same grouping (crossprod/tcrossprod instead of t(),
#    in-place column bias), compared with twinnet's weights bit for bit.

args <- commandArgs(trailingOnly = TRUE)
size <- if (length(args) >= 1) args[1] else "medium"
spec <- switch(size,
  small = list(n = 200L, layers = c(10L, 16L, 1L), lr = 0.1, epochs = 500L),
  medium = list(n = 10000L, layers = c(784L, 128L, 10L), lr = 1e-4, epochs = 10L),
  large = list(n = 60000L, layers = c(784L, 256L, 10L), lr = 1e-4, epochs = 3L),
  stop("size must be small, medium or large")
)
epochs <- if (length(args) >= 2) as.integer(args[2]) else spec$epochs
n <- spec$n
layers <- spec$layers
p <- layers[1]; h <- layers[2]; o <- layers[3]
set.seed(20261122)
X <- matrix(rnorm(n * p), n, p)
Y <- matrix(runif(n * o, 0.05, 0.95), n, o)

med <- function(f, k = 5L) {
  ts <- vapply(seq_len(k), function(i) {
    t0 <- Sys.time(); f(); as.numeric(Sys.time() - t0, units = "secs")
  }, numeric(1))
  min(ts)  # the fastest: on a shared machine the least disturbed run
}

cat(sprintf("== twinnet R %s from %s, BLAS %s\n", packageVersion("twinnet"),
            find.package("twinnet"), extSoftVersion()["BLAS"]))
cat(sprintf("size %s: %d x %s, %d epochs\n", size, n, paste(layers, collapse = "-"),
            epochs))

model <- twinnet::mlp(layers = layers, lr = spec$lr, seed = 1)
model <- twinnet::fit(model, X, Y, epochs = 1)
gc0 <- gc.time()[1]
t_fit <- med(function() model <<- twinnet::fit(model, X, Y, epochs = epochs), 3L) / epochs
gc_per_epoch <- (gc.time()[1] - gc0) / (3 * epochs)

set.seed(1)
W1 <- matrix(rnorm(p * h), p, h); W2 <- matrix(rnorm(h * o), h, o)
A1 <- matrix(runif(n * h), n, h); D1 <- matrix(rnorm(n * h), n, h)
D2 <- matrix(rnorm(n * o), n, o)
t_gemm <- med(function() {
  X %*% W1; A1 %*% W2; tcrossprod(D2, W2); crossprod(A1, D2); crossprod(X, D1)
}, 7L)
cat(sprintf(paste0("fit: %.2f ms/epoch; R's GEMM bound %.2f ms (ratio %.2f); ",
                   "garbage collection %.2f ms/epoch\n"),
            t_fit * 1e3, t_gemm * 1e3, t_fit / t_gemm, gc_per_epoch * 1e3))

# ---- Rprof by function
prof <- tempfile()
Rprof(prof, interval = 0.002)
model <- twinnet::fit(model, X, Y, epochs = epochs)
Rprof(NULL)
s <- summaryRprof(prof)
cat("\n== Rprof by own time (top 15)\n")
print(head(s$by.self, 15))
cat("\n== Rprof by total time (top 20)\n")
print(head(s$by.total, 20))

# ---- Rprof by line: the package's sources with srcrefs
src_dir <- Sys.getenv("TWINNET_R_SOURCES", "R/R")
if (dir.exists(src_dir)) {
  env <- new.env(parent = asNamespace("twinnet"))
  for (f in sort(list.files(src_dir, pattern = "[.]R$", full.names = TRUE))) {
    sys.source(f, envir = env, keep.source = TRUE)
  }
  # evaluated with env as the enclosure, so that S3 dispatch finds the
  # sourced methods (with srcrefs), not the installed ones
  vars <- list(layers = layers, lr = spec$lr, X = X, Y = Y, epochs = epochs)
  m2 <- eval(quote(fit(mlp(layers = layers, lr = lr, seed = 1), X, Y, epochs = 1)),
             vars, env)
  vars$m2 <- m2
  Rprof(prof, interval = 0.002, line.profiling = TRUE)
  m2 <- eval(quote(fit(m2, X, Y, epochs = epochs)), vars, env)
  Rprof(NULL)
  sl <- summaryRprof(prof, lines = "show")$by.self
  cat("\n== Rprof by line (own time, top 20; file#line refers to", src_dir, ")\n")
  print(head(sl, 20))
} else {
  cat("\n(no line profile: run from the repository root, or set TWINNET_R_SOURCES)\n")
}

# ---- the epoch's steps, one by one
b1 <- matrix(runif(h), 1, h)
Z1 <- X %*% W1
steps <- list(
  "X %*% W1" = function() X %*% W1,
  "t(X) (a transposed copy of X)" = function() t(X),
  "t(X) %*% D1" = function() t(X) %*% D1,
  "crossprod(X, D1)" = function() crossprod(X, D1),
  "D2 %*% t(W2)" = function() D2 %*% t(W2),
  "tcrossprod(D2, W2)" = function() tcrossprod(D2, W2),
  "Z1 + rep(b1, each = n)" = function() Z1 + rep(b1, each = n),
  "rep(b1, each = n) alone" = function() rep(b1, each = n),
  "bias by columns, in place" = function() {
    z <- Z1; for (j in seq_len(h)) z[, j] <- z[, j] + b1[j]; z
  },
  "1 / (1 + exp(-Z1))" = function() 1 / (1 + exp(-Z1)),
  "exp(Z1) alone" = function() exp(Z1),
  "A1 * (1 - A1)" = function() A1 * (1 - A1),
  "D1 * A1" = function() D1 * A1,
  "colSums(D1)" = function() colSums(D1),
  "as_matrix checks on X (storage.mode, is.finite)" = function() {
    x <- X; storage.mode(x) <- "double"; which(!is.finite(x), arr.ind = TRUE)
  }
)
cat("\n== steps on the real shapes (fastest of 5, ms)\n")
for (nm in names(steps)) {
  steps[[nm]]()
  cat(sprintf("  %9.2f ms  %s\n", med(steps[[nm]]) * 1e3, nm))
}

# ---- a lean loop with the same grouping, checked against twinnet
lean <- function(m, k) {
  W <- m$weights; B <- m$biases; lr <- m$lr
  for (e in seq_len(k)) {
    z <- X %*% W[[1]]
    for (j in seq_len(ncol(z))) z[, j] <- z[, j] + B[[1]][j]
    A1 <- 1 / (1 + exp(-z))
    z <- A1 %*% W[[2]]
    for (j in seq_len(ncol(z))) z[, j] <- z[, j] + B[[2]][j]
    A2 <- 1 / (1 + exp(-z))
    E <- Y - A2
    loss <- sum(E * E) / 2
    D2 <- E * (A2 * (1 - A2))
    D1 <- tcrossprod(D2, W[[2]]) * (A1 * (1 - A1))
    W[[2]] <- W[[2]] + crossprod(A1, D2) * lr
    B[[2]] <- B[[2]] + colSums(D2) * lr
    W[[1]] <- W[[1]] + crossprod(X, D1) * lr
    B[[1]] <- B[[1]] + colSums(D1) * lr
  }
  list(weights = W, biases = B)
}
m0 <- twinnet::mlp(layers = layers, lr = spec$lr, seed = 1)
ref <- twinnet::fit(m0, X, Y, epochs = 3)
mine <- lean(m0, 3)
same <- identical(ref$weights, mine$weights) && identical(ref$biases, mine$biases)
diff <- max(unlist(Map(function(a, b) max(abs(a - b)), ref$weights, mine$weights)))
t_lean <- med(function() lean(m0, epochs), 3L) / epochs
cat(sprintf(paste0("\nlean base-R loop: %.2f ms/epoch (ratio to R's GEMM bound %.2f); ",
                   "weights identical to twinnet's after 3 epochs: %s (largest difference %.3g)\n"),
            t_lean * 1e3, t_lean / t_gemm, same, diff))

# ---- exact mode's product, and the same order done by columns
if ("exact" %in% args) {
  exact_matmul <- get("exact_matmul", envir = asNamespace("twinnet"))
  # out[, c] = (...((0 + a[, 1] * b[1, c]) + a[, 2] * b[2, c]) + ...): the same
  # rounded products and sums, in the same order, one output column at a time
  exact_by_columns <- function(a, b) {
    m <- nrow(a)
    out <- matrix(0, m, ncol(b))
    cols <- lapply(seq_len(ncol(a)), function(j) a[, j])
    for (cc in seq_len(ncol(b))) {
      acc <- numeric(m)
      bc <- b[, cc]
      for (j in seq_along(cols)) acc <- acc + cols[[j]] * bc[j]
      out[, cc] <- acc
    }
    out
  }
  cat("\n== exact mode's products (same order, bit for bit)\n")
  for (case in list(list("X %*% W1", X, W1), list("t(X) %*% D1", t(X), D1))) {
    t_ex <- med(function() exact_matmul(case[[2]], case[[3]]), 1L)
    t_col <- med(function() exact_by_columns(case[[2]], case[[3]]), 1L)
    same <- identical(exact_matmul(case[[2]], case[[3]]),
                      exact_by_columns(case[[2]], case[[3]]))
    cat(sprintf("  %-12s exact_matmul %6.2f s; by columns %6.2f s, identical: %s\n",
                case[[1]], t_ex, t_col, same))
  }
}
