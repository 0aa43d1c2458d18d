#!/usr/bin/env python3
"""Closes the window titled TITLE the way a window manager does when someone clicks
its close button: an ICCCM WM_DELETE_WINDOW message. Xvfb runs no window manager,
and WebDriver's "close window" destroys the web view without asking the app, so
neither exercises the app's own close path.

Then waits until no such window is left. Exit status: 0 when the window went away,
1 when it was still there after TIMEOUT seconds, 2 when there was none to close.

Usage: close-window.py TITLE [TIMEOUT]  (uses $DISPLAY; libX11 through ctypes)
"""
import ctypes
import sys
import time

from x11lib import CLIENT_MESSAGE, Event, c_int, c_ulong, named_windows, x11


def windows(display, title: bytes, delete_atom: int) -> list[int]:
    """Top-level windows named `title` that accept WM_DELETE_WINDOW."""
    found = []
    for w in named_windows(display, title):
        protocols, n = ctypes.POINTER(c_ulong)(), c_int()
        if x11.XGetWMProtocols(display, w, ctypes.byref(protocols), ctypes.byref(n)):
            if any(protocols[k] == delete_atom for k in range(n.value)):
                found.append(w)
            x11.XFree(protocols)
    return found


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    title = sys.argv[1].encode()
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    display = x11.XOpenDisplay(None)
    if not display:
        print("close-window: cannot open the display; is DISPLAY set?", file=sys.stderr)
        return 2
    protocols = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    delete = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    targets = windows(display, title, delete)
    if not targets:
        print(f"close-window: no window titled {sys.argv[1]!r}", file=sys.stderr)
        return 2
    for w in targets:
        event = Event()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = w
        event.xclient.message_type = protocols
        event.xclient.format = 32
        event.xclient.data[0] = delete
        event.xclient.data[1] = 0  # CurrentTime
        x11.XSendEvent(display, w, 0, 0, ctypes.byref(event))
    x11.XFlush(display)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        x11.XSync(display, 0)
        if not windows(display, title, delete):
            return 0
        time.sleep(0.05)
    print(f"close-window: the window titled {sys.argv[1]!r} is still open after {timeout:g} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
