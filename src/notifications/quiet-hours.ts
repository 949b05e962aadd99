const WIB_OFFSET_MS = 7 * 3600_000;

export interface QuietHours {
  fromHour: number;
  untilHour: number;
}

/** "21-06": no announcements from 21.00 to 06.00 WIB; equal hours ("0-0") mean none. */
export function parseQuietHours(text: string): QuietHours {
  const [fromHour, untilHour] = text.split('-').map(Number);
  return { fromHour, untilHour };
}

/** The instant an announcement made at `now` may go out, or null when it may go now. */
export function quietHoursEnd(now: Date, quiet: QuietHours = { fromHour: 21, untilHour: 6 }): Date | null {
  if (quiet.fromHour === quiet.untilHour) return null;
  const wib = new Date(now.getTime() + WIB_OFFSET_MS);
  const hour = wib.getUTCHours();
  const inQuiet =
    quiet.fromHour > quiet.untilHour ? hour >= quiet.fromHour || hour < quiet.untilHour : hour >= quiet.fromHour && hour < quiet.untilHour;
  if (!inQuiet) return null;
  const nextDay = quiet.fromHour > quiet.untilHour && hour >= quiet.fromHour ? 1 : 0;
  const morning = Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate() + nextDay, quiet.untilHour);
  return new Date(morning - WIB_OFFSET_MS);
}
