// The connection file Jupyter's launcher writes for a kernel (jupyter_client.connect.write_connection_file): where
// to bind the five sockets and the key that signs every message. Read once at start; anything missing or wrong is
// reported naming the file and the field, before any socket is opened.

import { readRegularFile } from "../files/regular-file.js";
import { fsErrorReason } from "../files/atomic-file.js";

export interface ConnectionInfo {
  readonly transport: "tcp" | "ipc";
  readonly ip: string;
  readonly shellPort: number;
  readonly controlPort: number;
  readonly stdinPort: number;
  readonly iopubPort: number;
  readonly hbPort: number;
  /** The HMAC key; "" means messages are not signed (Jupyter's own rule, for trusted set-ups only). */
  readonly key: string;
  readonly signatureScheme: "hmac-sha256";
}

export type SocketName = "shell" | "control" | "stdin" | "iopub" | "hb";

export class ConnectionFileError extends Error {
  override readonly name = "ConnectionFileError";
}

const PORT_FIELDS: Record<SocketName, string> = {
  shell: "shell_port",
  control: "control_port",
  stdin: "stdin_port",
  iopub: "iopub_port",
  hb: "hb_port",
};

/** Parse a connection file's text; `file` names it in errors. */
export function parseConnectionFile(text: string, file: string): ConnectionInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConnectionFileError(`${file} is not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ConnectionFileError(`${file} is not a JSON object`);
  const fields = json as Record<string, unknown>;
  const bad = (field: string, want: string): never => {
    const got = fields[field] === undefined ? "it is missing" : `got ${JSON.stringify(fields[field])}`;
    throw new ConnectionFileError(`${file}: "${field}" must be ${want} (${got})`);
  };
  const transport = fields.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") bad("transport", '"tcp" or "ipc"');
  const ip = fields.ip ?? "127.0.0.1";
  if (typeof ip !== "string" || ip === "") bad("ip", "an address such as \"127.0.0.1\"");
  const port = (name: SocketName): number => {
    const field = PORT_FIELDS[name];
    const value = fields[field];
    // ipc "ports" are suffixes of the socket file's name; tcp ports 0 would bind anywhere, which nobody could find.
    if (!Number.isInteger(value) || (value as number) < (transport === "ipc" ? 0 : 1) || (value as number) > 65535) {
      bad(field, "a port number from 1 to 65535");
    }
    return value as number;
  };
  const key = fields.key ?? "";
  if (typeof key !== "string") bad("key", "a string");
  const scheme = fields.signature_scheme ?? "hmac-sha256";
  if (scheme !== "hmac-sha256") bad("signature_scheme", '"hmac-sha256" (the only scheme Parabook signs with)');
  return {
    transport: transport as "tcp" | "ipc",
    ip: ip as string,
    shellPort: port("shell"),
    controlPort: port("control"),
    stdinPort: port("stdin"),
    iopubPort: port("iopub"),
    hbPort: port("hb"),
    key: key as string,
    signatureScheme: "hmac-sha256",
  };
}

export async function readConnectionFile(file: string): Promise<ConnectionInfo> {
  let text: string;
  try {
    text = (await readRegularFile(file)).toString("utf8");
  } catch (err) {
    throw new ConnectionFileError(`Cannot read the connection file ${file}: ${fsErrorReason(err as NodeJS.ErrnoException)}`);
  }
  return parseConnectionFile(text, file);
}

/** The ZeroMQ endpoint of one socket: tcp://IP:PORT, or ipc://IP-PORT as jupyter_client names ipc sockets. */
export function endpoint(info: ConnectionInfo, socket: SocketName): string {
  const port = { shell: info.shellPort, control: info.controlPort, stdin: info.stdinPort, iopub: info.iopubPort, hb: info.hbPort }[socket];
  return info.transport === "tcp" ? `tcp://${info.ip.includes(":") ? `[${info.ip}]` : info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
