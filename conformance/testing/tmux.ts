// A terminal for a test: a tmux server of the test's own (`tmux -L NAME`, its own socket, never the user's), one
// session running one command, keys typed with send-keys and the screen read with capture-pane. The pane stays
// after the command exits (remain-on-exit), so the test can read its last words and its exit status.

import { randomBytes } from "node:crypto";
import { commandLine, mustRun, runCommand, waitFor } from "../../multihost/testing/commands.js";

export interface TmuxOptions {
  /** The command's environment (and the tmux server's, which the pane inherits). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Where tmux puts its socket (TMUX_TMPDIR): a folder of the test's, removed with it. */
  readonly socketDir: string;
  readonly columns?: number;
  readonly rows?: number;
}

export interface PaneExit {
  readonly status: number;
}

export class TmuxTerminal {
  private constructor(
    readonly socketName: string,
    private readonly argv: readonly string[],
    private readonly options: TmuxOptions,
  ) {}

  private get env(): NodeJS.ProcessEnv {
    return { ...this.options.env, TMUX_TMPDIR: this.options.socketDir };
  }

  /** Starts `argv` in a detached session of a new tmux server. */
  static async start(argv: readonly string[], options: TmuxOptions): Promise<TmuxTerminal> {
    const terminal = new TmuxTerminal(`parabook-test-${randomBytes(6).toString("hex")}`, argv, options);
    // -f /dev/null: none of the machine's tmux configuration. The shell command is the argv quoted, run by exec so
    // that the pane's process is the command itself.
    await terminal.tmux(
      ["-f", "/dev/null", "new-session", "-d", "-s", "test", "-x", String(options.columns ?? 160), "-y", String(options.rows ?? 50), `exec ${commandLine(argv)}`],
      [";", "set-option", "-t", "test", "remain-on-exit", "on"],
    );
    return terminal;
  }

  private async tmux(...commands: (readonly string[])[]): Promise<string> {
    return mustRun(["tmux", "-L", this.socketName, ...commands.flat()], { env: this.env, cwd: this.options.cwd, timeoutMs: 10_000 });
  }

  /** Types `text` literally (no key names), then Enter when asked. */
  async type(text: string, { enter = true }: { enter?: boolean } = {}): Promise<void> {
    await this.tmux(["send-keys", "-t", "test", "-l", text]);
    if (enter) await this.keys("Enter");
  }

  /** Presses keys by tmux's names ("Enter", "C-d", "C-c"). */
  async keys(...names: string[]): Promise<void> {
    await this.tmux(["send-keys", "-t", "test", ...names]);
  }

  /** The whole screen and its scrollback, as text (lines joined where tmux wrapped them). */
  screen(): Promise<string> {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "test"]);
  }

  /** Waits (up to `timeoutMs`, reading every 100 ms) for the screen to match; resolves with the screen. */
  async waitForScreen(what: string, matches: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
    let last = "";
    return waitFor(
      `the terminal to show ${what}`,
      async () => {
        last = await this.screen();
        return matches(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 100 },
      () => `the screen was:\n${last}`,
    );
  }

  /** Waits for the command to exit; resolves with its exit status. */
  async waitForExit(timeoutMs = 30_000): Promise<PaneExit> {
    const status = await waitFor(
      `${commandLine(this.argv)} to exit`,
      async () => {
        const [dead, code] = (await this.tmux(["display-message", "-p", "-t", "test", "#{pane_dead} #{pane_dead_status}"])).trim().split(" ");
        return dead === "1" ? Number(code) : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
    return { status };
  }

  /** Ends this tmux server (and so the pane's command, if it still runs). Safe to call twice. */
  async stop(): Promise<void> {
    await runCommand(["tmux", "-L", this.socketName, "kill-server"], { env: this.env, timeoutMs: 10_000 });
  }
}
