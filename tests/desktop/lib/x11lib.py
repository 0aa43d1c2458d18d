"""libX11 through ctypes, for the window tests' helpers (close-window.py,
drop-files.py): the calls, structures and event types they use, and the
top-level windows with a given title. Xvfb runs no window manager and no file
manager, so these helpers play their part; python3 is all they need.
"""
import ctypes
import ctypes.util

x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
c_ulong, c_int, c_long, c_void_p, c_char_p, c_uint = (
    ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint)

CLIENT_MESSAGE, SELECTION_REQUEST, SELECTION_NOTIFY = 33, 30, 31


class ClientMessage(ctypes.Structure):
    _fields_ = [("type", c_int), ("serial", c_ulong), ("send_event", c_int), ("display", c_void_p),
                ("window", c_ulong), ("message_type", c_ulong), ("format", c_int), ("data", c_long * 5)]


class SelectionRequest(ctypes.Structure):
    _fields_ = [("type", c_int), ("serial", c_ulong), ("send_event", c_int), ("display", c_void_p),
                ("owner", c_ulong), ("requestor", c_ulong), ("selection", c_ulong), ("target", c_ulong),
                ("property", c_ulong), ("time", c_ulong)]


class SelectionNotify(ctypes.Structure):
    _fields_ = [("type", c_int), ("serial", c_ulong), ("send_event", c_int), ("display", c_void_p),
                ("requestor", c_ulong), ("selection", c_ulong), ("target", c_ulong),
                ("property", c_ulong), ("time", c_ulong)]


class Event(ctypes.Union):
    _fields_ = [("type", c_int), ("xclient", ClientMessage), ("xselectionrequest", SelectionRequest),
                ("xselection", SelectionNotify), ("pad", c_long * 24)]


class Attributes(ctypes.Structure):
    # XWindowAttributes up to the fields read here; the rest is padding.
    _fields_ = [("x", c_int), ("y", c_int), ("width", c_int), ("height", c_int), ("pad", c_long * 32)]


x11.XOpenDisplay.restype = c_void_p
x11.XOpenDisplay.argtypes = [c_char_p]
x11.XDefaultRootWindow.restype = c_ulong
x11.XDefaultRootWindow.argtypes = [c_void_p]
x11.XInternAtom.restype = c_ulong
x11.XInternAtom.argtypes = [c_void_p, c_char_p, c_int]
x11.XQueryTree.argtypes = [c_void_p, c_ulong, ctypes.POINTER(c_ulong), ctypes.POINTER(c_ulong),
                           ctypes.POINTER(ctypes.POINTER(c_ulong)), ctypes.POINTER(c_uint)]
x11.XFetchName.argtypes = [c_void_p, c_ulong, ctypes.POINTER(c_char_p)]
x11.XGetWindowProperty.argtypes = [c_void_p, c_ulong, c_ulong, c_long, c_long, c_int, c_ulong,
                                   ctypes.POINTER(c_ulong), ctypes.POINTER(c_int), ctypes.POINTER(c_ulong),
                                   ctypes.POINTER(c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))]
x11.XGetWindowAttributes.argtypes = [c_void_p, c_ulong, ctypes.POINTER(Attributes)]
x11.XTranslateCoordinates.argtypes = [c_void_p, c_ulong, c_ulong, c_int, c_int, ctypes.POINTER(c_int),
                                      ctypes.POINTER(c_int), ctypes.POINTER(c_ulong)]
x11.XCreateSimpleWindow.restype = c_ulong
x11.XCreateSimpleWindow.argtypes = [c_void_p, c_ulong, c_int, c_int, c_uint, c_uint, c_uint, c_ulong, c_ulong]
x11.XSetSelectionOwner.argtypes = [c_void_p, c_ulong, c_ulong, c_ulong]
x11.XChangeProperty.argtypes = [c_void_p, c_ulong, c_ulong, c_ulong, c_int, c_int, c_char_p, c_int]
x11.XSendEvent.argtypes = [c_void_p, c_ulong, c_int, c_long, ctypes.POINTER(Event)]
x11.XPending.argtypes = [c_void_p]
x11.XNextEvent.argtypes = [c_void_p, ctypes.POINTER(Event)]
x11.XFree.argtypes = [c_void_p]
x11.XFlush.argtypes = [c_void_p]
x11.XSync.argtypes = [c_void_p, c_int]
x11.XGetWMProtocols.argtypes = [c_void_p, c_ulong, ctypes.POINTER(ctypes.POINTER(c_ulong)), ctypes.POINTER(c_int)]

# A window can vanish between listing it and asking about it; Xlib's default
# handler would end this process for that.
ERROR_HANDLER = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)(lambda _d, _e: 0)
x11.XSetErrorHandler(ERROR_HANDLER)


def named_windows(display, title: bytes) -> list[int]:
    """The top-level windows whose name is `title`."""
    root, parent = c_ulong(), c_ulong()
    children, count = ctypes.POINTER(c_ulong)(), c_uint()
    if not x11.XQueryTree(display, x11.XDefaultRootWindow(display), ctypes.byref(root),
                          ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count)):
        return []
    found = []
    for i in range(count.value):
        w = children[i]
        name = c_char_p()
        if not x11.XFetchName(display, w, ctypes.byref(name)) or name.value is None:
            continue
        if name.value == title:
            found.append(w)
        x11.XFree(name)
    if children:
        x11.XFree(children)
    return found
