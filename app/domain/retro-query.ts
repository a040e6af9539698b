import { z } from "zod";
import { parseWeekKey } from "./cycles";
import { SANE_DATE_RANGE } from "./date-range";
import { RETRO_MAX_WEEKS } from "./period-presets";

/** The retro's period in the query string (?weeks=&until=), shared by the retro page and its meeting mode. */

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export function retroQuerySchema(lastClosed: string) {
  return z.object({
    weeks: z.preprocess(
      blank,
      z.coerce
        .number({ error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .int({ error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .min(1, { error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .max(RETRO_MAX_WEEKS, { error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .default(2),
    ),
    until: z.preprocess(
      blank,
      z
        .string()
        .refine((k) => parseWeekKey(k) !== null, { error: "Choose a week like 2026-W47" })
        .refine((k) => (parseWeekKey(k)?.isoYear ?? 9999) >= Number(SANE_DATE_RANGE.earliest.slice(0, 4)), {
          error: `Choose a week from ${SANE_DATE_RANGE.earliest.slice(0, 4)}-W01 on`,
        })
        .refine((k) => k <= lastClosed, {
          error: "Choose a week that has ended: results appear only after a week closes",
        })
        .optional(),
    ),
  });
}
