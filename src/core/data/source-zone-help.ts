/** The source timezones an import takes, in words (help texts and errors; source-zone.ts parses them). */
export const SOURCE_ZONE_HELP =
  "UTC, a fixed offset like +02:00 or -05:00, an IANA zone like Europe/Berlin, or mt5-server";
