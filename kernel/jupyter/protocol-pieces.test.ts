// The kernel's small pieces on their own: connection files, signatures and frames, cursors, history, stdin.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionFileError, endpoint, parseConnectionFile } from "./connection-file.js";
import { MessageSigner } from "./signing.js";
import { MessageFactory, parseFrames, WireError } from "./wire.js";
import { codePointIndex, utf16Index } from "./code-points.js";
import { ExecutionHistory } from "./history.js";
import { NoInputError, StdinChannel } from "./stdin.js";
import type { JupyterMessage } from "../../contract/jupyter/messages.js";

const ports = { shell_port: 5001, control_port: 5002, stdin_port: 5003, iopub_port: 5004, hb_port: 5005 };

test("a connection file is read field by field; a wrong one is named with its field", () => {
  const info = parseConnectionFile(JSON.stringify({ ...ports, ip: "127.0.0.1", key: "k", transport: "tcp", signature_scheme: "hmac-sha256" }), "c.json");
  assert.equal(endpoint(info, "hb"), "tcp://127.0.0.1:5005");
  assert.equal(endpoint({ ...info, ip: "::1" }, "shell"), "tcp://[::1]:5001");
  assert.equal(endpoint({ ...info, transport: "ipc", ip: "/tmp/k" }, "iopub"), "ipc:///tmp/k-5004");
  const wrong = (fields: object, message: RegExp) =>
    assert.throws(() => parseConnectionFile(JSON.stringify({ ...ports, key: "k", ...fields }), "c.json"), (e: Error) => e instanceof ConnectionFileError && message.test(e.message));
  wrong({ shell_port: "x" }, /^c\.json: "shell_port" must be a port number from 1 to 65535 \(got "x"\)$/);
  wrong({ signature_scheme: "hmac-md5" }, /"signature_scheme" must be "hmac-sha256"/);
  wrong({ transport: "udp" }, /"transport" must be "tcp" or "ipc"/);
  wrong({ key: 3 }, /"key" must be a string \(got 3\)/);
  assert.throws(() => parseConnectionFile("{", "c.json"), /c\.json is not valid JSON/);
});

test("frames: a signed message parses; a changed byte, a wrong key or no signature is refused saying which", () => {
  const signer = new MessageSigner("secret");
  const factory = new MessageFactory(signer);
  const message = factory.message("kernel_info_request", {}, null) as JupyterMessage;
  const frames = factory.frames([Buffer.from("id-1")], message).map((f) => Buffer.from(f));
  const received = parseFrames(frames, signer);
  assert.deepEqual(received.identities.map(String), ["id-1"]);
  assert.equal(received.message.header.msg_type, "kernel_info_request");

  const tampered = frames.map((f, i) => (i === 3 ? Buffer.from(f.toString().replace("kernel_info", "kernel_xnfo")) : f));
  assert.throws(() => parseFrames(tampered, signer), (e: Error) => e instanceof WireError && /signature does not match/.test(e.message));
  assert.throws(() => parseFrames(frames, new MessageSigner("other")), /signature does not match/);
  const unsigned = frames.map((f, i) => (i === 2 ? Buffer.from("") : f));
  assert.throws(() => parseFrames(unsigned, signer), /it is not signed/);
  assert.throws(() => parseFrames(frames.slice(0, 4), signer), /frames after the delimiter/);
  assert.throws(() => parseFrames([Buffer.from("x")], signer), /no <IDS\|MSG> delimiter/);
  // With no key (Jupyter's "no authentication"), nothing is signed or checked.
  assert.equal(new MessageSigner("").sign([Buffer.from("x")]), "");
  assert.ok(new MessageSigner("").verify("", [Buffer.from("x")]));
});

test("cursors cross between code points (Jupyter) and UTF-16 indices (JavaScript)", () => {
  const code = "(display \"😀\") (car";
  assert.equal(code.length, 19);
  assert.equal([...code].length, 18);
  assert.equal(utf16Index(code, 18), 19);
  assert.equal(utf16Index(code, 11), 12);
  assert.equal(codePointIndex(code, 19), 18);
  assert.equal(codePointIndex(code, 16), 15);
  assert.equal(utf16Index("abc", 10), 3);
});

test("history: tail, range of this session, glob search with unique and n, outputs when asked", () => {
  const h = new ExecutionHistory();
  h.add(1, "(+ 1 2)", "3");
  h.add(2, "(define x 1)", null);
  h.add(3, "(+ 1 2)", "3");
  h.add(4, "(+ 10 2)", "12");
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 2, output: false, raw: true }), [[1, 3, "(+ 1 2)"], [1, 4, "(+ 10 2)"]]);
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 1, output: true, raw: true }), [[1, 4, ["(+ 10 2)", "12"]]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 4, output: false, raw: true }), [[1, 2, "(define x 1)"], [1, 3, "(+ 1 2)"]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 0, start: 4, stop: 0, output: false, raw: true }), [[1, 4, "(+ 10 2)"]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 2, start: 1, stop: 9, output: false, raw: true }), []);
  assert.equal(h.query({ hist_access_type: "search", pattern: "(+ 1*", output: false, raw: true }).length, 3);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "(+ 1 *", unique: true, output: false, raw: true }), [[1, 3, "(+ 1 2)"]]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "(+ ?? 2)", n: 1, output: false, raw: true }), [[1, 4, "(+ 10 2)"]]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "(define [a-z]*", output: false, raw: true }), [[1, 2, "(define x 1)"]]);
  assert.throws(() => h.query({ hist_access_type: "all", output: false, raw: true } as never), /hist_access_type must be tail, range or search, not "all"/);
  assert.throws(() => h.query({ hist_access_type: "tail", output: false, raw: true } as never), /n must be a number, not undefined/);
});

test("stdin: a question goes to the front end that sent the execute, only if it allowed input; its reply answers it", async () => {
  const sent: { to: string; prompt: string; id: string }[] = [];
  let n = 0;
  const channel = new StdinChannel({
    make: (prompt, password, parent) =>
      ({ header: { msg_id: `q${++n}` }, parent_header: parent.header, content: { prompt, password } }) as unknown as JupyterMessage<"input_request">,
    send: (identities, message) => sent.push({ to: String(identities[0]), prompt: message.content.prompt, id: message.header.msg_id }),
  });
  const request = (allow: boolean) => ({ identities: [Buffer.from("front-end")], message: { header: { msg_id: "exec-1" }, content: { allow_stdin: allow } } }) as never;
  await assert.rejects(channel.askerFor(request(false))("name? ", false), (e: Error) => e instanceof NoInputError && /allow_stdin is false/.test(e.message));
  const answer = channel.askerFor(request(true))("name? ", false);
  assert.deepEqual(sent, [{ to: "front-end", prompt: "name? ", id: "q1" }]);
  channel.receive({ identities: [], message: { header: { msg_type: "input_reply" }, parent_header: { msg_id: "other" }, content: { value: "no" } } } as never);
  channel.receive({ identities: [], message: { header: { msg_type: "input_reply" }, parent_header: { msg_id: "q1" }, content: { value: "Ada" } } } as never);
  assert.equal(await answer, "Ada");
  const cancelled = channel.askerFor(request(true))("again? ", false);
  channel.cancel(new NoInputError("no input is available: the cell was interrupted"));
  await assert.rejects(cancelled, /the cell was interrupted/);
});
