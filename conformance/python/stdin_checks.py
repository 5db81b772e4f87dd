"""Drives `parabook kernel` with jupyter_client as a front end that answers input, and prints one JSON summary line
at the end: a (read-line) in a cell run with allow_stdin sends input_request on the stdin channel (parent: the
execute request; the unfinished line written before it is the prompt) and the cell goes on with the input_reply's
value; with allow_stdin false the read fails at once with the clear error and nothing is asked; an interrupt while
the kernel waits for input ends the cell with the usual Interrupted error, earlier definitions kept. Run by
conformance/stdin.test.ts, which asserts on the summary.

jupyter_kernel_test 0.4.5 has no stdin test to apply (it only declares an input_request schema, whose "password"
is typed as a number where the protocol says boolean, and no test uses it): these checks stand in for it."""

import json
import os
import sys
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("PARABOOK_KERNEL_NAME", "parabook")
summary = {}


def until_idle(kc, msg_id, timeout=30):
    """The iopub messages of request msg_id up to its idle status: (type, content) pairs, status left out."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return seen
            continue
        seen.append((msg["msg_type"], msg["content"]))


def shell_reply(kc, msg_id, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def stdin_message(kc, timeout):
    """The next message on stdin, or None when none came within timeout."""
    try:
        return kc.get_stdin_msg(timeout=timeout)
    except Empty:
        return None


def outputs(seen):
    stdout = "".join(c["text"] for t, c in seen if t == "stream" and c["name"] == "stdout")
    errors = [{"ename": c["ename"], "evalue": c["evalue"]} for t, c in seen if t == "error"]
    results = [c["data"]["text/plain"] for t, c in seen if t == "execute_result"]
    return {"stdout": stdout, "errors": errors, "results": results}


def main():
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
    try:
        # Answered: the front end allows stdin and types "Ada".
        msg_id = kc.execute('(display "Hi.\\nName: ")\n(display (string-append "hello " (read-line)))', allow_stdin=True)
        asked = stdin_message(kc, 30)
        summary["answered_request"] = asked and {
            "msg_type": asked["header"]["msg_type"],
            "parent_is_execute": asked["parent_header"].get("msg_id") == msg_id,
            "content": asked["content"],
            "password_is_bool": isinstance(asked["content"].get("password"), bool),
        }
        kc.input("Ada")
        summary["answered"] = outputs(until_idle(kc, msg_id))
        summary["answered_reply"] = shell_reply(kc, msg_id)["status"]

        # Not allowed: nbclient and papermill run cells so; the read fails at once and nothing is asked.
        msg_id = kc.execute("(define before-read 1)\n(read-line)", allow_stdin=False)
        summary["refused"] = outputs(until_idle(kc, msg_id))
        summary["refused_reply"] = shell_reply(kc, msg_id)["status"]
        summary["refused_asked"] = stdin_message(kc, 0.5) is not None

        # Interrupted while waiting (interrupt_mode "message": interrupt_request on the control channel).
        msg_id = kc.execute("(define kept 41)", allow_stdin=True)
        until_idle(kc, msg_id)
        shell_reply(kc, msg_id)
        msg_id = kc.execute("(read-line)", allow_stdin=True)
        summary["interrupted_asked"] = stdin_message(kc, 30) is not None
        km.interrupt_kernel()
        summary["interrupted"] = outputs(until_idle(kc, msg_id))
        summary["interrupted_reply"] = shell_reply(kc, msg_id)["status"]
        msg_id = kc.execute("(+ kept before-read)", allow_stdin=True)
        summary["after_interrupt"] = outputs(until_idle(kc, msg_id))
        shell_reply(kc, msg_id)

        # Two reads in one cell, each its own input_request; the eof of a reply is not a thing in Jupyter.
        msg_id = kc.execute("(list (read) (read-line))", allow_stdin=True)
        for answer in ["(1 2)", "three"]:
            if stdin_message(kc, 30) is None:
                break
            kc.input(answer)
        summary["two_reads"] = outputs(until_idle(kc, msg_id))
        shell_reply(kc, msg_id)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        summary["kernel_alive_after_shutdown"] = km.is_alive()
    print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
