# Losses, as a table: name -> list(value, gradient, output).
# The squared-error losses are written in terms of the error E = Y - A
# (Analytics Vidhya's E = y - output); their gradient(E) is the direction
# -dLoss/dA the articles multiply by the activation slope.
# The cross-entropy losses are computed from the logits Z (the input of the
# final sigmoid or softmax), so that no log(0) and no overflow can happen,
# and their gradient is taken with respect to Z directly: (A - Y) / n for n
# rows. They require their output activation (`output`).
# Twin: python/src/twinnet/losses.py.

logit_gradient <- function(a, y) (a - y) / nrow(a)

losses <- list(
  half_sse = list(
    value = function(e, y, ar) ar$total(e * e) / 2,
    gradient = function(e) e,
    output = NULL,
    formula = "sum(E * E) / 2, direction E (Analytics Vidhya)"
  ),
  sse = list(
    value = function(e, y, ar) ar$total(e * e),
    gradient = function(e) 2 * e,
    output = NULL,
    formula = "sum(E * E), direction 2 * E (Loy)"
  ),
  mse = list(
    value = function(e, y, ar) ar$total(e * e) / length(e),
    gradient = function(e) (2 * e) / length(e),
    output = NULL,
    formula = "sum(E * E) / size, direction (2 * E) / size (Aflak)"
  ),
  binary_cross_entropy = list(
    # -[y log(s) + (1 - y) log(1 - s)] with s = sigmoid(z), rewritten as
    # max(z, 0) - z * y + log(1 + exp(-|z|))
    value = function(z, y, ar) {
      positive <- ifelse(z > 0, z, 0)
      ar$total((positive - z * y) + ar$log1p(ar$exp(-abs(z)))) / nrow(z)
    },
    gradient = logit_gradient,
    output = "sigmoid",
    formula = "sum(max(z, 0) - z * y + log1p(exp(-|z|))) / n; dZ = (A - Y) / n"
  ),
  softmax_cross_entropy = list(
    # log(softmax(Z)) = s - log(rowsum(exp(s))), s = Z - rowmax(Z)
    value = function(z, y, ar) {
      shifted <- z - apply(z, 1, max)
      log_p <- shifted - as.vector(ar$log(ar$rowsum(ar$exp(shifted))))
      -ar$total(y * log_p) / nrow(z)
    },
    gradient = logit_gradient,
    output = "softmax",
    formula = paste("-sum(Y * (s - log(rowsum(exp(s))))) / n, s = Z - rowmax(Z);",
                    "dZ = (A - Y) / n")
  )
)
