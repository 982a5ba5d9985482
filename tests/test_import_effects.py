"""Importing creatorkit changes nothing global: matplotlib's settings and the logging
levels are left to the program that imports it (the CLI sets its own at start)."""

from __future__ import annotations

import json
import subprocess
import sys

#: run in a fresh interpreter: this test process has imported creatorkit already
PROBE = """
import importlib, json, logging, pkgutil, sys
import matplotlib

def levels():
    loggers = logging.root.manager.loggerDict.items()
    return {"": logging.root.level,
            **{name: lg.level for name, lg in loggers if isinstance(lg, logging.Logger)}}

def settings():
    return {key: repr(value) for key, value in matplotlib.rcParams.items()}

before_levels, before_rc = levels(), settings()
import creatorkit
names = [m.name for m in pkgutil.walk_packages(creatorkit.__path__, "creatorkit.")]
for name in names:
    importlib.import_module(name)
after = levels()
json.dump({
    "modules": len(names),
    "rc": sorted(k for k, v in settings().items() if before_rc.get(k) != v),
    "levels": sorted(n for n, level in after.items() if level != before_levels.get(n, logging.NOTSET)),
}, sys.stdout)
"""


def probe() -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_importing_every_module_leaves_matplotlib_settings_and_logging_levels_alone():
    changed = probe()
    assert changed["modules"] > 100  # every module was imported, not only the root package
    assert (changed["rc"], changed["levels"]) == ([], [])
