export function ensureRedisServer(): void;

export function waitFor(
  check: () => boolean | Promise<boolean>,
  ms: number,
  message: string,
): Promise<void>;

export function startNode(dir: string, port: number): void;

export function startCluster(options: {
  dir: string;
  port?: number;
  maxmemory?: string;
  replicas?: number;
}): Promise<{ url: string; ports: number[] }>;

export function killNode(dir: string, port: number): number | undefined;

export function stopCluster(dir: string): Promise<void>;
