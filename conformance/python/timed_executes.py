"""Execute round trips through jupyter_client's protocol, timed as a front end sees them.

Usage: /usr/bin/python3 timed_executes.py KERNEL_NAME [EXTRA_KERNEL_ARGUMENT...]

Starts the kernel with jupyter_client (KernelManager, BlockingKernelClient) in the Jupyter environment it is given,
then reads one JSON request a line from stdin, {"code": "...", "count": N}, runs the code N times with
execute_interactive (the request, every iopub message up to the idle status, the reply) and writes one JSON line:
{"seconds": [...], "result": "text/plain of the last execute_result"}. A request that fails writes {"error": "..."}.
At the end of stdin the kernel is shut down. The caller takes requests in turns with other measurements, so both
meet the same machine load.
"""

import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def run(client, code, count):
    seconds = []
    result = None
    for _ in range(count):
        outputs = []
        started = time.perf_counter()
        reply = client.execute_interactive(code, timeout=60, output_hook=outputs.append)
        seconds.append(time.perf_counter() - started)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            return {"error": "%s: %s" % (content.get("ename"), content.get("evalue"))}
        for message in outputs:
            if message["msg_type"] == "execute_result":
                result = message["content"]["data"].get("text/plain")
    return {"seconds": seconds, "result": result}


def main():
    kernel_name, extra_arguments = sys.argv[1], sys.argv[2:]
    manager, client = start_new_kernel(kernel_name=kernel_name, extra_arguments=extra_arguments, startup_timeout=60)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            sys.stdout.write(json.dumps(run(client, request["code"], request["count"])) + "\n")
            sys.stdout.flush()
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
