// %help NAME: a magic's usage (also `%NAME?` and `NAME?`, handled by the cell runner); %magic: all of them.

import { MagicError, usage, type Magic } from "./magic.js";

export const helpMagic: Magic = {
  name: "help",
  summary: "Show a magic's usage: %help px (the same as px? or %%px?).",
  line: {
    args: { positionals: [{ name: "NAME" }], options: [] },
    async run(args, cell) {
      const name = args.positionals.get("NAME")!.replace(/^%+/, "").replace(/\?$/, "");
      const magic = cell.magics.get(name);
      if (!magic) throw new MagicError(`%help: there is no magic named ${name}. Run %lsmagic to see the magics there are.`);
      cell.print(usage(magic) + "\n");
    },
  },
};

export const magicMagic: Magic = {
  name: "magic",
  summary: "Show how magics work and the usage of every magic.",
  line: {
    args: { positionals: [], options: [] },
    async run(_args, cell) {
      const intro =
        "Magics are commands on a cell's first lines, handled by Parabook itself for every language:\n" +
        "  %name args    line magic: runs, then the rest of the cell runs as usual\n" +
        "  %%name args   cell magic: takes the whole cell\n" +
        "  %%%name args  sticky: the cell magic applies to this and every later cell until %%%name again\n";
      cell.print([intro, ...cell.magics.all().map(usage)].join("\n\n") + "\n");
    },
  },
};
