// Folding a running cell's events into nbformat outputs. kernel/notebook/outputs.ts (the session's own fold,
// which `parabook run` also uses) is the one source of truth; this seam exists so the renderer names it once.

export { foldCellEvent } from "../../../kernel/notebook/outputs.js";
