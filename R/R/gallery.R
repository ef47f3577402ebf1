# The articles' examples, trained and drawn (docs/pictures.md):
# example_pictures() trains five networks (Analytics Vidhya's toy network and
# its moons and blobs, Loy's network, a Fashion-MNIST network) and draws their
# pictures with plot.R's functions. Twin: python/src/twinnet/gallery.py, which
# draws the same files from the same numbers.

#' Train the articles' examples and draw their pictures
#'
#' The same files, from the same numbers, as Python's
#' `twinnet.gallery.example_pictures()` (docs/pictures.md describes each).
#' `mode = "exact"` makes the data behind the two languages' pictures
#' identical; Fashion-MNIST (from `fashion_folder`) is skipped when it is not
#' there.
#'
#' @param folder An existing folder.
#' @param mode "exact" or "blas".
#' @param fashion_folder Where Fashion-MNIST's files are.
#' @return Invisibly, the paths of the pictures written, in the order drawn
#'   (the same as Python's); each picture's data comes from the plot function
#'   that drew it ([plot_loss()], ...).
#' @examples
#' \donttest{
#' # blas mode and no Fashion-MNIST: about 5 seconds
#' folder <- tempfile("pictures-")
#' dir.create(folder)
#' drawn <- example_pictures(folder, mode = "blas", fashion_folder = tempfile())
#' list.files(folder)
#' }
#' @export
example_pictures <- function(folder, mode = "exact",
                             fashion_folder = "/usr/share/datasets/fashion-mnist") {
  if (!is.character(folder) || length(folder) != 1L || !dir.exists(folder)) {
    twinnet_stop("folder ", folder, " does not exist")
  }
  out <- list()
  at <- function(name) file.path(folder, name)

  # Analytics Vidhya's toy network: 4-3-1 sigmoid, lr 0.1, 5000 epochs
  d <- toy_data()
  toy <- fit(mlp(c(4, 3, 1), lr = 0.1, seed = 42, mode = mode), d$X, d$y, epochs = 5000)
  out[["toy_loss.png"]] <- plot_loss(toy, at("toy_loss.png"),
    title = "Analytics Vidhya's toy network 4-3-1: loss per epoch")
  out[["toy_network.png"]] <- plot_network(toy, at("toy_network.png"))

  # Loy's network: 3-4-1, no bias, sum of squares, lr 1, 1500 iterations,
  # his uniform start drawn by runif after set.seed(2)
  d <- loy_data()
  loy <- network(seed = 2, mode = mode)
  loy <- add(loy, dense(3, 4, bias = FALSE, init = "loy"))
  loy <- add(loy, activation("sigmoid"))
  loy <- add(loy, dense(4, 1, bias = FALSE, init = "loy"))
  loy <- add(loy, activation("sigmoid"))
  loy <- fit(use(loy, "sse"), d$X, d$y, epochs = 1500, lr = 1)
  out[["loy_loss.png"]] <- plot_loss(loy, at("loy_loss.png"),
    title = "Loy's network 3-4-1: loss per epoch (his loss per iteration)")

  # Analytics Vidhya's second dataset: moons, normalised, 2-10-1 sigmoid
  d <- make_moons(200, noise = 0.2, seed = 42)
  X <- apply_scaler(fit_scaler(d$X), d$X)
  moons <- fit(mlp(c(2, 10, 1), lr = 0.1, seed = 42, mode = mode), X, d$y, epochs = 3000)
  out[["moons_loss.png"]] <- plot_loss(moons, at("moons_loss.png"), log = TRUE,
    title = "Moons, 2-10-1 sigmoid: loss per epoch (log scale)")
  out[["moons_boundary.png"]] <- plot_decision_boundary(
    moons, X, d$y, at("moons_boundary.png"),
    title = "Moons (200 points, noise 0.2), 2-10-1 sigmoid network")
  out[["moons_network.png"]] <- plot_network(moons, at("moons_network.png"))

  # Its "blobs" exercise: three classes, softmax output
  d <- make_blobs(300, centers = 3, sd = 4, seed = 7)
  X <- apply_scaler(fit_scaler(d$X), d$X)
  blobs <- network(seed = 42, mode = mode)
  blobs <- add(blobs, dense(2, 8))
  blobs <- add(blobs, activation("sigmoid"))
  blobs <- add(blobs, dense(8, 3))
  blobs <- add(blobs, activation("softmax"))
  blobs <- fit(use(blobs, "softmax_cross_entropy"), X, one_hot(d$y, 3),
               epochs = 1000, lr = 1)
  out[["blobs_boundary.png"]] <- plot_decision_boundary(
    blobs, X, d$y, at("blobs_boundary.png"),
    title = "Blobs (300 points, 3 classes), 2-8-3 sigmoid-softmax network")

  # Fashion-MNIST: a 784-32-10 network on 2000 training images, 25 test images
  if (dir.exists(fashion_folder)) {
    d <- read_mnist(fashion_folder, "train", n = 2000)
    test <- read_mnist(fashion_folder, "t10k", n = 25)
    fashion <- network(seed = 42, mode = mode)
    fashion <- add(fashion, dense(784, 32, init = "xavier"))
    fashion <- add(fashion, activation("sigmoid"))
    fashion <- add(fashion, dense(32, 10, init = "xavier"))
    fashion <- add(fashion, activation("softmax"))
    fashion <- fit(use(fashion, "softmax_cross_entropy"), d$X, one_hot(d$y, 10),
                   epochs = 10, lr = 0.01, batch_size = 100, shuffle = TRUE,
                   optimizer = "adam")
    out[["fashion_images.png"]] <- plot_images(
      test$X, test$y, at("fashion_images.png"), predicted = predict(fashion, test$X),
      class_names = fashion_mnist_classes)
    out[["fashion_network.png"]] <- plot_network(fashion, at("fashion_network.png"))
  }
  invisible(at(names(out)))
}
