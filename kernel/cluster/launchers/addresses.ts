// Where the host listens for its nodes, and the address it tells them to connect to. Listening on every interface
// is the default; the nodes are then told this machine's first outward-facing IPv4 address. A machine with several
// networks (a login node on both the campus and the cluster's fabric) needs `--listen ADDRESS:PORT` to say which.

import { hostname, networkInterfaces } from "node:os";
import type { ListenAddress } from "./placement.js";

const EVERY_INTERFACE = new Set(["0.0.0.0", "*"]);

export function bindEndpoint(listen: ListenAddress | undefined): string {
  const host = listen === undefined || EVERY_INTERFACE.has(listen.host) ? "0.0.0.0" : listen.host;
  return `tcp://${host}:${listen?.port ?? 0}`;
}

function ipv4Of(addresses: readonly { family: string | number; address: string; internal: boolean }[] | undefined, internal: boolean): string | undefined {
  return addresses?.find((a) => (a.family === "IPv4" || a.family === 4) && a.internal === internal)?.address;
}

/** The address nodes are told to connect to, for a socket listening on `listenHost`. */
export function advertisedHost(listenHost: string | undefined): string {
  const interfaces = networkInterfaces();
  if (listenHost === undefined || EVERY_INTERFACE.has(listenHost)) {
    for (const addresses of Object.values(interfaces)) {
      const address = ipv4Of(addresses, false);
      if (address !== undefined) return address;
    }
    return hostname();
  }
  // An interface name: its address.
  const named = interfaces[listenHost];
  return ipv4Of(named, false) ?? ipv4Of(named, true) ?? listenHost;
}
