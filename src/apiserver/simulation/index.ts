export { startSimulation, type SimulationDeps } from './simulation.js';
export { resolveSimulation, type SimulationOptions } from './simulation-options.js';
export { parseSimulationOptions } from './simulation-config.js';
