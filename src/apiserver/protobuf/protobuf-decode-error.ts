/** A protobuf request body this server cannot turn into an object; the message is meant for the kubectl user. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}
