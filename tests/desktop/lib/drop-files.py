#!/usr/bin/env python3
"""Drops FILES on the middle of the window titled TITLE the way a file manager
does: the XDND protocol (version 5), offering the files as text/uri-list. WebDriver
has no way to drag files from outside the page, and the shell, not the page, is
what receives a drop of files (Tauri's drag-drop event), so only a real XDND
source exercises the path a person's drag takes.

Exit status: 0 when the window accepted the drop and said it had finished, 1 when
it refused the files or did not answer within TIMEOUT seconds, 2 when there is no
such window or no display.

Usage: drop-files.py TITLE FILE... [--timeout SECONDS]  (uses $DISPLAY; libX11 through ctypes)
"""
import ctypes
import os
import sys
import time
import urllib.parse

from x11lib import (CLIENT_MESSAGE, SELECTION_NOTIFY, SELECTION_REQUEST, Attributes, ClientMessage, Event,
                    SelectionRequest, c_int, c_long, c_ulong, named_windows, x11)

XDND_VERSION = 5
PROP_MODE_REPLACE = 0


def xdnd_version(display, window: int, aware: int) -> int:
    """The XDND version the window speaks, or 0 when it takes no drops."""
    kind, fmt = c_ulong(), c_int()
    count, after = c_ulong(), c_ulong()
    data = ctypes.POINTER(ctypes.c_ubyte)()
    ok = x11.XGetWindowProperty(display, window, aware, 0, 1, 0, 0, ctypes.byref(kind), ctypes.byref(fmt),
                                ctypes.byref(count), ctypes.byref(after), ctypes.byref(data))
    if ok != 0 or not data:
        return 0
    version = ctypes.cast(data, ctypes.POINTER(c_long))[0] if count.value else 0
    x11.XFree(data)
    return version


def target(display, title: bytes, aware: int) -> int | None:
    """The top-level window named `title` that takes drops."""
    return next((w for w in named_windows(display, title) if xdnd_version(display, w, aware)), None)


def main() -> int:
    args = sys.argv[1:]
    timeout = 10.0
    if "--timeout" in args:
        at = args.index("--timeout")
        timeout = float(args[at + 1])
        del args[at : at + 2]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    title, files = args[0].encode(), args[1:]
    display = x11.XOpenDisplay(None)
    if not display:
        print("drop-files: cannot open the display; is DISPLAY set?", file=sys.stderr)
        return 2
    atom = lambda name: x11.XInternAtom(display, name.encode(), 0)
    aware, selection = atom("XdndAware"), atom("XdndSelection")
    enter, position, status, drop = atom("XdndEnter"), atom("XdndPosition"), atom("XdndStatus"), atom("XdndDrop")
    finished, leave, copy = atom("XdndFinished"), atom("XdndLeave"), atom("XdndActionCopy")
    uri_list = atom("text/uri-list")

    window = target(display, title, aware)
    if window is None:
        print(f"drop-files: no window titled {args[0]!r} takes drops", file=sys.stderr)
        return 2
    version = min(XDND_VERSION, xdnd_version(display, window, aware))

    # The drag's source: a window of our own that owns the XDND selection, so the
    # target can ask it for the files.
    root = x11.XDefaultRootWindow(display)
    source = x11.XCreateSimpleWindow(display, root, 0, 0, 1, 1, 0, 0, 0)
    x11.XSetSelectionOwner(display, selection, source, 0)
    payload = "".join("file://" + urllib.parse.quote(os.path.abspath(f)) + "\r\n" for f in files).encode()

    # The middle of the window, in root coordinates, where the drop lands.
    attrs = Attributes()
    x11.XGetWindowAttributes(display, window, ctypes.byref(attrs))
    x, y, child = c_int(), c_int(), c_ulong()
    x11.XTranslateCoordinates(display, window, root, attrs.width // 2, attrs.height // 2,
                              ctypes.byref(x), ctypes.byref(y), ctypes.byref(child))

    def send(message_type: int, *data: int) -> None:
        event = Event()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = window
        event.xclient.message_type = message_type
        event.xclient.format = 32
        event.xclient.data[0] = source
        for i, value in enumerate(data, start=1):
            event.xclient.data[i] = value
        x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
        x11.XFlush(display)

    def answer(request: SelectionRequest) -> None:
        """Hands the files to the target when it asks for them."""
        ok = request.selection == selection and request.target == uri_list
        if ok:
            x11.XChangeProperty(display, request.requestor, request.property, uri_list, 8,
                                PROP_MODE_REPLACE, payload, len(payload))
        reply = Event()
        reply.xselection.type = SELECTION_NOTIFY
        reply.xselection.requestor = request.requestor
        reply.xselection.selection = request.selection
        reply.xselection.target = request.target
        reply.xselection.property = request.property if ok else 0
        reply.xselection.time = request.time
        x11.XSendEvent(display, request.requestor, 0, 0, ctypes.byref(reply))
        x11.XFlush(display)

    def wait_for(message_type: int) -> ClientMessage | None:
        """The next XDND message of this type, answering selection requests meanwhile."""
        deadline = time.monotonic() + timeout
        event = Event()
        while time.monotonic() < deadline:
            while x11.XPending(display):
                x11.XNextEvent(display, ctypes.byref(event))
                if event.type == SELECTION_REQUEST:
                    answer(event.xselectionrequest)
                elif event.type == CLIENT_MESSAGE and event.xclient.message_type == message_type:
                    return event.xclient
            time.sleep(0.01)
        return None

    send(enter, version << 24, uri_list, 0, 0)
    send(position, 0, (x.value << 16) | y.value, 0, copy)
    reply = wait_for(status)
    if reply is None or not reply.data[1] & 1:
        send(leave, 0)
        why = "did not answer" if reply is None else "refused the files"
        print(f"drop-files: the window {why} (XdndStatus)", file=sys.stderr)
        return 1
    send(drop, 0, 0)
    if wait_for(finished) is None:
        print(f"drop-files: the window never finished the drop within {timeout:g} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
