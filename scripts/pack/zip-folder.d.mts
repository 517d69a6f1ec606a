export function listFiles(dir: string): string[];

export function zipFolder(dir: string, files?: readonly string[]): Uint8Array;

export function zipExtension(dir: string, version: string): Uint8Array;
