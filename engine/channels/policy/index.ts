export * from './decide-send.js';
export * from './cap-window.js';
export * from './send-policy.config.js';
export * from './send-reasons.js';
