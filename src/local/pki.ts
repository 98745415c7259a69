// Per-cluster certificates: a CA that the kubeconfig carries and a serving certificate for the loopback address.
// Both are generated once per cluster and reused across restarts (the kubeconfig and every client that saved the CA
// keep working). Keys come from node's native RSA generator (node-forge's pure-JS one takes seconds on a slow CPU);
// node-forge only builds and signs the X.509 certificates, which node:crypto cannot do.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { pkiPaths, type ClusterPki } from './pki-paths.js';

const generateKeyPairAsync = promisify(generateKeyPair);


const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
// kubeadm issues serving certificates for one year; the same here, renewed from the kept CA when close to expiry.
const SERVING_VALIDITY_DAYS = 365;
const RENEW_BEFORE_DAYS = 30;

/** The subject alternative names clients may use to reach a local cluster. */
export const SERVING_IPS = ['127.0.0.1'];
export const SERVING_DNS_NAMES = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'];

/**
 * Returns the cluster's PKI under `clusterDir/pki`, creating what is missing: the CA only when absent, the serving
 * certificate when absent, not signed by the current CA, or within RENEW_BEFORE_DAYS of expiry.
 */
export async function ensureClusterPki(clusterDir: string, clusterName: string): Promise<ClusterPki> {
  const paths = pkiPaths(clusterDir);
  await mkdir(join(clusterDir, 'pki'), { recursive: true, mode: 0o700 });

  let caCert: forge.pki.Certificate;
  let caKey: forge.pki.PrivateKey;
  if (existsSync(paths.caFile) && existsSync(paths.caKeyFile)) {
    caCert = forge.pki.certificateFromPem(await readFile(paths.caFile, 'utf8'));
    caKey = forge.pki.privateKeyFromPem(await readFile(paths.caKeyFile, 'utf8'));
  } else {
    const keys = await newRsaKeyPair();
    caKey = keys.privateKey;
    caCert = buildCaCertificate(keys, clusterName);
    await writeFile(paths.caKeyFile, forge.pki.privateKeyToPem(caKey), { mode: 0o600 });
    await writeFile(paths.caFile, forge.pki.certificateToPem(caCert));
  }

  if (!(await servingCertificateUsable(paths.certFile, paths.keyFile, caCert))) {
    const keys = await newRsaKeyPair();
    const cert = buildServingCertificate(keys.publicKey, caCert, caKey, clusterName);
    await writeFile(paths.keyFile, forge.pki.privateKeyToPem(keys.privateKey), { mode: 0o600 });
    await writeFile(paths.certFile, forge.pki.certificateToPem(cert));
  }
  return { ...paths, caPem: forge.pki.certificateToPem(caCert) };
}

interface ForgeKeyPair {
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.PrivateKey;
}

async function newRsaKeyPair(): Promise<ForgeKeyPair> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) };
}

async function servingCertificateUsable(certFile: string, keyFile: string, ca: forge.pki.Certificate): Promise<boolean> {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const cert = forge.pki.certificateFromPem(await readFile(certFile, 'utf8'));
    if (cert.validity.notAfter.getTime() - Date.now() < RENEW_BEFORE_DAYS * DAY_MS) return false;
    return ca.verify(cert);
  } catch {
    return false;
  }
}

// X.509 serial numbers must be positive (RFC 5280 §4.1.2.2) and Go's TLS stack rejects negative ones, so the
// top bit of the first byte is cleared.
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  // Backdated a minute so a client whose clock is slightly behind still accepts a certificate made just now.
  const notBefore = new Date(Date.now() - 60_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + days * DAY_MS);
}

function buildCaCertificate(keys: ForgeKeyPair, clusterName: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  validity(cert, CA_VALIDITY_DAYS);
  const subject = [{ name: 'commonName', value: `kubefed-local-ca-${clusterName}` }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return cert;
}

function buildServingCertificate(
  publicKey: forge.pki.PublicKey,
  ca: forge.pki.Certificate,
  caKey: forge.pki.PrivateKey,
  clusterName: string,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  validity(cert, SERVING_VALIDITY_DAYS);
  cert.setSubject([{ name: 'commonName', value: `kube-apiserver-${clusterName}` }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      // Type 7 is an IP address and type 2 a DNS name (RFC 5280 GeneralName).
      altNames: [...SERVING_IPS.map((ip) => ({ type: 7, ip })), ...SERVING_DNS_NAMES.map((value) => ({ type: 2, value }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return cert;
}
