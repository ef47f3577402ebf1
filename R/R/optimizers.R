# Parameter updates: plain gradient descent, momentum and Adam. Each takes
# the parameters, their gradients, the epoch's learning rate and its own
# state, and returns list(params, state); the state carries over between
# fit() calls with the same settings. In the grouping both languages use
# (g a gradient):
#   sgd       p = p - g * lr
#   momentum  v = momentum * v - lr * g;  p = p + v              (scikit-learn's)
#   adam      t = t + 1;  b1t = b1t * beta1;  b2t = b2t * beta2
#             m = beta1 * m + (1 - beta1) * g
#             v = beta2 * v + (1 - beta2) * (g * g)
#             step = lr * sqrt(1 - b2t) / (1 - b1t)
#             p = p - (step * m) / (sqrt(v) + epsilon)           (Kingma & Ba)
# beta^t is kept as a running product, not computed with ^.
# Twin: python/src/twinnet/optimizers.py.

zeros_like <- function(params) lapply(params, function(p) array(0, dim(p)))

optimizers <- list(
  sgd = function(params, grads, lr, state, settings) {
    list(params = Map(function(p, g) p - g * lr, params, grads), state = state)
  },
  momentum = function(params, grads, lr, state, settings) {
    if (is.null(state)) state <- list(velocity = zeros_like(params))
    velocity <- Map(function(v, g) settings$momentum * v - lr * g,
                    state$velocity, grads)
    list(params = Map(`+`, params, velocity), state = list(velocity = velocity))
  },
  adam = function(params, grads, lr, state, settings) {
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
)
