# Initial weights from the shared seed (Analytics Vidhya's R code), layer by
# layer, l = 1..L, from one stream of R's generator:
#   W_l = matrix(rnorm(n_{l-1} * n_l), n_{l-1}, n_l)
#   b_l = matrix(runif(n_l), 1, n_l)        only when bias is on
# The caller's random-number state is left as it was. Twin:
# python/src/twinnet/init.py.

init_params <- function(layers, seed, bias = TRUE) {
  with_seed(seed, {
    weights <- list()
    biases <- list()
    for (l in seq_len(length(layers) - 1L)) {
      n_in <- layers[l]
      n_out <- layers[l + 1L]
      weights[[l]] <- matrix(rnorm(n_in * n_out), n_in, n_out)
      if (bias) biases[[l]] <- matrix(runif(n_out), 1L, n_out)
    }
    list(weights = weights, biases = biases)
  })
}

# Evaluate `expr` after set.seed(seed) with R's default generators, then put
# back the caller's .Random.seed (or its absence); .Random.seed also records
# the generator kinds, so they come back with it.
with_seed <- function(seed, expr) {
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
  set.seed(seed, kind = "Mersenne-Twister", normal.kind = "Inversion",
           sample.kind = "Rejection")
  expr
}
