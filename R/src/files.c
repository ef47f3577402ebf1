/* The kind of file a path names, for write_atomically() in R/R/files.R (the
 * rules of docs/inputs.md, "Writing files"): base R's file.info() tells a
 * folder from the rest, not a regular file from a device or a pipe.
 * Twin: os.stat() in python/src/twinnet/files.py.
 */
#include <R.h>
#include <Rinternals.h>
#include <sys/stat.h>

/* 0: nothing there (or not reachable), 1: a regular file, 2: a folder,
 * 3: anything else (a device, a pipe, a socket). Symbolic links are
 * followed. */
SEXP twinnet_file_kind(SEXP path)
{
    struct stat info;
    if (!isString(path) || LENGTH(path) != 1 || STRING_ELT(path, 0) == NA_STRING)
        error("path must be one string");
    const char *name = R_ExpandFileName(translateChar(STRING_ELT(path, 0)));
    if (stat(name, &info) != 0) return ScalarInteger(0);
    if (S_ISREG(info.st_mode)) return ScalarInteger(1);
    if (S_ISDIR(info.st_mode)) return ScalarInteger(2);
    return ScalarInteger(3);
}
