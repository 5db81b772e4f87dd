// Settings, "Kernel": a Jupyter Server's address and token chosen in the panel. The address is checked as it is
// typed; the address Jupyter prints (…/?token=…) gives its token to the token field; the token is saved in the
// config folder readable by its owner only, and never comes back to the page, which shows only that one is set.

import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { apiSocket, savedSetting, servedNotebook, sharedBrowser, waitForSavedSetting } from "./testing/harness.js";

const browser = sharedBrowser();

/** Waits (up to 10 s) until the settings file holds `token` (undefined: none). */
async function waitForSavedToken(served: { configDir: string }, token: string | undefined): Promise<void> {
  const saved = async () => (JSON.parse(await fs.readFile(path.join(served.configDir, "settings.json"), "utf8")) as { jupyterServerToken?: string }).jupyterServerToken;
  const deadline = Date.now() + 10_000;
  while ((await saved()) !== token && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await saved(), token, "the token saved in the config folder");
}

/** Every text frame the page's API WebSocket received, collected in the page. */
async function watchApiFrames(page: import("playwright-core").Page): Promise<() => Promise<string>> {
  const frames: string[] = [];
  page.on("websocket", (ws) => ws.on("framereceived", (frame) => frames.push(String(frame.payload))));
  return async () => frames.join("\n");
}

test("choose a Jupyter Server: a bad address is named and not saved; the printed address gives its token, which the page never sees again", { timeout: 120_000 }, async (t) => {
  const TOKEN = "f00dfeed0123456789abcdef";
  const { nb, served } = await servedNotebook(t, browser(), {});
  const frames = await watchApiFrames(nb.page);
  await nb.page.reload();
  await nb.button("Run all").waitFor({ timeout: 30_000 });
  await nb.button("Settings").click();

  const place = nb.page.getByLabel("Kernel runs on", { exact: true });
  assert.equal(await place.inputValue(), "this-computer", "this computer by default");
  await place.selectOption("jupyter-server");
  await waitForSavedSetting(served, "kernelPlace", "jupyter-server");
  await nb.page.getByText("Changes take effect when the kernel restarts (Kernel ▸ Restart).").waitFor({ timeout: 10_000 });

  const address = nb.page.getByLabel("Server address", { exact: true });
  await address.fill("login1:8888");
  await address.press("Tab");
  await nb.page.getByText("Server address: the address must start with http:// or https://, not login1:.").waitFor({ timeout: 10_000 });
  assert.equal(await savedSetting(served, "jupyterServerUrl"), "", "a refused address is not saved");

  await address.fill(`http://127.0.0.1:8888/?token=${TOKEN}`);
  await address.press("Tab");
  await waitForSavedSetting(served, "jupyterServerUrl", "http://127.0.0.1:8888/");
  const file = path.join(served.configDir, "settings.json");
  assert.equal(JSON.parse(await fs.readFile(file, "utf8")).jupyterServerToken, TOKEN, "the pasted address's token is saved as the token");
  assert.equal((await fs.stat(file)).mode & 0o777, 0o600, "the settings file holding it is readable by its owner only");
  assert.equal(await address.inputValue(), "http://127.0.0.1:8888/", "the address field keeps no token");

  const token = nb.page.getByLabel("Token", { exact: true });
  assert.equal(await token.getAttribute("type"), "password", "the token field is masked");
  assert.equal(await token.inputValue(), "", "a saved token is never shown");
  assert.equal(await token.getAttribute("placeholder"), "set (type to replace)");

  await token.fill("has a space");
  await token.press("Tab");
  await nb.page.getByText("Token: the token must be one word of printable ASCII characters, without spaces.").waitFor({ timeout: 10_000 });
  await token.fill("second-token-456");
  await token.press("Tab");
  await waitForSavedToken(served, "second-token-456");
  for (let i = 0; i < 100 && (await token.inputValue()) !== ""; i++) await nb.page.waitForTimeout(100);
  assert.equal(await token.inputValue(), "", "the field is emptied once the token is saved");

  await nb.page.reload();
  await nb.button("Run all").waitFor({ timeout: 30_000 });
  const received = await frames();
  assert.ok(received.includes('"jupyterServerTokenSet":true'), "the page learns that a token is set");
  assert.ok(!received.includes(TOKEN) && !received.includes("second-token-456"), "no frame the page received carries a token");
  assert.ok(!served.stderr().includes(TOKEN) && !served.stderr().includes("second-token-456"), "the server's log never shows a token");

  // Another client of the API learns no more than the page.
  const socket = apiSocket(served);
  const settings = await new Promise<string>((resolve, reject) => {
    socket.on("message", (data) => {
      const text = String(data);
      if (text.includes('"welcome"')) socket.send(JSON.stringify({ id: 1, method: "getSettings", args: [] }));
      else if (text.includes('"id":1')) resolve(text);
    });
    socket.on("error", reject);
  });
  socket.close();
  assert.match(settings, /"jupyterServerTokenSet":true/);
  assert.ok(!settings.includes("second-token-456"));

  await nb.button("Settings").click();
  await nb.button("Remove the token").click();
  await waitForSavedToken(served, undefined);
});
