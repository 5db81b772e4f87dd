// Every magic Parabook has.

import { helpMagic, magicMagic } from "./help.js";
import { lsmagicMagic } from "./lsmagic.js";
import { MagicRegistry } from "./magic.js";
import { parallelMagic } from "./parallel.js";
import { pmapMagic } from "./pmap.js";
import { pxMagic } from "./px.js";
import { timeMagic } from "./time.js";

export function builtinMagics(): MagicRegistry {
  return new MagicRegistry([parallelMagic, pxMagic, timeMagic, pmapMagic, lsmagicMagic, helpMagic, magicMagic]);
}
