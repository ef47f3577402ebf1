# Safe writing: every file twinnet writes is written whole or not at all
# (docs/inputs.md, "Writing files"). A regular file is written to a temporary
# name in its folder and renamed into place; a symbolic link has its target
# written; a device or pipe is written directly. Temporaries a killed run left
# behind are removed by the next write into their folder. The kind of a file
# comes from the C function twinnet_file_kind (R/src/files.c).
# Twin: python/src/twinnet/files.py.

# Temporary files are named ".twinnet-PID-RANDOM.tmp". Leftovers of a killed
# run (its process no longer running, or any older than an hour) are removed
# by the next write into their folder (docs/inputs.md, "Writing files").
stale_seconds <- 3600
temp_pattern <- "^[.]twinnet-.*[.]tmp$"
temp_pid_pattern <- "^[.]twinnet-([0-9]+)-.*[.]tmp$"
# Names of open file descriptors (--out /dev/stdout): written directly,
# appended to (the shell opened them), even when they lead to a regular file.
descriptor_paths <- "^(/dev/stdout|/dev/stderr|/dev/fd/|/proc/)"

# Is process `pid` running on this machine (as any user)?
process_running <- function(pid) {
  if (pid == Sys.getpid()) return(TRUE)
  if (dir.exists("/proc/self")) return(dir.exists(file.path("/proc", pid)))
  tools::pskill(pid, 0L)
}

# one side: Python hands file names to the C library as they are
# A path as the C library sees it. Under the C locale, names that jsonlite
# read (marked UTF-8) cannot be translated to the native (ASCII) encoding:
# their bytes are passed on as they are, UTF-8, as Python does there.
native_path <- function(path) {
  if (is.character(path) && !isTRUE(l10n_info()[["UTF-8"]]) &&
        identical(l10n_info()$codeset, "ANSI_X3.4-1968")) {
    Encoding(path)[Encoding(path) == "UTF-8"] <- "unknown"
  }
  path
}

# The reason in a base R message such as "cannot open file 'f': Permission
# denied" or "cannot rename file 'a' to 'b', reason 'Permission denied'",
# the C library's words as Python shows them.
os_reason <- function(message) {
  if (grepl("reason '.*'$", message)) return(sub(".*reason '(.*)'$", "\\1", message))
  sub(".*: +", "", message)
}

# The file a chain of symbolic links leads to (it may not exist yet).
link_target <- function(path) {
  for (i in seq_len(40L)) {
    link <- Sys.readlink(path)
    if (is.na(link) || !nzchar(link)) break
    path <- if (startsWith(link, "/")) link else file.path(dirname(path), link)
  }
  path
}

# Remove the temporary files a killed run left in `folder`.
remove_stale_temporaries <- function(folder) {
  names <- list.files(folder, pattern = temp_pattern, all.files = TRUE,
                      full.names = TRUE, no.. = TRUE)
  if (!length(names)) return(invisible())
  info <- file.info(names, extra_cols = FALSE)
  base <- basename(names)
  pid <- ifelse(grepl(temp_pid_pattern, base), sub(temp_pid_pattern, "\\1", base), NA)
  dead <- vapply(pid, function(p) !is.na(p) && !process_running(as.numeric(p)), TRUE)
  old <- !is.na(info$isdir) & !info$isdir & !nzchar(Sys.readlink(names)) &
    (as.numeric(Sys.time()) - as.numeric(info$mtime) > stale_seconds | dead)
  suppressWarnings(unlink(names[old]))
  invisible()
}

# The checks of writing `path` that need no writing: an empty name, a folder,
# a missing folder are errors. train runs them before it reads any data, so
# that a bad --out does not cost a training run. Returns the file's kind
# (twinnet_file_kind).
check_writable <- function(path) {
  path <- native_path(path)
  if (identical(path, "")) twinnet_stop("could not write '': the file name is empty")
  kind <- .Call(twinnet_file_kind, path)
  if (kind == 2L) twinnet_stop("could not write ", path, ": it is a folder")
  if (kind == 3L) return(kind)  # a device or pipe: written directly
  folder <- dirname(link_target(path))
  if (!dir.exists(folder)) {
    twinnet_stop("could not write ", path, ": folder ", folder, " does not exist")
  }
  kind
}

# Write text lines (each ended by "\n", as UTF-8) or raw bytes to a file,
# whole or not at all, by the rules of docs/inputs.md ("Writing files"): a
# regular file is written to a temporary file beside it and renamed into
# place (a new file gets the permissions the umask gives, an existing one
# keeps its own); a symbolic link has its target written; a device or pipe
# is written directly.
write_atomically <- function(path, lines) {
  path <- native_path(path)
  kind <- check_writable(path)
  failed <- function(e) {
    twinnet_stop("could not write ", path, ": ", os_reason(conditionMessage(e)))
  }
  put <- function(con) {  # write, then close (where a full disk shows)
    tryCatch(
      if (is.raw(lines)) writeBin(lines, con) else writeLines(lines, con, sep = "\n"),
      error = function(e) {
        suppressWarnings(close(con))
        failed(e)
      })
    problem <- NULL  # close() warns of a full disk; let it finish closing
    withCallingHandlers(close(con), warning = function(w) {
      problem <<- w
      invokeRestart("muffleWarning")
    })
    if (!is.null(problem)) failed(problem)
  }
  if (kind == 3L || (kind == 1L && grepl(descriptor_paths, path))) {
    put(tryCatch(file(path, open = "ab", raw = TRUE), error = failed, warning = failed))
    return(invisible(path))
  }
  target <- link_target(path)
  folder <- dirname(target)
  remove_stale_temporaries(folder)
  tmp <- tempfile(pattern = paste0(".twinnet-", Sys.getpid(), "-"), tmpdir = folder,
                  fileext = ".tmp")
  ok <- FALSE
  on.exit(if (!ok) unlink(tmp))  # also on an interrupt
  put(tryCatch(file(tmp, open = "wb"), error = failed, warning = failed))
  if (kind == 1L) {
    Sys.chmod(tmp, file.info(target, extra_cols = FALSE)$mode, use_umask = FALSE)
  }
  tryCatch(file.rename(tmp, target), error = failed, warning = failed)
  ok <- TRUE
  invisible(path)
}
