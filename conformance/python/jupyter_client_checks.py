"""Drives `parabook kernel` with jupyter_client as a front end would, and prints one JSON summary line at the end:
300 executes in a row; an endless loop interrupted on the control channel (interrupt_mode "message") and by
SIGINT to the kernel's process group, each answered within the issue's 200 ms bound with earlier definitions
kept; the same for a %%px loop on 4 nodes; restart; shutdown leaving no process. Run by
conformance/jupyter-client.test.ts, which asserts on the summary."""

import json
import os
import signal
import statistics
import sys
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("PARABOOK_KERNEL_NAME", "parabook")
# The bound: the kernel answers again within 200 ms of the interrupt.
INTERRUPT_BOUND_S = 0.200
# How long to wait beyond the bound before calling the kernel silent (to tell "late" from "never").
SILENT_AFTER_S = 10.0
summary = {}


def reply_to(kc, msg_id, timeout):
    """The shell reply to msg_id, or None when none came within timeout."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            msg = kc.get_shell_msg(timeout=left)
        except Empty:
            return None
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def execute(kc, code, timeout=30):
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id, timeout)
    if reply is None:
        raise RuntimeError(f"no reply to {code!r} within {timeout} s")
    return reply["content"]


def result_of(kc, code):
    """The execute_result text of code, read from iopub."""
    msg_id = kc.execute(code)
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "error":
            result = "error: " + msg["content"]["evalue"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            reply_to(kc, msg_id, 30)
            return result


def started(kc, msg_id):
    """Waits until the execute request msg_id is running (its execute_input is published)."""
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


def interrupted(km, kc, loop_code, how):
    """Runs an endless loop, interrupts it `how`, and says how the kernel answered."""
    kc.get_iopub_msg  # (iopub is drained by started())
    msg_id = kc.execute(loop_code)
    started(kc, msg_id)
    time.sleep(0.3)  # well inside the loop
    t0 = time.monotonic()
    if how == "message":
        km.interrupt_kernel()
    else:
        km.signal_kernel(signal.SIGINT)
    reply = reply_to(kc, msg_id, INTERRUPT_BOUND_S)
    within = reply is not None
    if reply is None:
        reply = reply_to(kc, msg_id, SILENT_AFTER_S)
    elapsed = time.monotonic() - t0
    return {
        "answered": reply is not None,
        "within_200ms": within,
        "ms": round(elapsed * 1000, 1),
        "status": reply and reply["content"]["status"],
        "ename": reply and reply["content"].get("ename"),
    }


def descendants(pid):
    """Every process below pid, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    """Whether pid is a live process (a zombie is not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def gone_within(pids, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return []
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def main():
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
    try:
        # 300 executes in a row, each answered ok with the next execution count and its value.
        times, wrong = [], []
        first = None
        for i in range(300):
            t0 = time.perf_counter()
            reply = execute(kc, f"(+ {i} 1)")
            times.append((time.perf_counter() - t0) * 1000)
            first = first or reply["execution_count"]
            if reply["status"] != "ok" or reply["execution_count"] != first + i:
                wrong.append({"i": i, "reply": reply})
        values_seen = result_of(kc, "(+ 299 1)")
        summary["executes"] = {"count": len(times), "wrong": wrong[:5], "median_ms": round(statistics.median(times), 2), "last_value": values_seen}

        # An endless loop on the host kernel, interrupted on control; then by SIGINT; definitions kept.
        execute(kc, "(define kept 42)")
        summary["interrupt_host"] = interrupted(km, kc, "(let loop () (loop))", "message")
        summary["interrupt_host"]["kept"] = result_of(kc, "kept")
        summary["sigint_host"] = interrupted(km, kc, "(let loop () (loop))", "signal")
        summary["sigint_host"]["kept"] = result_of(kc, "kept")

        # The same for a %%px loop on 4 nodes.
        start = execute(kc, "%parallel scheme -n 4", timeout=60)
        summary["cluster_started"] = start["status"]
        execute(kc, "%px (define kept-on-node (* cluster_rank 2))")
        summary["interrupt_px"] = interrupted(km, kc, "%%px\n(let loop () (loop))", "message")
        summary["interrupt_px"]["kept"] = result_of(kc, "%px kept-on-node")
        summary["sigint_px"] = interrupted(km, kc, "%%px\n(let loop () (loop))", "signal")
        summary["sigint_px"]["kept"] = result_of(kc, "%px kept-on-node")

        # Restart: the old process and its nodes end; a fresh kernel answers, without the old definitions.
        old_pid = km.provisioner.process.pid
        old_processes = [old_pid] + descendants(old_pid)
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        new_pid = km.provisioner.process.pid
        summary["restart"] = {
            "old_processes": len(old_processes),
            "left_behind": gone_within(old_processes, 10),
            "new_pid_differs": new_pid != old_pid,
            "kept_after_restart": result_of(kc, "kept"),
            "answers": result_of(kc, "(* 6 7)"),
        }

        # Shutdown: the kernel, its host kernel and every node end.
        execute(kc, "%parallel scheme -n 3", timeout=60)
        pid = km.provisioner.process.pid
        processes = [pid] + descendants(pid)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        summary["shutdown"] = {"processes": len(processes), "left_behind": gone_within(processes, 10)}
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
