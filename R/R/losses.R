# Losses, as a table: name -> loss_function(name, value, gradient, output,
# formula).
# The squared-error losses are written in terms of the error E = Y - A
# (Analytics Vidhya's E = y - output); their gradient(E) is the direction
# -dLoss/dA the articles multiply by the activation slope.
# The cross-entropy losses are computed from the logits Z (the input of the
# final sigmoid or softmax), so that no log(0) and no overflow can happen,
# and their gradient is taken with respect to Z directly: (A - Y) / n for n
# rows. They require their output activation (`output`). With case weights
# w every function takes w and sw (below); `penalty` is the L2 term of alpha
# or weight_decay.
# Twin: python/src/twinnet/losses.py, the same named functions in the same
# order, the table built from them.

# One entry of the table: its name, value, gradient, output and formula.
loss_function <- function(name, value, gradient, output, formula) {
  list(name = name, value = value, gradient = gradient, output = output,
       formula = formula)
}

# With case weights w (one per row, sw = total(w); NULL: unweighted, the
# code path and bits as before), in the grouping of docs/algorithm.md: sum
# losses weight each row (nnet's sum_i w_i * E_i), mean losses take the
# weighted mean (scikit-learn's: divided by sw, not n). R's n x k matrices
# times the n weights recycle the weights down every column.

half_sse <- function(e, y, ar, w = NULL, sw = NULL) {
  if (is.null(w)) return(ar$total(e * e) / 2)
  ar$total((e * e) * w) / 2
}

sse <- function(e, y, ar, w = NULL, sw = NULL) {
  if (is.null(w)) return(ar$total(e * e))
  ar$total((e * e) * w)
}

mse <- function(e, y, ar, w = NULL, sw = NULL) {
  if (is.null(w)) return(ar$total(e * e) / length(e))
  ar$total((e * e) * w) / (sw * ncol(e))
}

binary_cross_entropy <- function(z, y, ar, w = NULL, sw = NULL) {
  # -[y log(s) + (1 - y) log(1 - s)] with s = sigmoid(z), rewritten as
  # max(z, 0) - z * y + log(1 + exp(-|z|)): exp never overflows, log never
  # sees 0.
  positive <- ifelse(z > 0, z, 0)
  terms <- (positive - z * y) + ar$log1p(ar$exp(-abs(z)))
  if (is.null(w)) return(ar$total(terms) / nrow(z))
  ar$total(terms * w) / sw
}

softmax_cross_entropy <- function(z, y, ar, w = NULL, sw = NULL) {
  # -sum(Y * log(softmax(Z))) with log(softmax(Z)) = shifted - log(rowsum(
  # exp(shifted))), shifted = Z - rowmax(Z): every exp is at most 1 and the
  # row sum at least 1.
  shifted <- z - apply(z, 1, max)
  log_p <- shifted - as.vector(ar$log(ar$rowsum(ar$exp(shifted))))
  if (is.null(w)) return(-ar$total(y * log_p) / nrow(z))
  -ar$total((y * log_p) * w) / sw
}

error <- function(e, w = NULL, sw = NULL) {
  if (is.null(w)) return(e)
  e * w
}

twice_error <- function(e, w = NULL, sw = NULL) {
  if (is.null(w)) return(2 * e)
  (2 * e) * w
}

twice_error_per_element <- function(e, w = NULL, sw = NULL) {
  if (is.null(w)) return((2 * e) / length(e))
  ((2 * e) * w) / (sw * ncol(e))
}

logit_gradient <- function(a, y, w = NULL, sw = NULL) {
  if (is.null(w)) return((a - y) / nrow(a))
  ((a - y) * w) / sw
}

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

# What nnet's decay is divided by under a loss: the factor from nnet's summed
# criterion to the loss (1 sse, 2 half_sse, sw * k mse, sw the
# cross-entropies), so that loss + penalty has nnet's minimum.
decay_divisor <- function(name, sw, k) {
  if (name == "sse") return(1)
  if (name == "half_sse") return(2)
  if (name == "mse") return(sw * k)
  sw
}

# The penalty added to a batch's loss (docs/algorithm.md, "Training
# controls"). alpha (scikit-learn's L2 penalty, weights only):
# ((0.5 * alpha) * P) / sw with P the sum of total(W * W) over the weight
# matrices in order and sw the batch's rows (or its sum of sample weights).
# weight_decay (nnet's decay, weights and biases): (weight_decay * P) /
# divisor with P the sum of total(p * p) over every weight matrix, then every
# bias row, in order, and divisor from decay_divisor. 0 when both are 0 (the
# network then adds nothing at all).
penalty <- function(weights, biases, ar, alpha = 0, weight_decay = 0, sw = NULL,
                    divisor = 1) {
  if (alpha > 0) {
    total <- 0
    for (w in weights) total <- total + ar$total(w * w)
    return(((0.5 * alpha) * total) / sw)
  }
  if (weight_decay > 0) {
    total <- 0
    for (p in c(weights, biases)) total <- total + ar$total(p * p)
    return((weight_decay * total) / divisor)
  }
  0
}
