# Activation functions, as a table: name -> (f, f' written in terms of f's
# output). The seed articles differentiate the sigmoid through its output,
# f'(z) = a * (1 - a) with a = f(z). Twin: python/src/twinnet/activations.py.

sigmoid <- function(z, arith) 1 / (1 + arith$exp(-z))

sigmoid_slope <- function(a) a * (1 - a)

activations <- list(sigmoid = list(f = sigmoid, slope = sigmoid_slope))
