# Activation functions, as a table: name -> activation_function(name,
# forward, backward, formula).
# forward(Z, arith) gives the layer's output A; backward(dA, A, arith) turns
# the gradient of the loss with respect to A into the gradient with respect
# to Z. The element-wise ones differentiate through their output, as the
# seed articles do for the sigmoid (f'(z) = a * (1 - a)).
# Twin: python/src/twinnet/activations.py, the same named functions in the
# same order, each table built from them.

# One entry of the table: its name, its two functions and their formula.
activation_function <- function(name, forward, backward, formula) {
  list(name = name, forward = forward, backward = backward, formula = formula)
}

# blas mode: one fused pass (arith.R, src/blas_kernels.c), R's bits
sigmoid_forward <- function(z, ar) {
  if (is.null(ar$sigmoid)) 1 / (1 + ar$exp(-z)) else ar$sigmoid(z)
}

tanh_forward <- function(z, ar) ar$tanh(z)

# z < 0 is NA for NaN, so a diverging run stays visible
relu_forward <- function(z, ar) {
  out <- z
  out[!is.na(z) & z < 0] <- 0
  out
}

identity_forward <- function(z, ar) z

softmax_forward <- function(z, ar) {
  # Subtracting the row maximum keeps exp from overflowing; the maximum is
  # exact, the row sum goes through the arithmetic.
  e <- ar$exp(z - apply(z, 1, max))
  e / as.vector(ar$rowsum(e))
}

# blas mode: one fused pass (arith.R, src/blas_kernels.c), R's bits
sigmoid_backward <- function(da, a, ar) {
  if (is.null(ar$sigmoid_slope)) da * (a * (1 - a)) else ar$sigmoid_slope(da, a)
}

tanh_backward <- function(da, a, ar) da * (1 - a * a)

relu_backward <- function(da, a, ar) da * (a > 0)

identity_backward <- function(da, a, ar) da

softmax_backward <- function(da, a, ar) {
  # Jacobian of softmax, row by row: dZ = A * (dA - rowsum(dA * A))
  a * (da - as.vector(ar$rowsum(da * a)))
}

activations <- list(
  sigmoid = activation_function(
    "sigmoid", sigmoid_forward, sigmoid_backward,
    "1 / (1 + exp(-z)); slope a * (1 - a) (Analytics Vidhya, Loy)"
  ),
  tanh = activation_function("tanh", tanh_forward, tanh_backward,
                             "tanh(z); slope 1 - a * a (Aflak)"),
  relu = activation_function(
    "relu", relu_forward, relu_backward,
    "z where z >= 0, else 0; slope 1 where a > 0, else 0"
  ),
  identity = activation_function("identity", identity_forward, identity_backward,
                                 "z; slope 1"),
  softmax = activation_function(
    "softmax", softmax_forward, softmax_backward,
    paste("exp(z - rowmax(z)) / rowsum(exp(z - rowmax(z)));",
          "Jacobian a * (dA - rowsum(dA * a))")
  )
)
