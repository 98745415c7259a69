export * from './common/object.js';
