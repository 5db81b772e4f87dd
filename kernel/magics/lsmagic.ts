// %lsmagic: the magics there are, by form.

import type { Magic } from "./magic.js";

export const lsmagicMagic: Magic = {
  name: "lsmagic",
  summary: "List the line and cell magics.",
  line: {
    args: { positionals: [], options: [] },
    async run(_args, cell) {
      const all = cell.magics.all();
      const lines = all.filter((m) => m.line).map((m) => `%${m.name}`);
      const cells = all.filter((m) => m.cell).map((m) => `%%${m.name}`);
      cell.print(
        `Available line magics:\n${lines.join("  ")}\n\n` +
          `Available cell magics:\n${cells.join("  ")}\n\n` +
          `Any cell magic can be made sticky with %%%NAME; %help NAME or NAME? shows a magic's usage.\n`,
      );
    },
  },
};
