// The public surface of KubeFed's APIs: types, names, defaults, validation and CRDs.
export * from './types.js';
export * from './constants.js';
export * from './naming.js';
export * from './defaults.js';
export * from './validation.js';
export * from './federated-crd.js';
export * from './crds/index.js';
