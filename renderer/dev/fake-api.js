// Dev-only: a fake window.parabook injected by screenshot.mjs before the page loads (never bundled). It answers
// like a shell would, with canned events, so the UI can be looked at before the real shells exist.
(() => {
  const listeners = new Set();
  const emit = (e) => setTimeout(() => listeners.forEach((l) => l(e)), 0);
  let count = 0;
  let settings = {
    clusterSize: 4, defaultNodeKernel: "scheme", theme: globalThis.__FAKE_THEME__ ?? "light", kernelMemoryMb: "auto",
    nodeLauncher: "local", slurmPartition: "", slurmTimeLimit: "", slurmArgs: "", sshHosts: "", mpiHostfile: "", heartbeatSeconds: 5, nodeCommand: "",
  };
  let cluster = { kernel: null, nodes: [], defaultTargets: [] };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  window.parabook = {
    shell: "web",
    async openNotebook(path) { return { path: path ?? "seed.ipynb", notebook: globalThis.__FAKE_NOTEBOOK__ }; },
    async saveNotebook(nb, path) { globalThis.__SAVED__ = nb; return { path: path ?? "seed.ipynb" }; },
    async listDirectory() { return [{ name: "examples", path: "examples", kind: "directory" }, { name: "seed.ipynb", path: "seed.ipynb", kind: "notebook" }, { name: "notes.txt", path: "notes.txt", kind: "file" }]; },
    async recentFiles() { return ["seed.ipynb"]; },
    async initialNotebook() { return globalThis.__FAKE_NOTEBOOK__ ? { path: "seed-parallel-mandelbrot.ipynb", notebook: globalThis.__FAKE_NOTEBOOK__ } : null; },
    async writeBackup() {},
    async takeBackup() { return null; },
    async clearBackup() {},
    async setDirty() {},
    async execute(cellId, code) {
      count++;
      emit({ type: "kernel", state: "busy" });
      await sleep(50);
      if (code.includes("%%%px")) emit({ type: "sticky", magics: ["%%px -e"] });
      if (code.includes("lines")) {
        for (let b = 0; b < 100; b++) emit({ type: "stream", cellId, name: "stdout", text: Array.from({ length: 1000 }, (_, i) => `line ${b * 1000 + i}\n`).join("") });
      }
      if (code.includes("px")) {
        for (let n = 0; n < 4; n++) {
          emit({ type: "px-progress", cellId, done: n, total: 4, failed: 0 });
          emit({ type: "stream", cellId, name: "stdout", text: `rank ${n} says hi\n`, node: n });
          await sleep(30);
        }
      }
      if (code.includes("rich")) {
        const png = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC";
        emit({ type: "display", cellId, data: { "text/html": "<b style='color:tomato'>bold html</b><script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>", "text/plain": "html" } });
        emit({ type: "display", cellId, data: { "image/png": png, "text/plain": "a png" } });
        emit({ type: "display", cellId, data: { "image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg' width='60' height='20' onload='window.__pwned=3'><rect width='60' height='20' fill='teal'/></svg>" } });
        emit({ type: "display", cellId, data: { "text/latex": "\\int_0^1 x\\,dx" } });
      }
      if (code.includes("error")) {
        emit({ type: "error", cellId, ename: "SchemeError", evalue: "unbound variable error", traceback: ["\u001b[31mTraceback (most recent call last):\u001b[0m", "  File \"cell\", line 1, col 1", "unbound variable: error"] });
        await sleep(10);
        emit({ type: "kernel", state: "idle" });
        return { status: "error", executionCount: count };
      }
      emit({ type: "stream", cellId, name: "stdout", text: "\u001b[32mok\u001b[0m plain\n" });
      emit({ type: "timing", cellId, seconds: 0.123 });
      emit({ type: "result", cellId, executionCount: count, data: { "text/plain": `#4(${count} 1 4 9)` } });
      await sleep(10);
      emit({ type: "kernel", state: "idle" });
      return { status: "ok", executionCount: count };
    },
    async interrupt() {},
    async restart() { emit({ type: "kernel", state: "idle" }); },
    async complete(code, cursor) { return { matches: ["define", "define-syntax", "display"], start: cursor - 1, end: cursor }; },
    async removeStickyMagic() { emit({ type: "sticky", magics: [] }); },
    async getSettings() { return settings; },
    async setSettings(patch) { settings = { ...settings, ...patch }; emit({ type: "settings", settings }); return settings; },
    async clusterStatus() { return cluster; },
    async startCluster() {
      cluster = { kernel: "scheme", defaultTargets: [0, 1, 2, 3], nodes: Array.from({ length: settings.clusterSize }, (_, rank) => ({ rank, state: rank === 2 ? "busy" : "idle", host: rank < 2 ? "h1" : "h2", memoryBytes: 48e6 + rank * 1e6 })) };
      emit({ type: "cluster", status: cluster });
      return cluster;
    },
    async kernels() { return [{ name: "scheme", displayName: "Scheme" }]; },
    onEvent(l) { listeners.add(l); return () => listeners.delete(l); },
    onMenuCommand() { return () => {}; },
  };
})();
