# IDX files, the format of MNIST and Fashion-MNIST (docs/datasets.md):
# read_idx() and write_idx() read and write any IDX file, plain or gzipped;
# read_mnist() reads MNIST's or Fashion-MNIST's images and labels. Twin:
# python/src/twinnet/idx.py, which reads the same files into the same numbers
# and says the same in its errors.
#
# The IDX format (yann.lecun.com/exdb/mnist): two zero bytes, a type code,
# the number of dimensions d; d sizes as big-endian unsigned 32-bit
# integers; then the values, big-endian, the last index running fastest.

#' Fashion-MNIST's class names
#'
#' The names of Fashion-MNIST's labels 0 to 9 (Zalando's), for
#' [plot_images()]: `fashion_mnist_classes[label + 1]`. Python:
#' `twinnet.idx.FASHION_MNIST_CLASSES`.
#'
#' @examples
#' fashion_mnist_classes[c(0, 9) + 1]  # the names of labels 0 and 9
#' @export
fashion_mnist_classes <- c("T-shirt/top", "Trouser", "Pullover", "Dress",
                           "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                           "Ankle boot")

idx_types <- data.frame(
  name = c("ubyte", "byte", "short", "int", "float", "double"),
  code = c(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E),
  size = c(1L, 1L, 2L, 4L, 4L, 8L),
  low = c(0, -128, -32768, -2147483648, -Inf, -Inf),
  high = c(255, 127, 32767, 2147483647, Inf, Inf),
  stringsAsFactors = FALSE
)

# one side: R's paste() writes a count such as 600000 as 6e+05; Python's
# integers print whole, as %.0f writes them
fmt_count <- function(x) sprintf("%.0f", x)

# Read an IDX file (plain or gzipped) into its values in
# file order (row-major), its sizes and its type. `n`: read only the first n
# items along the first dimension. `total` is the header's first size.
idx_read <- function(path, n = NULL) {
  if (!file.exists(path) || dir.exists(path)) {
    twinnet_stop("IDX file not found: ", path)
  }
  # gzip by content (1F 8B); file(), not gzfile(), for the rest: gzfile()
  # would also unpack bzip2 and xz, which the Python twin does not
  con <- file(path, "rb")
  gzipped <- identical(readBin(con, "raw", 2L), as.raw(c(0x1F, 0x8B)))
  close(con)
  con <- if (gzipped) gzfile(path, "rb") else file(path, "rb")
  on.exit(close(con))
  # zlib reports corrupt data (a bad checksum) as a warning; make it an error
  read_bytes <- function(count) {
    withCallingHandlers(
      readBin(con, "raw", count),
      warning = function(w) {
        twinnet_stop("IDX file ", path, " is corrupt: its gzip data do not ",
                     "decompress")
      })
  }
  truncated <- function(what, need, got) {
    twinnet_stop("IDX file ", path, " is truncated: ", fmt_count(need), " ",
                 what, " bytes expected, ", fmt_count(got), " found")
  }
  head <- read_bytes(4L)
  if (length(head) < 4L) truncated("header", 4, length(head))
  magic <- as.integer(head)
  type <- match(magic[3], idx_types$code)
  if (magic[1] != 0L || magic[2] != 0L || is.na(type) || magic[4] == 0L) {
    twinnet_stop("IDX file ", path, " has a bad magic number ",
                 paste(sprintf("%02X", magic), collapse = " "),
                 ": expected 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) ",
                 "and the number of dimensions")
  }
  ndim <- magic[4]
  size_bytes <- read_bytes(4L * ndim)
  if (length(size_bytes) < 4L * ndim) {
    truncated("header", 4 + 4 * ndim, 4 + length(size_bytes))
  }
  b <- matrix(as.numeric(size_bytes), 4L)
  dims <- colSums(b * c(16777216, 65536, 256, 1))
  total <- dims[1]
  if (!is.null(n)) dims[1] <- min(dims[1], n)
  size <- idx_types$size[type]
  need <- prod(dims) * size
  data <- read_bytes(need)
  if (length(data) < need) truncated("data", need, length(data))
  if (is.null(n) && length(read_bytes(1L))) {
    twinnet_stop("IDX file ", path, " has more data than its header ",
                 "announces (", fmt_count(need), " bytes)")
  }
  count <- prod(dims)
  values <- switch(
    idx_types$name[type],
    ubyte = as.integer(data),
    byte = readBin(data, "integer", count, size = 1L, signed = TRUE),
    short = readBin(data, "integer", count, size = 2L, endian = "big"),
    int = readBin(data, "integer", count, size = 4L, endian = "big"),
    float = readBin(data, "numeric", count, size = 4L, endian = "big"),
    double = readBin(data, "numeric", count, size = 8L, endian = "big")
  )
  list(values = values, dims = dims, type = idx_types$name[type],
       total = total)
}

check_read_count <- function(n) {
  if (is.null(n)) return(NULL)
  check_positive_integer("n", n)
}

#' Read an IDX file (the MNIST format)
#'
#' Plain or gzipped files (recognised by their content). Types: unsigned
#' byte (0x08), signed byte (0x09), short (0x0B) and int (0x0C) give integer
#' values; float (0x0D) and double (0x0E) give doubles.
#'
#' @param path File name.
#' @param n Read only the first `n` items along the first dimension (for
#'   example the first `n` images); by default all of them.
#' @return For one dimension a vector; for two a matrix; for more an array
#'   with the file's dimensions, `x[i, r, c]` being Python's `x[i-1, r-1, c-1]`
#'   (images: n x rows x cols). An int (0x0C) value -2147483648 reads as
#'   `NA`, R's integer NA.
#' @examples
#' path <- tempfile(fileext = ".gz")
#' write_idx(array(0:23, c(2, 3, 4)), path, type = "ubyte")
#' read_idx(path)
#' @export
read_idx <- function(path, n = NULL) {
  n <- check_read_count(n)
  idx <- idx_read(path, n)
  dims <- idx$dims
  if (length(dims) == 1L) return(idx$values)
  if (length(dims) == 2L) {
    return(matrix(idx$values, dims[1], dims[2], byrow = TRUE))
  }
  aperm(array(idx$values, rev(dims)))
}

#' Write an array as an IDX file
#'
#' The file is gzipped when `path` ends in `.gz`.
#'
#' @param x A vector, matrix or array.
#' @param path File name.
#' @param type `"ubyte"`, `"byte"`, `"short"`, `"int"`, `"float"` or
#'   `"double"`; by default `"ubyte"` for raw and logical `x`, `"int"` for
#'   integer and `"double"` for double `x`.
#' @return `path`, invisibly.
#' @examples
#' path <- tempfile(fileext = ".gz")
#' write_idx(matrix(c(0.5, -1, 2, 3), 2, 2), path)  # type "double"
#' read_idx(path)
#' @export
write_idx <- function(x, path, type = NULL) {
  if (!(is.numeric(x) || is.logical(x) || is.raw(x))) {
    twinnet_stop("x must be numeric, got non-numeric values")
  }
  if (is.null(type)) {
    type <- if (is.raw(x) || is.logical(x)) "ubyte"
            else if (is.integer(x)) "int" else "double"
  }
  type <- check_choice("type", type, idx_types$name)
  t <- match(type, idx_types$name)
  dims <- if (is.null(dim(x))) length(x) else dim(x)
  if (length(dims) > 255L) {
    twinnet_stop("x has ", length(dims), " dimensions; IDX files hold at ",
                 "most 255")
  }
  values <- if (length(dims) == 1L) as.vector(x) else as.vector(aperm(x))
  values <- if (is.raw(values)) as.integer(values) else as.numeric(values)
  if (idx_types$size[t] < 8L && type != "float") {
    bad <- which(is.na(values) | values != round(values))
    if (length(bad)) {
      twinnet_stop("x must hold whole numbers to be written as type '", type,
                   "', got ", show_value(values[bad[1]]))
    }
    if (any(values < idx_types$low[t] | values > idx_types$high[t])) {
      twinnet_stop("x has values outside the range of type '", type, "' (",
                   fmt_count(idx_types$low[t]), " to ",
                   fmt_count(idx_types$high[t]), ")")
    }
  }
  # written into R's session folder, then to `path` by write_atomically():
  # whole or not at all (docs/inputs.md, "Writing files")
  tmp <- tempfile("twinnet-")
  con <- if (grepl("[.]gz$", path)) gzfile(tmp, "wb") else file(tmp, "wb")
  open_con <- TRUE
  on.exit({
    if (open_con) close(con)
    unlink(tmp)
  })
  writeBin(as.raw(c(0, 0, idx_types$code[t], length(dims))), con)
  size_bytes <- vapply(dims, function(d) {
    as.raw((d %/% c(16777216, 65536, 256, 1)) %% 256)
  }, raw(4))
  writeBin(as.vector(size_bytes), con)
  size <- idx_types$size[t]
  if (type %in% c("float", "double")) {
    writeBin(values, con, size = size, endian = "big")
  } else {
    # -2147483648 becomes NA_integer_, whose bytes are those of -2^31
    writeBin(suppressWarnings(as.integer(values)), con, size = size,
             endian = "big")
  }
  close(con)
  open_con <- FALSE
  write_atomically(path, readBin(tmp, "raw", file.size(tmp)))
  invisible(path)
}

#' Read MNIST or Fashion-MNIST
#'
#' Reads `<kind>-images-idx3-ubyte` and `<kind>-labels-idx1-ubyte` (or the
#' same names ending in `.gz`) from `folder`. The default folder is where
#' Debian's package dataset-fashion-mnist installs Fashion-MNIST.
#'
#' @param folder Folder holding the four files.
#' @param kind `"train"` (60,000 images) or `"t10k"` (10,000).
#' @param n Read only the first `n` images and labels; by default all.
#' @return A list: `X`, an n x 784 matrix (one image per row, row by row,
#'   pixel (r, c) in column `28 * (r - 1) + c`) of pixel values divided by
#'   255, in \[0, 1\], and `y`, the labels 0 to 9 (numeric). Aflak's MNIST
#'   network divides by 255 the same way.
#' @examples
#' # four small files with MNIST's names, then read as MNIST
#' dir <- tempfile("mnist-")
#' dir.create(dir)
#' write_idx(array(0:255, c(4, 8, 8)), file.path(dir, "t10k-images-idx3-ubyte"),
#'           type = "ubyte")
#' write_idx(c(3, 1, 4, 1), file.path(dir, "t10k-labels-idx1-ubyte"),
#'           type = "ubyte")
#' d <- read_mnist(dir, kind = "t10k")
#' dim(d$X)
#' d$y
#' @export
read_mnist <- function(folder = "/usr/share/datasets/fashion-mnist",
                       kind = "train", n = NULL) {
  kind <- check_choice("kind", kind, c("train", "t10k"))
  n <- check_read_count(n)
  find <- function(name) {
    path <- file.path(folder, name)
    for (candidate in c(path, paste0(path, ".gz"))) {
      if (file.exists(candidate) && !dir.exists(candidate)) return(candidate)
    }
    twinnet_stop("MNIST file not found: ", path, " (or ", name, ".gz)")
  }
  image_path <- find(paste0(kind, "-images-idx3-ubyte"))
  label_path <- find(paste0(kind, "-labels-idx1-ubyte"))
  images <- idx_read(image_path, n)
  labels <- idx_read(label_path, n)
  if (images$type != "ubyte" || length(images$dims) != 3L) {
    twinnet_stop("MNIST images file ", image_path, " must hold unsigned ",
                 "bytes in 3 dimensions (n x rows x cols), got type '",
                 images$type, "' in ", length(images$dims))
  }
  if (labels$type != "ubyte" || length(labels$dims) != 1L) {
    twinnet_stop("MNIST labels file ", label_path, " must hold unsigned ",
                 "bytes in 1 dimension, got type '", labels$type, "' in ",
                 length(labels$dims))
  }
  if (images$total != labels$total) {
    twinnet_stop("MNIST images file ", image_path, " holds ",
                 fmt_count(images$total), " images but labels file ",
                 label_path, " holds ", fmt_count(labels$total), " labels")
  }
  d <- images$dims
  X <- matrix(images$values, d[1], d[2] * d[3], byrow = TRUE) / 255
  list(X = X, y = as.numeric(labels$values))
}
