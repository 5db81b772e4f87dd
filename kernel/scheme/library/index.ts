// The procedure library: importing this module registers every library primitive (the engine imports it once).
// The higher-order procedures that call user code are Scheme source in prelude.ts, compiled by the engine.

import "./equivalence.js";
import "./booleans.js";
import "./lists.js";
import "./symbols.js";
import "./chars.js";
import "./strings.js";
import "./vectors.js";
import "./bytevectors.js";
import "./ports.js";
import "./calysto.js";
import "./output.js";
import "./format.js";
import "./numbers.js";
import "./internal.js";
import "./boxes.js";
import "./control.js";
import "./multiple-values.js";
import "./exceptions.js";
import "./parameters.js";
import "./promises.js";
import "./eval.js";
