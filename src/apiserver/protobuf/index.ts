export { isProtobufContentType } from './content-type.js';
export { decodeProtobufObject } from './decode.js';
export { ProtobufDecodeError } from './protobuf-decode-error.js';
