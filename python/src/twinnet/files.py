"""Safe writing: every file twinnet writes is written whole or not at all
(docs/inputs.md, "Writing files").

A regular file is written to a temporary name in its folder and renamed into
place; a symbolic link has its target written; a device or pipe is written
directly. Temporaries a killed run left behind are removed by the next write
into their folder. The twin is ``R/R/files.R`` (its file kinds come from the C
function in ``R/src/files.c``).
"""

import os
import re
import stat
import time

from .validation import TwinnetError

# Temporary files are named ".twinnet-PID-RANDOM.tmp". Leftovers of a killed
# run (its process no longer running, or any older than an hour) are removed
# by the next write into their folder (docs/inputs.md, "Writing files").
STALE_SECONDS = 3600
TEMP_PREFIX = ".twinnet-"
TEMP_SUFFIX = ".tmp"
_TEMP_PID = re.compile(r"^\.twinnet-([0-9]+)-.*\.tmp$")
# Names of open file descriptors (``--out /dev/stdout``): written directly,
# appended to (the shell opened them), even when they lead to a regular file.
DESCRIPTOR_PATHS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/")


def _process_running(pid):
    """Is process ``pid`` running on this machine?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # running, as another user
        return True
    return True


# one side: R tests the same inside remove_stale_temporaries, on vectors
def _stale(name, mtime, limit):
    if mtime < limit:
        return True
    match = _TEMP_PID.match(name)
    return match is not None and not _process_running(int(match.group(1)))


def _os_reason(err):
    """An OSError's reason as the C library words it (R shows the same text)."""
    return err.strerror or str(err)


def _link_target(path):
    """The file a chain of symbolic links leads to (it may not exist yet)."""
    for _ in range(40):
        if not os.path.islink(path):
            break
        link = os.readlink(path)
        path = link if os.path.isabs(link) else os.path.join(os.path.dirname(path), link)
    return path


def _remove_stale_temporaries(folder):
    """Remove the temporary files a killed run left in ``folder``."""
    limit = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and _stale(
                entry.name, entry.stat().st_mtime, limit
            ):
                os.unlink(entry.path)
        except OSError:
            pass


# one side: R opens the device in write_atomically itself
def _write_directly(path, data):
    """A device, a pipe or /dev/stdout: written in place, never replaced."""
    try:
        with open(path, "ab") as handle:
            handle.write(data)
    except OSError as err:
        raise TwinnetError(f"could not write {path}: {_os_reason(err)}") from None


def check_writable(path):
    """The checks of writing ``path`` that need no writing: an empty name, a
    folder, a missing folder are errors. ``train`` runs them before it reads
    any data, so that a bad ``--out`` does not cost a training run. Returns
    ``os.stat(path)`` (following links), or None for a new file. Twin:
    ``check_writable`` in R/R/files.R."""
    path = os.fspath(path)
    if path == "":
        raise TwinnetError("could not write '': the file name is empty")
    try:
        info = os.stat(path)  # follows symbolic links
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TwinnetError(f"could not write {path}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        return info  # a device or pipe: written directly
    folder = os.path.dirname(_link_target(path)) or "."
    if not os.path.isdir(folder):
        raise TwinnetError(f"could not write {path}: folder {folder} does not exist")
    return info


def write_atomically(path, data):
    """Write ``data`` (text, written as UTF-8, or bytes) to ``path`` whole or not
    at all, by the rules of docs/inputs.md ("Writing files"): a regular file is
    written to a temporary file beside it and renamed into place (a new file
    gets the permissions the umask gives, an existing one keeps its own); a
    symbolic link has its target written; a device or pipe is written
    directly. Twin: ``write_atomically`` in R/R/files.R."""
    path = os.fspath(path)
    info = check_writable(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if info is not None and (
        not stat.S_ISREG(info.st_mode) or os.path.abspath(path).startswith(DESCRIPTOR_PATHS)
    ):
        return _write_directly(path, data)
    target = _link_target(path)
    folder = os.path.dirname(target) or "."
    _remove_stale_temporaries(folder)
    tmp = None
    try:
        while tmp is None:
            name = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TEMP_SUFFIX}"
            name = os.path.join(folder, name)
            try:  # mode 0o666: the umask decides, as for open()
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            tmp = name
        with os.fdopen(fd, "wb") as handle:
            if info is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            handle.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError as err:
        raise TwinnetError(f"could not write {path}: {_os_reason(err)}") from None
    finally:  # also on Ctrl-C
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
