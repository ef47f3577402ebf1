"""Progress of a long training run, and stopping it cleanly with Ctrl-C.

Training that runs longer than a couple of seconds shows, on a terminal,
``epoch 120/5000  loss 0.01234  elapsed 0:00:03  ETA 0:02:01``, updated
twice a second; nothing is shown when standard error is not a terminal (a
pipe, CI) or when ``progress=False``. Twin: ``R/R/progress.R`` (whose
``progress_start`` is the constructor of ``Progress``).
"""

import math
import signal
import sys
import threading
import time

SHOW_AFTER = 2.0  # seconds of training before the line appears
EVERY = 0.5  # seconds between updates


def _progress_clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def progress_line(epoch, epochs, loss, elapsed):
    """The text of one update (the same in R)."""
    eta = elapsed / epoch * (epochs - epoch)
    return (
        f"epoch {epoch}/{epochs}  loss {loss:.6g}  "
        f"elapsed {_progress_clock(elapsed)}  ETA {_progress_clock(eta)}"
    )


class Progress:  # twin: progress_start
    """Prints progress lines to ``stream`` while a fit runs."""

    def __init__(self, epochs, enabled=None, stream=None):
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = bool(enabled)
        self.epochs = epochs
        self.start = time.monotonic()
        self.last = -math.inf
        self.shown = False

    def update(self, epoch, loss):
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self.start
        if elapsed < SHOW_AFTER or (now - self.last < EVERY and epoch < self.epochs):
            return
        self.last = now
        self.shown = True
        self.stream.write("\r" + progress_line(epoch, self.epochs, loss, elapsed) + "  ")
        self.stream.flush()

    def close(self):
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


# one side: Python's SIGINT handler (signal module); R catches the interrupt
# condition in its fit loop and counts it with note_stopped()
class StopRequest:
    """While active, the first Ctrl-C asks the fit to stop after the current
    epoch; a second one interrupts at once (KeyboardInterrupt)."""

    # Fits stopped by a Ctrl-C in this process: the command line then exits
    # with status 130 after saving (docs/inputs.md, "The command line").
    stopped = 0

    def __init__(self, stream=None):
        self.stream = sys.stderr if stream is None else stream
        self.requested = False
        self._previous = None

    def _handler(self, signum, frame):  # one side: the SIGINT handler (signal module)
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        self.stream.write("\ntwinnet: stopping after this epoch (Ctrl-C again to stop now)\n")
        self.stream.flush()

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
        if self.requested:
            StopRequest.stopped += 1
        return False
