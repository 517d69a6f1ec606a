// Wiring only: picks the site adapter and starts the reply watcher (filled in by live detection).
export {};
