"""``python opsdesk_at.py ARGS`` runs ``opsdesk ARGS`` on the test run's wall clock.

Under ``--clock-at`` only the test processes' clock is moved; a command the tests start
in a child process (a worker to kill, a server with several processes) would read the
real one. The test run puts the shift in ``OPSDESK_TEST_CLOCK_OFFSET`` (seconds) and
starts children through this file, which moves their clock by as much before running
``opsdesk``. Without the variable it is plain ``python -m opsdesk``.
"""

from __future__ import annotations

import os
import runpy
import sys
import time

OFFSET_ENV = "OPSDESK_TEST_CLOCK_OFFSET"

if __name__ == "__main__":
    offset = os.environ.get(OFFSET_ENV)
    if offset:
        import time_machine

        time_machine.travel(time.time() + float(offset), tick=True).start()
    sys.path[0] = os.getcwd()  # as ``python -m`` would have it, not this file's folder
    sys.argv = ["opsdesk", *sys.argv[1:]]
    runpy.run_module("opsdesk", run_name="__main__", alter_sys=True)
