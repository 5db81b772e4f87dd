import { test } from "node:test";
import assert from "node:assert/strict";
import { checkJupyterToken, isKernelspecName, isLoopbackAddress, KernelPlaceTextError, readJupyterServerAddress } from "./kernel-place.js";

test("a Jupyter Server address keeps its base path and always ends in a slash", () => {
  assert.deepEqual(readJupyterServerAddress("http://127.0.0.1:8888"), { url: "http://127.0.0.1:8888/" });
  assert.deepEqual(readJupyterServerAddress("  HTTPS://Login1.Cluster.org/user/alice  "), { url: "https://login1.cluster.org/user/alice/" });
  assert.deepEqual(readJupyterServerAddress("http://[::1]:08888/lab/"), { url: "http://[::1]:8888/lab/" });
});

test("the address Jupyter prints (…/?token=…) gives its token apart, as the token setting wants it", () => {
  assert.deepEqual(readJupyterServerAddress("http://127.0.0.1:8888/?token=0123abcd"), { url: "http://127.0.0.1:8888/", token: "0123abcd" });
  assert.deepEqual(readJupyterServerAddress("http://h:1/lab?token=a%2Bb"), { url: "http://h:1/lab/", token: "a+b" });
  assert.deepEqual(readJupyterServerAddress("http://h:1/?"), { url: "http://h:1/" });
});

test("a bad address is refused saying why, and never repeats a token it carries", () => {
  const refused: [string, RegExp][] = [
    ["login1:8888", /must start with http:\/\/ or https:\/\/, not login1:/],
    ["127.0.0.1:8888", /must start with http:\/\/ or https:\/\//],
    ["ftp://h/", /not ftp:/],
    ["ws://h/", /not ws:/],
    ["http://alice:secret-pass@h:8888/", /must not hold a user name or password/],
    ["http://h:70000/", /port must be 1–65535, not 70000/],
    ["http://h:0/", /port must be 1–65535, not 0/],
    ["http://h/#top", /#fragment/],
    ["http://h/?token=secret-one&x=1", /no query other than|must not carry a query other than \?token=/],
    ["http://h/?token=secret-one&token=secret-two", /more than one token/],
    ["http://h/?token=secret%20one", /one word of printable ASCII/],
    ["http://h j/", /not an address of the form/],
    ["http://", /not an address of the form|names no host/],
  ];
  for (const [text, message] of refused) {
    assert.throws(
      () => readJupyterServerAddress(text),
      (err: unknown) => err instanceof KernelPlaceTextError && message.test(err.message) && !/secret/.test(err.message),
      text,
    );
  }
});

test("a token is one word of printable ASCII, and its message never repeats it", () => {
  checkJupyterToken("a9f3-_.~+/=");
  for (const bad of ["two words", "tab\there", "é-accent", "x".repeat(4097)]) {
    assert.throws(() => checkJupyterToken(bad), (err: unknown) => err instanceof KernelPlaceTextError && !err.message.includes(bad.slice(0, 8)), bad.slice(0, 20));
  }
});

test("kernelspec names and loopback addresses", () => {
  assert.ok(isKernelspecName("calysto_scheme") && isKernelspecName("parabook-1.0"));
  assert.ok(!isKernelspecName("a b") && !isKernelspecName("") && !isKernelspecName("../x"));
  assert.ok(isLoopbackAddress("http://127.0.0.1:8888/") && isLoopbackAddress("http://localhost/") && isLoopbackAddress("http://[::1]:1/"));
  assert.ok(!isLoopbackAddress("http://login1:8888/") && !isLoopbackAddress("http://127.example.org/"));
});
