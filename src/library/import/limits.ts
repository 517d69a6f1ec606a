/** 256 MB: larger files are refused before any reading starts (by the extension and the CLI). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
