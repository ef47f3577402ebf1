# The package's documentation page (?twinnet-package) and its imports.
# one side: R's package documentation; Python's is the package docstring
# (python/src/twinnet/__init__.py).

#' twinnet: a neural network written twice, in R and in Python
#'
#' A multilayer perceptron written in base R with a twin in Python (numpy)
#' that gives the same weights, outputs and loss history from the same seed
#' and data, to the last bit in `mode = "exact"`. It grows out of three
#' "neural network from scratch" articles, whose defaults the low-level
#' functions keep:
#'
#' * Analytics Vidhya's sigmoid network in Python and R (full-batch gradient
#'   descent, `lr = 0.1`, `rnorm` weights and `runif` biases, the
#'   `"half_sse"` loss): [mlp()], [toy_data()];
#' * James Loy's two-layer network (`"sse"`, no bias, `runif` weights):
#'   [loy_data()];
#' * Omar Aflak's layer library (dense and activation layers, `"mse"`,
#'   per-sample descent): [network()], [dense()], [activation()], [add()],
#'   [use()], [fit()], [xor_data()].
#'
#' For everyday use, [twinnet()] is the front end nnet users know
#' (`twinnet(y ~ ., data)`, `predict(type = "class")`), with the defaults of
#' scikit-learn's MLP, the same network as the Python twin's
#' `TwinnetClassifier`/`TwinnetRegressor`. Files: [save_model()],
#' [load_model()], [read_config()], [twinnet_cli()]; pictures: [plot_loss()]
#' and friends; checks: [compare_files()], [ulps()].
#'
#' R's random numbers are the shared source: `seed = s` draws what
#' `set.seed(s)` then `rnorm()`/`runif()`/`sample.int()` give, and the
#' Python twin reproduces R's generators bit for bit. Functions that draw
#' leave the caller's random-number state alone.
#' @aliases NULL twinnet-package
"_PACKAGE"

# The package's imports, in one place (roxygen writes them to NAMESPACE):
# stats' generators draw initial weights and data (init.R, datasets.R);
# predict, coef and plot are the generics of the methods in estimator.R,
# methods.R and network.R. utils' functions are called with utils::.
#' @useDynLib twinnet, .registration = TRUE
#' @importFrom graphics plot
#' @importFrom stats coef predict rnorm runif
NULL
