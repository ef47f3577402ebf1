# Export to PyTorch and ONNX (docs/export.md). The exporters need Python's
# torch and onnx, so R hands the model file to Python's command line
# (`twinnet export`, found as `twinnet parity` finds it: cli_python_command in
# cli.R); the Python twin (python/src/twinnet/export.py) holds the exporters
# themselves (to_torch, save_torch, to_onnx), which have no R twin. The same
# network writes the same ONNX bytes from either language.

export_formats <- c("onnx", "torch")

#' Export a model to ONNX or PyTorch
#'
#' Writes `model` as an ONNX model (`format = "onnx"`: opset 17, float64
#' input `X` and output `Y`, one `Gemm` node per dense layer and one node per
#' activation) or as a PyTorch program (`format = "torch"`: a `torch.export`
#' file, `.pt2`, that `torch.export.load(path).module()` reads), for users
#' who take a network on to those engines. R hands the model file to Python's
#' command line (`twinnet export`), found as `twinnet parity` finds it: the
#' launcher the environment variable `TWINNET_PYTHON` names, the checkout's
#' `.venv/bin/twinnet`, `twinnet` on the PATH, or `python3 -m twinnet`; it
#' needs Python's twinnet with its export extra (`pip install
#' './python[export]'`). The ONNX file is the one Python's
#' `twinnet.export.to_onnx()` writes for the same network, byte for byte, and
#' predicts what `predict()` gives (within 1e-12). A fit of [twinnet()] is
#' exported with its input scaling (`scale = TRUE`) and as its class
#' probabilities (`predict(fit, type = "prob")`), the inputs being the
#' columns of its model matrix.
#'
#' @param model A model ([mlp()], [network()], a fit of [twinnet()]) or the
#'   path of a model file.
#' @param path The file to write.
#' @param format `"onnx"` or `"torch"`.
#' @return `path`, invisibly.
#' @examples
#' \dontrun{
#' model <- fit(mlp(c(2, 3, 1), seed = 1), matrix(runif(8), 4), runif(4),
#'              epochs = 10)
#' export_model(model, "model.onnx")
#' }
#' @export
export_model <- function(model, path, format = "onnx") {
  format <- check_choice("format", format, export_formats)
  file <- model
  if (!(is.character(model) && length(model) == 1L)) {
    file <- tempfile("twinnet-export-", fileext = ".json")
    on.exit(unlink(file), add = TRUE)
    save_model(model, file)
  }
  other <- cli_python_command("export")
  if (is.character(other)) twinnet_stop(other)
  flags <- c("export", "--model", file, "--format", format, "--out", path, "--quiet")
  said <- suppressWarnings(system2(other$command, c(other$args, shQuote(flags)),
                                   stdout = TRUE, stderr = TRUE))
  status <- attr(said, "status")
  if (!is.null(status) && status != 0L) {
    said <- trimws(said[nzchar(trimws(said))])
    last <- if (length(said)) said[length(said)] else ""
    twinnet_stop(sub("^twinnet: error: ", "", last))
  }
  invisible(path)
}
