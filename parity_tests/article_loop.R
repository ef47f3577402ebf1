# The training loop of the Analytics Vidhya article's R code, as printed, cut
# into one function per epoch so the parity suite can step it beside twinnet.
# Two things set it apart from the article's own Python version (and from
# twinnet):
# - bh is built with matrix(rep(bias_in, nrow(X)), nrow = nrow(X),
#   byrow = FALSE), which puts bias_in down the rows: sample i gets bias
#   bias_in[i] on every hidden unit, instead of unit j getting bias_in[j];
# - the bias updates use rowSums, a sum over units per sample, where the
#   Python version sums over samples per unit (sum(d, axis = 0)).

# byrow = FALSE is the article's; byrow = TRUE lays bias_in out by unit, as
# the article meant, leaving the rowSums update as the only difference.
article_init <- function(X, seed, hiddenlayer_neurons = 3, output_neurons = 1,
                         byrow = FALSE) {
  set.seed(seed)
  inputlayer_neurons <- ncol(X)
  wh <- matrix(rnorm(inputlayer_neurons * hiddenlayer_neurons, mean = 0, sd = 1),
               inputlayer_neurons, hiddenlayer_neurons)
  bias_in <- runif(hiddenlayer_neurons)
  bias_in_temp <- rep(bias_in, nrow(X))
  bh <- matrix(bias_in_temp, nrow = nrow(X), byrow = byrow)
  wout <- matrix(rnorm(hiddenlayer_neurons * output_neurons, mean = 0, sd = 1),
                 hiddenlayer_neurons, output_neurons)
  bias_out <- runif(output_neurons)
  bias_out_temp <- rep(bias_out, nrow(X))
  bout <- matrix(bias_out_temp, nrow = nrow(X), byrow = FALSE)
  list(wh = wh, bh = bh, wout = wout, bout = bout)
}

article_epoch <- function(state, X, Y, lr) {
  sigmoid <- function(x) 1 / (1 + exp(-x))
  derivatives_sigmoid <- function(x) x * (1 - x)
  wh <- state$wh; bh <- state$bh; wout <- state$wout; bout <- state$bout

  hidden_layer_input1 <- X %*% wh
  hidden_layer_input <- hidden_layer_input1 + bh
  hidden_layer_activations <- sigmoid(hidden_layer_input)
  output_layer_input1 <- hidden_layer_activations %*% wout
  output_layer_input <- output_layer_input1 + bout
  output <- sigmoid(output_layer_input)

  E <- Y - output
  slope_output_layer <- derivatives_sigmoid(output)
  slope_hidden_layer <- derivatives_sigmoid(hidden_layer_activations)
  d_output <- E * slope_output_layer
  Error_at_hidden_layer <- d_output %*% t(wout)
  d_hiddenlayer <- Error_at_hidden_layer * slope_hidden_layer
  wout <- wout + (t(hidden_layer_activations) %*% d_output) * lr
  bout <- bout + rowSums(d_output) * lr
  wh <- wh + (t(X) %*% d_hiddenlayer) * lr
  bh <- bh + rowSums(d_hiddenlayer) * lr

  list(state = list(wh = wh, bh = bh, wout = wout, bout = bout),
       activations = list(X, hidden_layer_activations, output),
       loss = sum(E^2) / 2,
       deltas = list(d_hiddenlayer, d_output),
       weights = list(wh, wout), biases = list(bh, bout))
}
