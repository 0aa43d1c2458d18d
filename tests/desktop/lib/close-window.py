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
import ctypes.util
import sys
import time

x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
c_ulong, c_int, c_long, c_void_p, c_char_p = ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p, ctypes.c_char_p

CLIENT_MESSAGE = 33


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", c_int),
        ("serial", c_ulong),
        ("send_event", c_int),
        ("display", c_void_p),
        ("window", c_ulong),
        ("message_type", c_ulong),
        ("format", c_int),
        ("data", c_long * 5),
    ]


class Event(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", c_long * 24)]


x11.XOpenDisplay.restype = c_void_p
x11.XOpenDisplay.argtypes = [c_char_p]
x11.XDefaultRootWindow.restype = c_ulong
x11.XDefaultRootWindow.argtypes = [c_void_p]
x11.XInternAtom.restype = c_ulong
x11.XInternAtom.argtypes = [c_void_p, c_char_p, c_int]
x11.XQueryTree.argtypes = [c_void_p, c_ulong, ctypes.POINTER(c_ulong), ctypes.POINTER(c_ulong),
                           ctypes.POINTER(ctypes.POINTER(c_ulong)), ctypes.POINTER(ctypes.c_uint)]
x11.XFetchName.argtypes = [c_void_p, c_ulong, ctypes.POINTER(c_char_p)]
x11.XGetWMProtocols.argtypes = [c_void_p, c_ulong, ctypes.POINTER(ctypes.POINTER(c_ulong)), ctypes.POINTER(c_int)]
x11.XSendEvent.argtypes = [c_void_p, c_ulong, c_int, c_long, ctypes.POINTER(Event)]
x11.XFree.argtypes = [c_void_p]
x11.XFlush.argtypes = [c_void_p]
x11.XSync.argtypes = [c_void_p, c_int]

# A window can vanish between listing it and asking its name; Xlib's default
# handler would end this process for that.
ERROR_HANDLER = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)(lambda _d, _e: 0)
x11.XSetErrorHandler(ERROR_HANDLER)


def windows(display, title: bytes, delete_atom: int) -> list[int]:
    """Top-level windows named `title` that accept WM_DELETE_WINDOW."""
    root, parent = c_ulong(), c_ulong()
    children, count = ctypes.POINTER(c_ulong)(), ctypes.c_uint()
    if not x11.XQueryTree(display, x11.XDefaultRootWindow(display), ctypes.byref(root),
                          ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count)):
        return []
    found = []
    for i in range(count.value):
        w = children[i]
        name = c_char_p()
        if not x11.XFetchName(display, w, ctypes.byref(name)) or name.value is None:
            continue
        named = name.value == title
        x11.XFree(name)
        if not named:
            continue
        protocols, n = ctypes.POINTER(c_ulong)(), c_int()
        if x11.XGetWMProtocols(display, w, ctypes.byref(protocols), ctypes.byref(n)):
            if any(protocols[k] == delete_atom for k in range(n.value)):
                found.append(w)
            x11.XFree(protocols)
    if children:
        x11.XFree(children)
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
