// Where nodes run, as text a user types: in %parallel's options, `parabook run`'s flags and the Settings panel. Read
// here once, the same way by the page (which checks a field as it is typed), the settings file and the magics.
// Pure: no Node, no DOM.

/** How nodes are started when %parallel is not told otherwise (Settings' "Where nodes run"). */
export type NodeLauncher = "local" | "slurm" | "mpi" | "ssh";

export const NODE_LAUNCHERS: readonly NodeLauncher[] = ["local", "slurm", "mpi", "ssh"];

/** How long a remote node (or, seen from a node, the host) may stay silent before it counts as gone, in seconds. */
export const HEARTBEAT_SECONDS_DEFAULT = 5;
export const HEARTBEAT_SECONDS_MIN = 1;
export const HEARTBEAT_SECONDS_MAX = 600;

/** Text that cannot be read as what it should be; the message says which and why. */
export class PlacementTextError extends Error {
  override readonly name = "PlacementTextError";
}

/** A host of `--hosts h1:4,h2:4` and how many nodes it takes (undefined: a share of them). */
export interface HostSlots {
  readonly host: string;
  readonly slots?: number;
}

/** "h1:4,h2:4" or "h1,h2": every host with a count, or none. */
export function parseHosts(text: string): HostSlots[] {
  const hosts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part): HostSlots => {
      const m = /^([A-Za-z0-9_.@-]+)(?::(\d+))?$/.exec(part);
      if (!m) throw new PlacementTextError(`'${part}' is not HOST or HOST:COUNT`);
      if (m[2] === undefined) return { host: m[1]! };
      const slots = Number(m[2]);
      if (slots < 1) throw new PlacementTextError(`${m[1]} must take at least one node, not ${slots}`);
      return { host: m[1]!, slots };
    });
  if (hosts.length === 0) throw new PlacementTextError("no host given; write HOST:COUNT,… (h1:4,h2:4)");
  const counted = hosts.filter((h) => h.slots !== undefined).length;
  if (counted !== 0 && counted !== hosts.length) throw new PlacementTextError("give a count for every host (h1:4,h2:4) or for none (h1,h2)");
  return hosts;
}

/**
 * Split arguments ("-p short -t 00:30:00", `--constraint="a b"`) into words as a POSIX shell would (quotes and
 * backslashes), without running one: nothing in them is expanded or executed.
 */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) throw new PlacementTextError(`unclosed ${ch} in: ${text}`);
      word = (word ?? "") + (ch === '"' ? text.slice(i + 1, close).replace(/\\(["\\$`])/g, "$1") : text.slice(i + 1, close));
      i = close;
    } else if (ch === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i];
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Slurm's time limit formats (srun -t): "30", "30:00", "1:00:00", "1-0", "1-0:30", "1-0:30:00", "UNLIMITED". */
export function isSlurmTimeLimit(text: string): boolean {
  return /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|unlimited|infinite)$/i.test(text);
}

/** A Slurm partition name (srun -p), or several separated by commas. */
export function isSlurmPartition(text: string): boolean {
  return /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/.test(text);
}
