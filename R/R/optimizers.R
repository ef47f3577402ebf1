# Parameter updates: plain gradient descent, momentum and Adam, as a table.
# `optimizers` maps a name to its update and its settings, each with its
# default and the values it takes; `schedule` holds the two settings every
# optimiser shares (the learning rate and its decay). fit(), the configs and
# twinnet() take their defaults and checks from here.
# Each update takes the parameters, their gradients, the epoch's learning
# rate and its own state, and returns list(params, state); the state carries
# over between fit() calls with the same settings (nesterov is fit()'s flag,
# handed to the update in `settings`, not one of the optimiser's settings: the
# velocity carries over whatever it is). In the grouping both
# languages use (g a gradient):
#   sgd       p = p - g * lr
#   momentum  v = momentum * v - lr * g;  p = p + v              (scikit-learn's)
#             nesterov: p = p + (momentum * v - lr * g), with the new v
#   adam      t = t + 1;  b1t = b1t * beta1;  b2t = b2t * beta2
#             m = beta1 * m + (1 - beta1) * g
#             v = beta2 * v + (1 - beta2) * (g * g)
#             step = lr * sqrt(1 - b2t) / (1 - b1t)
#             p = p - (step * m) / (sqrt(v) + epsilon)           (Kingma & Ba)
# beta^t is kept as a running product, not computed with ^.
# Twin: python/src/twinnet/optimizers.py.

# one side: numpy has zeros_like
zeros_like <- function(params) lapply(params, function(p) array(0, dim(p)))

sgd_update <- function(params, grads, lr, state, settings) {
  list(params = Map(function(p, g) p - g * lr, params, grads), state = state)
}

momentum_update <- function(params, grads, lr, state, settings) {
  if (is.null(state)) state <- list(velocity = zeros_like(params))
  velocity <- Map(function(v, g) settings$momentum * v - lr * g,
                  state$velocity, grads)
  if (isTRUE(settings$nesterov)) {
    # scikit-learn's Nesterov step: the new velocity's look-ahead
    params <- Map(function(p, v, g) p + (settings$momentum * v - lr * g),
                  params, velocity, grads)
  } else {
    params <- Map(`+`, params, velocity)
  }
  list(params = params, state = list(velocity = velocity))
}

adam_update <- function(params, grads, lr, state, settings) {
  if (is.null(state)) {
    state <- list(t = 0, b1t = 1, b2t = 1, m = zeros_like(params),
                  v = zeros_like(params))
  }
  b1 <- settings$beta1
  b2 <- settings$beta2
  state$t <- state$t + 1
  state$b1t <- state$b1t * b1
  state$b2t <- state$b2t * b2
  step <- lr * sqrt(1 - state$b2t) / (1 - state$b1t)
  state$m <- Map(function(m, g) b1 * m + (1 - b1) * g, state$m, grads)
  state$v <- Map(function(v, g) b2 * v + (1 - b2) * (g * g), state$v, grads)
  params <- Map(function(p, m, v) p - (step * m) / (sqrt(v) + settings$epsilon),
                params, state$m, state$v)
  list(params = params, state = state)
}

# A training setting: its default and the values it takes, a number in
# [low, high] ([low, high) when not high_closed), or any positive number
# when positive.
setting <- function(default, low = 0, high = Inf, high_closed = TRUE,
                    positive = FALSE) {
  list(default = default, low = low, high = high, high_closed = high_closed,
       positive = positive)
}

# The settings every optimiser shares: the learning rate (Analytics Vidhya's
# 0.1) and its decay, epoch e using lr / (1 + decay * e).
schedule <- list(lr = setting(0.1, positive = TRUE), decay = setting(0))

# Each optimiser: its update, its settings (in the order they are checked)
# and the entries of its state in a model file.
optimizers <- list(
  sgd = list(update = sgd_update, settings = list(), state = character(0)),
  momentum = list(update = momentum_update,
                  settings = list(momentum = setting(0.9, 0, 1)),
                  state = "velocity"),
  # Kingma and Ba's defaults, as scikit-learn's MLP
  adam = list(update = adam_update,
              settings = list(beta1 = setting(0.9, 0, 1, high_closed = FALSE),
                              beta2 = setting(0.999, 0, 1, high_closed = FALSE),
                              epsilon = setting(1e-8, positive = TRUE)),
              state = c("t", "b1t", "b2t", "m", "v"))
)

# The setting called `name` (lr, decay or an optimiser's).
setting_of <- function(name) {
  if (name %in% names(schedule)) return(schedule[[name]])
  for (optimizer in optimizers) {
    if (name %in% names(optimizer$settings)) return(optimizer$settings[[name]])
  }
  twinnet_stop("unknown training setting '", name, "'")
}

# The defaults of optimiser `name`'s settings (a named list); with no name,
# those of every optimiser's settings (momentum, beta1, beta2, epsilon).
optimizer_defaults <- function(name = NULL) {
  chosen <- if (is.null(name)) optimizers else optimizers[name]
  out <- list()
  for (optimizer in chosen) {
    for (key in names(optimizer$settings)) {
      out[[key]] <- optimizer$settings[[key]]$default
    }
  }
  out
}

# `value` checked as setting `name` allows, as a number; the message names the
# setting and its values ("momentum must be a number in [0, 1], got 2").
check_setting <- function(name, value) {
  s <- setting_of(name)
  if (s$positive) return(check_positive_number(name, value))
  check_number_in(name, value, s$low, s$high, s$high_closed)
}

# Whether setting `name` takes the finite number `number` (the range
# check_setting checks, for checkers with messages of their own).
setting_allows <- function(name, number) {
  s <- setting_of(name)
  if (s$positive) return(number > 0)
  if (s$high_closed) return(s$low <= number && number <= s$high)
  s$low <= number && number < s$high
}

# What setting `name` takes, in a config's words: "a number in [0, 1)".
setting_rule <- function(name) {
  s <- setting_of(name)
  if (s$positive) return("a positive finite number")
  if (is.infinite(s$high)) return(paste0("a finite number >= ", format(s$low)))
  paste0("a number in [", format(s$low), ", ", format(s$high),
         if (s$high_closed) "]" else ")")
}

# The settings optimiser `name` uses, checked, from `settings` (a named list
# that may hold other optimisers' settings too, ignored).
check_optimizer_settings <- function(name, settings) {
  keys <- names(optimizers[[name]]$settings)
  out <- lapply(keys, function(key) check_setting(key, settings[[key]]))
  names(out) <- keys
  out
}
