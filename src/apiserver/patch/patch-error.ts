// A patch the server cannot apply. `code` is the HTTP status kube-apiserver answers with: 400 BadRequest for a body
// that is not a patch of the declared type, 422 Invalid for a well-formed patch that does not apply to the object
// (k8s.io/apiserver/pkg/endpoints/handlers/patch.go and its interpretStrategicMergePatchError).

export class PatchError extends Error {
  override readonly name = 'PatchError';

  constructor(readonly code: 400 | 422, message: string) {
    super(message);
  }

  /** The metav1.Status reason for `code`. */
  get reason(): 'BadRequest' | 'Invalid' {
    return this.code === 400 ? 'BadRequest' : 'Invalid';
  }
}
