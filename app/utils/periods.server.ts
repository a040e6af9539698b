/**
 * The period query parser for loaders. Routes import it from here, not from
 * ~/domain/periods, because the classic compiler keeps any module a route imports
 * (and that module's zod schemas) in the browser bundle, even when only the loader
 * uses it.
 */
export { parsePeriodQuery, periodSearch } from "~/domain/periods";
