# Initial weights, all drawn from one stream of R's generator. A dense layer
# of n_in inputs and n_out units draws, when it is added to a network:
#   normal   W = matrix(rnorm(n_in * n_out), n_in, n_out)          Analytics Vidhya
#            b = matrix(runif(n_out), 1, n_out)
#   aflak    W = matrix(runif(n_in * n_out) - 0.5, n_in, n_out)    Aflak (rand - 0.5)
#            b = matrix(runif(n_out) - 0.5, 1, n_out)
#   loy      W = matrix(runif(n_in * n_out), n_in, n_out); b = 0   Loy (rand)
#   xavier   W = matrix(runif(n_in * n_out, -r, r), n_in, n_out)   Glorot & Bengio
#            r = sqrt(6 / (n_in + n_out)); b = 0
#   he       W = matrix(rnorm(n_in * n_out, 0, s), n_in, n_out)    He et al.
#            s = sqrt(2 / n_in); b = 0
#   nnet     v = runif((n_in + 1) * n_out, -0.7, 0.7)              R's nnet (rang = 0.7)
#            unit j takes v[(j-1)*(n_in+1) + 1] as its bias, then its n_in weights
# Biases that are off are not drawn. Twin: python/src/twinnet/init.py, the
# same named initialisers in the same order, the table built from them.
# R's generator is R's own: its state helpers below (seed_state, with_stream,
# with_seed) stand where Python has rng.py, R's generator written in Python.

zero_row <- function(n_out, bias) if (bias) matrix(0, 1L, n_out) else NULL

normal <- function(n_in, n_out, bias) {
  w <- matrix(rnorm(n_in * n_out), n_in, n_out)
  list(weights = w, bias = if (bias) matrix(runif(n_out), 1L, n_out))
}

aflak <- function(n_in, n_out, bias) {
  w <- matrix(runif(n_in * n_out) - 0.5, n_in, n_out)
  list(weights = w, bias = if (bias) matrix(runif(n_out) - 0.5, 1L, n_out))
}

loy <- function(n_in, n_out, bias) {
  list(weights = matrix(runif(n_in * n_out), n_in, n_out),
       bias = zero_row(n_out, bias))
}

xavier <- function(n_in, n_out, bias) {
  r <- sqrt(6 / (n_in + n_out))
  list(weights = matrix(runif(n_in * n_out, -r, r), n_in, n_out),
       bias = zero_row(n_out, bias))
}

he <- function(n_in, n_out, bias) {
  s <- sqrt(2 / n_in)
  list(weights = matrix(rnorm(n_in * n_out, 0, s), n_in, n_out),
       bias = zero_row(n_out, bias))
}

nnet <- function(n_in, n_out, bias) {
  if (!bias) {
    return(list(weights = matrix(runif(n_in * n_out, -0.7, 0.7), n_in, n_out),
                bias = NULL))
  }
  block <- matrix(runif((n_in + 1) * n_out, -0.7, 0.7), n_in + 1, n_out)
  list(weights = block[-1, , drop = FALSE], bias = block[1, , drop = FALSE])
}

initialisers <- list(normal = normal, aflak = aflak, loy = loy, xavier = xavier,
                     he = he, nnet = nnet)

# one side: R's generator state (.Random.seed); Python's rng.py holds its own.
# The state of R's generator right after set.seed(seed) with the default
# kinds (a .Random.seed vector). The caller's own state is left alone.
seed_state <- function(seed) {
  with_stream(NULL, set.seed(seed, kind = "Mersenne-Twister",
                             normal.kind = "Inversion",
                             sample.kind = "Rejection"))$state
}

# one side: R's global .Random.seed swapped in and out; Python's generator
# is an object (rng.py).
# Evaluate `expr` with R's generator in `state` (a .Random.seed vector, or
# NULL to keep the current one), then put back the caller's .Random.seed (or
# its absence). Returns list(value, state): the value and the generator's
# state after it, so a network can keep its own stream between calls.
with_stream <- function(state, expr) {
  env <- globalenv()
  had_seed <- exists(".Random.seed", envir = env, inherits = FALSE)
  if (had_seed) old_seed <- get(".Random.seed", envir = env, inherits = FALSE)
  on.exit({
    if (had_seed) {
      assign(".Random.seed", old_seed, envir = env)
    } else if (exists(".Random.seed", envir = env, inherits = FALSE)) {
      rm(".Random.seed", envir = env)
    }
  })
  if (!is.null(state)) assign(".Random.seed", state, envir = env)
  value <- expr
  list(value = value, state = get(".Random.seed", envir = env))
}

# one side: set.seed on R's global generator; Python seeds an object (rng.py).
# Evaluate `expr` after set.seed(seed), leaving the caller's state alone.
with_seed <- function(seed, expr) {
  with_stream(seed_state(seed), expr)$value
}
