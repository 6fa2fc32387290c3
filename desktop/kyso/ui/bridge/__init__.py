"""The local signing bridge's windows: the consent window every web signature passes
through, the first-use question per web address, and the adapter that lets the core bridge
(:mod:`kyso.core.bridge`) ask them from its own thread."""
