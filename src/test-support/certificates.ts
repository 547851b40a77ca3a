import crypto from 'node:crypto';
import forge from 'node-forge';

/** A private CA and a server certificate it signed for 127.0.0.1 and localhost, all PEM. */
export interface TestCertificates {
  caCert: string;
  serverKey: string;
  serverCert: string;
}

/**
 * Made in-process at test time (node-forge signs; Node makes the keys), so a
 * TLS test needs no openssl on the machine and never skips.
 */
export function privateCaCertificates(): TestCertificates {
  const caKeys = keyPair();
  const caSubject = [{ name: 'commonName', value: 'Contract suite test CA' }];
  const ca = certificate(caKeys.publicKey, caSubject, caSubject, caKeys.privateKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const serverKeys = keyPair();
  const server = certificate(
    serverKeys.publicKey,
    [{ name: 'commonName', value: '127.0.0.1' }],
    caSubject,
    caKeys.privateKey,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  );
  return {
    caCert: forge.pki.certificateToPem(ca),
    serverKey: forge.pki.privateKeyToPem(serverKeys.privateKey),
    serverCert: forge.pki.certificateToPem(server),
  };
}

function keyPair(): forge.pki.rsa.KeyPair {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(
  publicKey: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  signingKey: forge.pki.rsa.PrivateKey,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${crypto.randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  cert.sign(signingKey, forge.md.sha256.create());
  return cert;
}
