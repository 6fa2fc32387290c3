"""The local signing bridge: the service web document systems call on the user's desktop.

Web apps written for Ban Cơ yếu's VGCA Sign Service (``vgcaplugin.js``) open one WebSocket
per call to ``wss://127.0.0.1:8987/<Operation>``, send one JSON string and read one reply.
Kyso answers the same protocol (:mod:`protocol`), more safely (:mod:`policy`): only pages
whose origin IT allows or the user approved, only with the Host header of the loopback
listener (no DNS rebinding), downloads and uploads only to the asking origin's host or IT's
list, bounded sizes, a rate limit per origin — and never a signature without the consent
window, which the desktop app supplies through :class:`~kyso.core.bridge.server.BridgeApp`.
:mod:`local_ca` makes the listener's TLS certificate from a CA of each user's own, limited by
name constraints to localhost and 127.0.0.1, whose private key is destroyed at once; the key
is readable by that user alone, and the CA trusted by that user's stores alone.

Imports net, certs and the shared core modules; the app wires signing in from above.
"""
