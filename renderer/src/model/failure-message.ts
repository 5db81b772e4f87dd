// The alert shown when opening or saving a file failed. The hosts' messages already name the file and the action
// ("Cannot save seed.ipynb: the disk is full"): putting "Could not save seed.ipynb: " before them said it twice.
// Only a message that does not name the file (a lost connection) gets that context added.

export function fileFailureMessage(action: "open" | "save", target: string, message: string): string {
  const name = target.split(/[\\/]/).pop() || target;
  return message.includes(name) ? message : `Could not ${action} ${target}: ${message}`;
}
