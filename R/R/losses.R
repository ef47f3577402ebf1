# Losses, as a table: name -> loss_function(name, value, gradient, output,
# formula).
# The squared-error losses are written in terms of the error E = Y - A
# (Analytics Vidhya's E = y - output); their gradient(E) is the direction
# -dLoss/dA the articles multiply by the activation slope.
# The cross-entropy losses are computed from the logits Z (the input of the
# final sigmoid or softmax), so that no log(0) and no overflow can happen,
# and their gradient is taken with respect to Z directly: (A - Y) / n for n
# rows. They require their output activation (`output`).
# Twin: python/src/twinnet/losses.py, the same named functions in the same
# order, the table built from them.

# One entry of the table: its name, value, gradient, output and formula.
loss_function <- function(name, value, gradient, output, formula) {
  list(name = name, value = value, gradient = gradient, output = output,
       formula = formula)
}

half_sse <- function(e, y, ar) ar$total(e * e) / 2

sse <- function(e, y, ar) ar$total(e * e)

mse <- function(e, y, ar) ar$total(e * e) / length(e)

binary_cross_entropy <- function(z, y, ar) {
  # -[y log(s) + (1 - y) log(1 - s)] with s = sigmoid(z), rewritten as
  # max(z, 0) - z * y + log(1 + exp(-|z|)): exp never overflows, log never
  # sees 0.
  positive <- ifelse(z > 0, z, 0)
  ar$total((positive - z * y) + ar$log1p(ar$exp(-abs(z)))) / nrow(z)
}

softmax_cross_entropy <- function(z, y, ar) {
  # -sum(Y * log(softmax(Z))) with log(softmax(Z)) = shifted - log(rowsum(
  # exp(shifted))), shifted = Z - rowmax(Z): every exp is at most 1 and the
  # row sum at least 1.
  shifted <- z - apply(z, 1, max)
  log_p <- shifted - as.vector(ar$log(ar$rowsum(ar$exp(shifted))))
  -ar$total(y * log_p) / nrow(z)
}

error <- function(e) e

twice_error <- function(e) 2 * e

twice_error_per_element <- function(e) (2 * e) / length(e)

logit_gradient <- function(a, y) (a - y) / nrow(a)

losses <- list(
  half_sse = loss_function("half_sse", half_sse, error, NULL,
                           "sum(E * E) / 2, direction E (Analytics Vidhya)"),
  sse = loss_function("sse", sse, twice_error, NULL, "sum(E * E), direction 2 * E (Loy)"),
  mse = loss_function("mse", mse, twice_error_per_element, NULL,
                      "sum(E * E) / size, direction (2 * E) / size (Aflak)"),
  binary_cross_entropy = loss_function(
    "binary_cross_entropy", binary_cross_entropy, logit_gradient, "sigmoid",
    "sum(max(z, 0) - z * y + log1p(exp(-|z|))) / n; dZ = (A - Y) / n"
  ),
  softmax_cross_entropy = loss_function(
    "softmax_cross_entropy", softmax_cross_entropy, logit_gradient, "softmax",
    paste("-sum(Y * (s - log(rowsum(exp(s))))) / n, s = Z - rowmax(Z);",
          "dZ = (A - Y) / n")
  )
)
