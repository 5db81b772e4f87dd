// The house rules for imports, checked by `npm run test:imports` (the first step of `npm test`). The README's
// Architecture section says the same in words: imports go one way, down the layers, and never in a circle.
//
//   shells:    electron/  kernel/cli/  kernel/web/  kernel/jupyter/   (start and serve everything below)
//   session:   kernel/session/   kernel/shell-api/           (one notebook's kernels; window.parabook served)
//   magics:    kernel/magics/
//   kernels:   kernel/cluster/                                (kernel processes and their protocol)
//   language:  kernel/language/  kernel/scheme/               (what a language is; the Scheme)
//   contract:  contract/                                      (imported by everyone, imports no one)
//   beside:    kernel/notebook/ files/ settings/ platform/    (used by the layers above, import none of them)
//
// A broken rule fails the test with the rule's name, the importing file and the imported file.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import circle makes every module in it load, change and be tested together: none anywhere.",
      from: {},
      to: { circular: true },
    },
    {
      name: "scheme-runtime-core-at-the-bottom",
      severity: "error",
      comment:
        "kernel/scheme/runtime/ is what compiled code needs to run (trampoline, calls, continuations, interrupt, " +
        "registry, globals): the library of procedures, the compiler and the expander build on it, never the reverse.",
      from: { path: "^kernel/scheme/runtime/", pathNot: "\\.test\\.ts$" },
      to: { path: "^kernel/scheme/(library|compiler|expander|reader|testing)/|^kernel/scheme/(engine|pipeline)\\.ts$" },
    },
    {
      name: "scheme-library-below-the-compiler",
      severity: "error",
      comment: "The library of procedures is what programs call; the compiler and the expander lower forms onto it.",
      from: { path: "^kernel/scheme/(library|numbers)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^kernel/scheme/(compiler|expander|testing)/|^kernel/scheme/(engine|pipeline)\\.ts$" },
    },
    {
      name: "scheme-numbers-stand-alone",
      severity: "error",
      comment: "The numeric tower is plain arithmetic: the library's number procedures wrap it, it knows neither.",
      from: { path: "^kernel/scheme/numbers/" },
      to: { path: "^kernel/scheme/(runtime|library)/" },
    },
    {
      name: "language-knows-no-kernel-process",
      severity: "error",
      comment: "A language is evaluated by kernel processes; it never reaches up into them, the session or the magics.",
      from: { path: "^kernel/(scheme|language)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^kernel/(cluster|session|magics|shell-api|web|cli|jupyter)/" },
    },
    {
      name: "cluster-below-session-and-magics",
      severity: "error",
      comment:
        "kernel/cluster/ is kernel processes only: the session layer and the magics sit above it, and it loads a " +
        "language by the URL in kernel/language/languages.ts, never by importing one.",
      from: { path: "^kernel/cluster/" },
      to: { path: "^kernel/(session|magics|scheme|shell-api|web|cli|jupyter|settings)/" },
    },
    {
      name: "magics-below-session",
      severity: "error",
      comment: "The Session runs the magics and lends each a RunningCell; the magics never reach back up.",
      from: { path: "^kernel/magics/" },
      to: { path: "^kernel/(session|shell-api|web|cli|jupyter|scheme)/" },
    },
    {
      name: "session-below-shells",
      severity: "error",
      comment: "The session layer is driven by the shells (Electron, serve, run) and knows none of them.",
      from: { path: "^kernel/(session|shell-api)/" },
      to: { path: "^kernel/(web|cli|jupyter)/" },
    },
    {
      name: "language-seam-at-the-bottom",
      severity: "error",
      comment: "kernel/language/ says what a language is and which there are; everything above imports it, it imports none of them.",
      from: { path: "^kernel/language/" },
      to: { path: "^kernel/(cluster|session|magics|scheme|shell-api|web|cli|jupyter|settings)/" },
    },
    {
      name: "file-and-settings-helpers-stay-low",
      severity: "error",
      comment: "kernel/notebook/, files/, settings/ and platform/ serve the layers above them and import none of those.",
      from: { path: "^kernel/(notebook|files|settings|platform)/" },
      to: { path: "^kernel/(cli|web|jupyter|shell-api|session|magics|cluster|scheme)/" },
    },
    {
      name: "contract-imports-nothing",
      severity: "error",
      comment:
        "contract/ is the shared vocabulary of the page, the kernel side and Electron: pure TypeScript that imports " +
        "only itself (no node: built-ins, no packages; its tsconfig has neither Node's types nor the DOM).",
      from: { path: "^contract/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: "^contract/" },
    },
    {
      name: "contract-tests-test-the-contract",
      severity: "error",
      comment: "The contract's tests run under Node and may use the shared test helpers, but no other part of Parabook.",
      from: { path: "^contract/.+\\.test\\.ts$" },
      to: { path: "^(kernel|renderer|electron|e2e|faults|conformance|bench)/", pathNot: "^kernel/testing/" },
    },
    {
      name: "renderer-is-private",
      severity: "error",
      comment: "Nothing outside renderer/ imports the page: what others share with it lives in contract/.",
      from: { pathNot: "^renderer/" },
      to: { path: "^renderer/" },
    },
    {
      name: "electron-is-private",
      severity: "error",
      comment: "electron/ is the desktop shell at the top: nothing else imports it.",
      from: { pathNot: "^electron/" },
      to: { path: "^electron/" },
    },
    {
      name: "kernel-without-electron",
      severity: "error",
      comment: "Everything in kernel/ runs under plain Node (parabook serve, parabook run, the tests): no electron package.",
      from: { path: "^kernel/" },
      to: { path: "(^|/)node_modules/electron/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|release)/" },
    // Type-only imports count: a circle or a wrong-way import through types is one all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Svelte components (renderer/) import like any module.
    enhancedResolveOptions: { extensions: [".ts", ".cts", ".js", ".cjs", ".mjs", ".svelte", ".json"] },
  },
};
