// Kubernetes' protobuf media type (k8s.io/apimachinery/pkg/runtime/serializer/protobuf). kubectl ≥ 1.32 sends it
// without parameters; other clients may add some, so only the media type itself is compared.
const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** True when a Content-Type header names Kubernetes' protobuf encoding (parameters and case ignored). */
export function isProtobufContentType(contentType: string): boolean {
  return contentType.split(';', 1)[0].trim().toLowerCase() === protobufMediaType;
}
