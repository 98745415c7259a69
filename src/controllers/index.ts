// The controller manager's public surface: the Manager that runs every controller against one host cluster, its
// configuration loading, and the pieces other programs (the demo, benchmarks) start on their own.
export { Manager, type ManagerOptions } from './manager/manager.js';
export { ConfigError, controllerSettings, loadKubeFedConfig, type ControllerSettings } from './config.js';
export { createLog, type Log } from './log.js';
export { Metrics } from './metrics.js';
export { EventRecorder, type EventSink } from './events.js';
