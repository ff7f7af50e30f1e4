"""Bookkeeping for the CRI end-to-end checks, and the host facts they read (shim processes)."""
import os
import time


class Checks:
    """Counts PASS/FAIL lines; `finish` prints the totals line test.sh sums."""

    def __init__(self, label):
        self.label, self.passed, self.failed = label, 0, 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS [%s] %s" % (self.label, name), flush=True)
        else:
            self.failed += 1
            print("FAIL [%s] %s" % (self.label, name), flush=True)
            if detail != "":
                print("    %s" % (detail,), flush=True)
        return bool(ok)

    def info(self, text):
        print("INFO [%s] %s" % (self.label, text), flush=True)

    def finish(self):
        print("%s: %d passed, %d failed" % (self.label, self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 else 1


def shims_of(address, group_id):
    """Pids of live shim processes serving `group_id` for the containerd at `address` (its argv
    carries `-address ADDRESS` and `-id ID`; the short-lived `start`/`delete` runs are skipped)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as handle:
                argv = handle.read().split(b"\0")
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in argv if a]
        if "start" in words or "delete" in words:
            continue
        pairs = dict(zip(words, words[1:]))
        if pairs.get("-address") == address and pairs.get("-id") == group_id:
            pids.append(int(entry))
    return pids


def binary_of(pid):
    try:
        return os.path.basename(os.readlink("/proc/%d/exe" % pid))
    except OSError:
        return ""


def wait_for(predicate, timeout=10.0, interval=0.1):
    """Polls `predicate` until it returns a true value or `timeout` passes; returns the last value."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value
