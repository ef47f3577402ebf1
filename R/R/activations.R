# Activation functions, as a table: name -> list(forward, backward).
# forward(Z, arith) gives the layer's output A; backward(dA, A, arith) turns
# the gradient of the loss with respect to A into the gradient with respect
# to Z. The element-wise ones differentiate through their output, as the
# seed articles do for the sigmoid (f'(z) = a * (1 - a)).
# Twin: python/src/twinnet/activations.py.

softmax_forward <- function(z, ar) {
  # Subtracting the row maximum keeps exp from overflowing; the maximum is
  # exact, the row sum goes through the arithmetic.
  e <- ar$exp(z - apply(z, 1, max))
  e / as.vector(ar$rowsum(e))
}

activations <- list(
  sigmoid = list(
    # blas mode: one fused pass each (arith.R, src/blas_kernels.c), R's bits
    forward = function(z, ar) {
      if (is.null(ar$sigmoid)) 1 / (1 + ar$exp(-z)) else ar$sigmoid(z)
    },
    backward = function(da, a, ar) {
      if (is.null(ar$sigmoid_slope)) da * (a * (1 - a)) else ar$sigmoid_slope(da, a)
    },
    formula = "1 / (1 + exp(-z)); slope a * (1 - a) (Analytics Vidhya, Loy)"
  ),
  tanh = list(
    forward = function(z, ar) ar$tanh(z),
    backward = function(da, a, ar) da * (1 - a * a),
    formula = "tanh(z); slope 1 - a * a (Aflak)"
  ),
  relu = list(
    # z < 0 is NA for NaN, so a diverging run stays visible
    forward = function(z, ar) {
      out <- z
      out[!is.na(z) & z < 0] <- 0
      out
    },
    backward = function(da, a, ar) da * (a > 0),
    formula = "z where z >= 0, else 0; slope 1 where a > 0, else 0"
  ),
  identity = list(
    forward = function(z, ar) z,
    backward = function(da, a, ar) da,
    formula = "z; slope 1"
  ),
  softmax = list(
    forward = softmax_forward,
    # Jacobian of softmax, row by row: dZ = A * (dA - rowsum(dA * A))
    backward = function(da, a, ar) a * (da - as.vector(ar$rowsum(da * a))),
    formula = paste("exp(z - rowmax(z)) / rowsum(exp(z - rowmax(z)));",
                    "Jacobian a * (dA - rowsum(dA * a))")
  )
)
