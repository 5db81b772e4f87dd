// When whoever reads our stdout stops reading (`parabook run FILE.scm | head -1`), nothing printed from then on
// can reach anyone. Stop at once and quietly, as the standard Unix tools do when SIGPIPE ends them, instead of
// crashing with an unhandled EPIPE. The kernel processes follow: they exit when their IPC channel closes.

export function exitQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout): void {
  stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(0);
  });
}
