// Wiring only: later issues register the message handlers here.
export {};
