"""Fake platform servers: real HTTP on loopback, stateful, with switchable faults."""
