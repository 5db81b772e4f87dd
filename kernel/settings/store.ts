// Settings kept in a JSON file: read once at start (a missing file means defaults; a bad one means defaults plus a
// warning, and the file is left for the user to fix), written atomically on every change.

import type { Settings } from "../../contract/api.js";
import { readJsonFile, writeJsonFile } from "../files/json-file.js";
import { settingsFromJson, validateSettingsPatch } from "./settings.js";

export class SettingsStore {
  private constructor(
    readonly file: string,
    private settings: Settings,
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
    const { settings, problems } = settingsFromJson(json);
    if (problems.length > 0) warn(`Settings file ${file}: ${problems.join("; ")}`);
    return new SettingsStore(file, settings);
  }

  current(): Settings {
    return { ...this.settings };
  }

  /** Validate `patch` (throws SettingsError naming the bad field), then save. Nothing changes if saving fails. */
  async update(patch: unknown): Promise<Settings> {
    const next = { ...this.settings, ...validateSettingsPatch(patch) };
    await writeJsonFile(this.file, next);
    this.settings = next;
    return this.current();
  }
}
