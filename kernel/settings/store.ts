// Settings kept in a JSON file: read once at start (a missing file means defaults; a bad one means defaults plus a
// warning, and the file is left for the user to fix), written atomically on every change.
//
// The file also keeps the Jupyter Server's token, so it is written readable by its owner alone; the token leaves
// this store only through jupyterServerToken(), for the requests to that server, never with the settings.

import type { Settings } from "../../contract/api.js";
import { readJsonFile, writeJsonFile } from "../files/json-file.js";
import { settingsFile, settingsFromJson, settingsOf, validateSettingsPatch, type SettingsFile } from "./settings.js";

/** Only the user may read the settings file: it may hold a token. */
const SETTINGS_FILE_MODE = 0o600;

export class SettingsStore {
  private constructor(
    readonly file: string,
    private settings: Settings,
    private token: string,
  ) {}

  /** `warn` hears, once, why some or all of the file was not used. */
  static async load(file: string, warn: (message: string) => void): Promise<SettingsStore> {
    let json: unknown;
    try {
      json = (await readJsonFile(file)) ?? {};
    } catch (err) {
      warn(`${(err as Error).message}; using the default settings`);
      json = {};
    }
    const { settings, token, problems } = settingsFromJson(json);
    if (problems.length > 0) warn(`Settings file ${file}: ${problems.join("; ")}`);
    return new SettingsStore(file, settings, token);
  }

  current(): Settings {
    return { ...this.settings };
  }

  /** The Jupyter Server's token ("" when none is saved): for the kernel side's requests to that server only. */
  jupyterServerToken(): string {
    return this.token;
  }

  /** Validate `patch` (throws SettingsError naming the bad field), then save. Nothing changes if saving fails. */
  async update(patch: unknown): Promise<Settings> {
    const next: SettingsFile = { ...settingsFile(this.settings, this.token), ...validateSettingsPatch(patch) };
    const { jupyterServerToken, ...rest } = next;
    // The file names the token only when there is one.
    await writeJsonFile(this.file, jupyterServerToken === "" ? rest : next, { mode: SETTINGS_FILE_MODE });
    this.settings = settingsOf(next);
    this.token = jupyterServerToken;
    return this.current();
  }
}
