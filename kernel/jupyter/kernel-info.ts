// kernel_info_reply: who this kernel is, for front ends to pick an editor mode, a file extension, a banner.

import type { KernelInfoReply } from "../../contract/jupyter/messages.js";
import { PROTOCOL_VERSION } from "../../contract/jupyter/messages.js";
import { PARABOOK_VERSION } from "../cluster/remote/version.js";

export function kernelInfo(): KernelInfoReply {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "parabook",
    implementation_version: PARABOOK_VERSION,
    language_info: {
      name: "scheme",
      version: PARABOOK_VERSION,
      mimetype: "text/x-scheme",
      file_extension: ".scm",
      codemirror_mode: "scheme",
      pygments_lexer: "scheme",
    },
    banner:
      `Parabook Scheme ${PARABOOK_VERSION}: Scheme with a cluster.\n` +
      "%parallel -n N starts N nodes, %%px runs a cell on each of them, %pmap maps over them, %%time times a cell.\n" +
      "%lsmagic lists the magics, %help NAME explains one.",
    debugger: false,
    help_links: [
      { text: "Scheme (R7RS small)", url: "https://small.r7rs.org/" },
      { text: "Calysto Scheme", url: "https://github.com/Calysto/calysto_scheme" },
      { text: "Jupyter messaging", url: "https://jupyter-client.readthedocs.io/en/stable/messaging.html" },
    ],
  };
}
